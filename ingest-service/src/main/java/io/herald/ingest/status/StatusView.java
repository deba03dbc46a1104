package io.herald.ingest.status;

import io.herald.ingest.kafka.StreamsApp;
import io.herald.ingest.kafka.StreamsShutdown;
import io.herald.kafka.LocalStateGuard;
import io.herald.schema.BatchIntake;
import io.herald.schema.DeliveryStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link StatusTopology} as a Kafka Streams application in the ingest service and answers lookups in its
 * stores (interactive queries). Every instance runs it with the same {@code application.id}; each holds the stores of
 * the partitions assigned to it, and advertises where it answers with {@code application.server}, so that a lookup of
 * a key another instance holds can be forwarded there ({@link Lookup.Elsewhere}).
 *
 * <p>It starts once the HTTP server is listening ({@link #start(String, Map)}), since {@code application.server} needs
 * the bound port. While it runs, its Kafka Streams metrics ({@code kafka_stream_*}, with those of its clients) are
 * bound to a Micrometer registry ({@link KafkaStreamsMetrics}). {@link StreamsShutdown} closes it, in parallel with the
 * bulk loader and within {@code streams.closeTimeout}; while it closes, lookups answer {@link Lookup.Unavailable}.
 */
public final class StatusView implements StreamsApp {

    private static final Logger LOG = LoggerFactory.getLogger(StatusView.class);

    private final Serde<DeliveryStatus> statusSerde;
    private final Serde<BatchIntake> intakeSerde;
    private final Supplier<Optional<String>> clusterId;
    private final MeterRegistry registry;
    private volatile KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;
    private volatile HostInfo self;

    /**
     * The result of a lookup.
     *
     * @param <T> the store's value type
     */
    public sealed interface Lookup<T> {
        /** @param value what this instance's store holds for the key */
        record Found<T>(T value) implements Lookup<T> {
        }

        /** This instance owns the key and its store has nothing for it. */
        record Missing<T>() implements Lookup<T> {
        }

        /** @param host the instance ({@code application.server}) that owns the key */
        record Elsewhere<T>(HostInfo host) implements Lookup<T> {
        }

        /** @param reason why no answer can be given now (starting, rebalancing, stopped) */
        record Unavailable<T>(String reason) implements Lookup<T> {
        }
    }

    /**
     * @param statusSerde the {@code notify.status} value serde
     * @param intakeSerde the {@code notify.batches} value serde
     * @param clusterId reads the Kafka cluster id, for {@link LocalStateGuard}
     * @param registry where the application's Kafka Streams metrics go while it runs
     */
    public StatusView(Serde<DeliveryStatus> statusSerde, Serde<BatchIntake> intakeSerde,
                      Supplier<Optional<String>> clusterId, MeterRegistry registry) {
        this.statusSerde = statusSerde;
        this.intakeSerde = intakeSerde;
        this.clusterId = clusterId;
        this.registry = registry;
    }

    /**
     * Starts the Streams application.
     *
     * @param applicationServer {@code host:port} where this instance's HTTP API is reached by the others
     * @param config the Streams configuration without {@code application.server}, e.g.
     *     {@code StreamsFactory.streamsConfig}
     * @throws java.io.UncheckedIOException if the state directory cannot be checked or cleared
     */
    public synchronized void start(String applicationServer, Map<String, Object> config) {
        Properties props = new Properties();
        props.putAll(config);
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        Path stateDir = Path.of(props.getProperty(StreamsConfig.STATE_DIR_CONFIG));
        LocalStateGuard.bind(stateDir, clusterId.get());
        if (StreamsConfig.EXACTLY_ONCE_V2.equals(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))) {
            LocalStateGuard.dropTasksWithoutCheckpoint(stateDir,
                    props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG));
        }
        self = HostInfo.buildFromEndpoint(applicationServer);
        KafkaStreams app = new KafkaStreams(StatusTopology.build(statusSerde, intakeSerde), props);
        app.setUncaughtExceptionHandler(e -> {
            LOG.error("Status view thread failed; replacing it", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streamsMetrics = new KafkaStreamsMetrics(app);
        streamsMetrics.bindTo(registry);
        app.start();
        streams = app;
        LOG.info("Status view started as {} (state in {})", applicationServer, stateDir);
    }

    @Override
    public String name() {
        return "status view";
    }

    /** Begins to close (commit, leave the group) without waiting; unbinds its metrics. Nothing before start. */
    @Override
    public synchronized void beginClose() {
        KafkaStreams app = streams;
        if (app == null) {
            return;
        }
        if (streamsMetrics != null) {
            streamsMetrics.close();
            streamsMetrics = null;
        }
        StreamsApp.closeLeavingGroup(app, Duration.ZERO);
    }

    @Override
    public boolean awaitClose(Duration timeout) {
        KafkaStreams app = streams;
        if (app == null) {
            return true;
        }
        beginClose();
        return StreamsApp.closeLeavingGroup(app, timeout);
    }


    /** @return the Streams state, e.g. {@code RUNNING}, {@code REBALANCING}; {@code NOT_STARTED} before start */
    public String state() {
        KafkaStreams app = streams;
        return app == null ? "NOT_STARTED" : app.state().name();
    }

    /** @return this instance's {@code application.server}, {@code host:port}, or null before start */
    public String self() {
        HostInfo host = self;
        return host == null ? null : host.host() + ":" + host.port();
    }

    /**
     * @param batchId a batch id
     * @return the batch's counters, or where to ask
     */
    public Lookup<BatchCounters> batch(String batchId) {
        return lookup(StatusTopology.BATCHES_STORE, batchId);
    }

    /**
     * @param batchId a batch id
     * @return the batch's client, rejected count and listed rejections, or where to ask; {@link Lookup.Missing} for a
     *     batch whose intake was not read (unknown, or taken before this store existed)
     */
    public Lookup<StoredRejections> rejections(String batchId) {
        return lookup(StatusTopology.BATCH_REJECTIONS_STORE, batchId);
    }

    /**
     * @param messageId a message id
     * @return the message's state and history, or where to ask
     */
    public Lookup<MessageStatusView> message(String messageId) {
        return lookup(StatusTopology.MESSAGES_STORE, messageId);
    }

    /**
     * A page of a client's batches, newest first.
     *
     * @param batches at most the asked number
     * @param more whether older batches follow the last one
     */
    public record Page(List<ClientBatch> batches, boolean more) {
    }

    /**
     * @param clientId the client
     * @param before a batch id of the client: the page starts with the batch created just before it; null for the
     *     newest
     * @param limit the most batches to answer, 1 or more
     * @return the page; {@link Lookup.Missing} when {@code before} is not a batch of the client; or where to ask
     */
    public Lookup<Page> clientBatches(String clientId, String before, int limit) {
        return query(StatusTopology.CLIENT_BATCHES_STORE, clientId, (ReadOnlyKeyValueStore<String, ClientBatch> s) -> {
            String from = ClientBatchKeys.first(clientId);
            if (before != null) {
                ClientBatch cursor = s.get(ClientBatchKeys.byId(clientId, before));
                if (cursor == null) {
                    return new Lookup.Missing<>();
                }
                from = ClientBatchKeys.after(ClientBatchKeys.ordered(clientId, cursor.createdAt(), before));
            }
            List<ClientBatch> batches = new ArrayList<>();
            boolean more = false;
            try (KeyValueIterator<String, ClientBatch> entries = s.range(from, ClientBatchKeys.last(clientId))) {
                while (entries.hasNext()) {
                    ClientBatch batch = entries.next().value;
                    if (batches.size() == limit) {
                        more = true;
                        break;
                    }
                    batches.add(batch);
                }
            }
            return new Lookup.Found<>(new Page(batches, more));
        });
    }

    /**
     * Reads every message of a batch with a status, in message id order, from this instance's store. Call it when
     * {@link #batch} found the batch here: the batch's messages are kept in the same partition.
     *
     * @param batchId the batch
     * @param action called with each message id and its latest state
     * @return {@link Lookup.Found} with the number of messages read, or where to ask
     * @throws InvalidStateStoreException if the store closes while it is read (a rebalance)
     */
    public Lookup<Long> forEachMessage(String batchId, BiConsumer<String, MessageState> action) {
        return query(StatusTopology.BATCH_MESSAGES_STORE, batchId, (ReadOnlyKeyValueStore<String, MessageState> s) -> {
            String prefix = MessageState.prefix(batchId);
            long count = 0;
            try (KeyValueIterator<String, MessageState> entries = s.prefixScan(prefix,
                    Serdes.String().serializer())) {
                while (entries.hasNext()) {
                    KeyValue<String, MessageState> entry = entries.next();
                    action.accept(entry.key.substring(prefix.length()), entry.value);
                    count++;
                }
            }
            return new Lookup.Found<>(count);
        });
    }

    private <T> Lookup<T> lookup(String storeName, String key) {
        return query(storeName, key, (ReadOnlyKeyValueStore<String, T> store) -> {
            T value = store.get(key);
            return value == null ? new Lookup.Missing<>() : new Lookup.Found<>(value);
        });
    }

    /**
     * Runs a query on the store's partition that holds {@code key}, if this instance holds it.
     *
     * @param storeName the store
     * @param key the key that selects the partition (the store's own key, or the prefix its keys are partitioned by)
     * @param query what to read
     */
    private <V, R> Lookup<R> query(String storeName, String key,
                                   Function<ReadOnlyKeyValueStore<String, V>, Lookup<R>> query) {
        KafkaStreams app = streams;
        if (app == null) {
            return new Lookup.Unavailable<>("the status view has not started");
        }
        if (!app.state().isRunningOrRebalancing()) {
            return new Lookup.Unavailable<>("the status view is " + app.state());
        }
        try {
            KeyQueryMetadata owner = app.queryMetadataForKey(storeName, key, Serdes.String().serializer());
            if (owner == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner)) {
                return new Lookup.Unavailable<>("the owner of the key is not known yet (rebalancing)");
            }
            if (!owner.activeHost().equals(self)) {
                return new Lookup.Elsewhere<>(owner.activeHost());
            }
            ReadOnlyKeyValueStore<String, V> store = app.store(StoreQueryParameters
                    .fromNameAndType(storeName, QueryableStoreTypes.<String, V>keyValueStore())
                    .withPartition(owner.partition()));
            return query.apply(store);
        } catch (InvalidStateStoreException e) {
            return new Lookup.Unavailable<>("the store is not ready here (" + e.getMessage() + ")");
        }
    }
}
