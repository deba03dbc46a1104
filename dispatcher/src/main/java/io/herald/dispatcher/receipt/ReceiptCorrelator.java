package io.herald.dispatcher.receipt;

import io.herald.dispatcher.admin.ReceiptStats;
import io.herald.kafka.AvroBinarySerde;
import io.herald.kafka.LocalStateGuard;
import io.herald.schema.DeliveryReceipt;
import io.herald.schema.DeliveryState;
import io.herald.schema.DeliveryStatus;
import io.herald.schema.Topics;
import io.herald.schema.internal.MessageReceipts;
import io.herald.schema.internal.PartReceipt;
import io.herald.schema.internal.ReceiptCorrelation;
import io.herald.schema.internal.SubmittedPart;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receipt correlator: a Kafka Streams application (one per dispatcher process, all sharing
 * {@code receipts.application.id}) that turns delivery receipts into final message states on {@value Topics#STATUS}.
 *
 * <pre>
 * notify.status (SENT) --flatMap: one record per part and id form--+
 *                                                                  +--> repartition by gateway id --> ReceiptMatcher
 * notify.receipts -----map: canonical gateway id-------------------+          --> repartition by messageId
 *                                                                             --> MessageReceiptAggregator
 *                                                                             --> notify.status (DELIVERED, ...)
 * </pre>
 *
 * Both kinds of record go through one repartition topic, so a receipt meets its submission in one task whichever
 * dispatcher received it. The stores are RocksDB, changelogged; with {@code processing.guarantee=exactly_once_v2}
 * (the default) a restart neither loses a match nor writes a final state twice.
 */
public final class ReceiptCorrelator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiptCorrelator.class);

    private final KafkaStreams streams;
    private final long closeTimeoutMs;
    /** {@link System#nanoTime()} when {@link #beginClose()} was first called; guarded by {@code this}. */
    private long closeBeganNanos;
    private boolean closing;

    /**
     * @param settings the receipt settings
     * @param streamsProperties Kafka Streams properties (application.id, bootstrap.servers, state.dir, ...)
     * @param statusSerde the {@link DeliveryStatus} serde of {@value Topics#STATUS} (registry, Confluent wire format)
     * @param receiptSerde the {@link DeliveryReceipt} serde of {@value Topics#RECEIPTS}
     * @param stats receipt counters; its correlator state gauge is set here
     * @param kafkaClusterId the id of the Kafka cluster, or empty if unknown: local state of another cluster in
     *     {@code state.dir} is deleted first, and so are, under exactly_once_v2, the stores a crash left
     *     ({@link LocalStateGuard})
     * @throws java.io.UncheckedIOException if {@code state.dir} cannot be checked or cleared
     */
    public ReceiptCorrelator(ReceiptSettings settings, Map<String, Object> streamsProperties,
                             Serde<DeliveryStatus> statusSerde, Serde<DeliveryReceipt> receiptSerde,
                             ReceiptStats stats, Optional<String> kafkaClusterId) {
        Properties props = new Properties();
        props.putAll(streamsProperties);
        Path stateDir = Path.of(props.getProperty(StreamsConfig.STATE_DIR_CONFIG));
        LocalStateGuard.bind(stateDir, kafkaClusterId);
        if (StreamsConfig.EXACTLY_ONCE_V2.equals(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))) {
            LocalStateGuard.dropTasksWithoutCheckpoint(stateDir,
                    props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG));
        }
        this.closeTimeoutMs = settings.closeTimeoutMs();
        this.streams = new KafkaStreams(topology(settings, statusSerde, receiptSerde, stats), props);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("Receipt correlator thread failed; replacing it", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        stats.setCorrelatorState(() -> streams.state().name());
    }

    /**
     * Builds the topology.
     *
     * @param settings the receipt settings
     * @param statusSerde the serde of {@value Topics#STATUS}
     * @param receiptSerde the serde of {@value Topics#RECEIPTS}
     * @param stats receipt counters
     * @return the topology
     */
    static Topology topology(ReceiptSettings settings, Serde<DeliveryStatus> statusSerde,
                             Serde<DeliveryReceipt> receiptSerde, ReceiptStats stats) {
        Serde<ReceiptCorrelation> correlationSerde = new AvroBinarySerde<>(ReceiptCorrelation.class);
        Serde<PartReceipt> partSerde = new AvroBinarySerde<>(PartReceipt.class);
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(
                ReceiptMatcher.SUBMITTED_STORE), Serdes.String(), correlationSerde));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(
                ReceiptMatcher.PENDING_STORE), Serdes.String(), new AvroBinarySerde<>(DeliveryReceipt.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(
                ReceiptMatcher.EXPIRY_STORE), Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(
                MessageReceiptAggregator.MESSAGES_STORE), Serdes.String(),
                new AvroBinarySerde<>(MessageReceipts.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(
                MessageReceiptAggregator.EXPIRY_STORE), Serdes.String(), Serdes.String()));

        boolean convert = settings.convertIds();
        KStream<String, ReceiptCorrelation> submissions = builder
                .stream(Topics.STATUS, Consumed.with(Serdes.String(), statusSerde).withName("status-source"))
                .flatMap((messageId, status) -> submissions(status, convert), Named.as("sent-parts"));
        KStream<String, ReceiptCorrelation> receipts = builder
                .stream(Topics.RECEIPTS, Consumed.with(Serdes.String(), receiptSerde).withName("receipt-source"))
                .filter((key, receipt) -> receipt != null, Named.as("receipt-filter"))
                .map((key, receipt) -> KeyValue.pair(GatewayMessageIds.canonical(receipt.getGatewayMessageId()),
                        new ReceiptCorrelation(null, receipt, true)), Named.as("receipt-key"));
        long scanMs = ReceiptMatcher.scanIntervalMs(settings.unmatchedTimeoutMs());
        submissions.merge(receipts, Named.as("correlation-merge"))
                .repartition(Repartitioned.<String, ReceiptCorrelation>as("receipt-correlation")
                        .withKeySerde(Serdes.String()).withValueSerde(correlationSerde))
                .process(() -> new ReceiptMatcher(settings.retentionMs(), settings.unmatchedTimeoutMs(), stats),
                        Named.as("receipt-matcher"), ReceiptMatcher.SUBMITTED_STORE, ReceiptMatcher.PENDING_STORE,
                        ReceiptMatcher.EXPIRY_STORE)
                .repartition(Repartitioned.<String, PartReceipt>as("receipt-parts")
                        .withKeySerde(Serdes.String()).withValueSerde(partSerde))
                .process(() -> new MessageReceiptAggregator(settings.retentionMs(), scanMs, stats),
                        Named.as("receipt-aggregator"), MessageReceiptAggregator.MESSAGES_STORE,
                        MessageReceiptAggregator.EXPIRY_STORE)
                .to(Topics.STATUS, Produced.with(Serdes.String(), statusSerde).withName("final-states"));
        return builder.build();
    }

    /**
     * The submission records of a SENT event: one per part and per form of the part's gateway message id.
     *
     * @param status any status event
     * @param convert whether to add the hexadecimal/decimal forms of each id
     * @return the records keyed by id form; empty unless the event is SENT with at least one gateway message id
     */
    static List<KeyValue<String, ReceiptCorrelation>> submissions(DeliveryStatus status, boolean convert) {
        if (status == null || status.getState() != DeliveryState.SENT) {
            return List.of();
        }
        List<String> ids = status.getGatewayMessageIds();
        if (ids.isEmpty() && status.getGatewayMessageId() != null) {
            ids = List.of(status.getGatewayMessageId());
        }
        List<KeyValue<String, ReceiptCorrelation>> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            SubmittedPart part = new SubmittedPart(status.getMessageId(), status.getBatchId(), i + 1, ids.size(),
                    ids.get(i), status.getGateway(), status.getAttempt(), status.getTimestamp().toEpochMilli());
            boolean exact = true;
            for (String form : GatewayMessageIds.forms(ids.get(i), convert)) {
                out.add(KeyValue.pair(form, new ReceiptCorrelation(part, null, exact)));
                exact = false;
            }
        }
        return out;
    }

    /** Starts the application's threads; matching begins once its partitions are assigned and restored. */
    public void start() {
        streams.start();
    }

    /** @return the Kafka Streams state, e.g. RUNNING */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /**
     * Begins to stop, without waiting: the stream thread commits what it processed and leaves the consumer group
     * (so that the instances that stay need not wait out its session timeout in their next rebalance), and the
     * {@code receipts.close.timeout.ms} of {@link #closeAndWait()} starts. The dispatcher calls this first when it
     * stops, so that the correlator closes in parallel with the drain of in-flight sends.
     */
    public synchronized void beginClose() {
        if (!closing) {
            closing = true;
            closeBeganNanos = System.nanoTime();
        }
        streams.close(leaveGroup(Duration.ZERO));
    }

    /**
     * Stops (as {@link #beginClose()}, if that was not called) and waits for the stream thread to end, until
     * {@code receipts.close.timeout.ms} after {@link #beginClose()}; not at all if that has passed. A stream thread
     * still busy then (in a rebalance, or in the middle of a batch of records) is left to end with the process, which
     * the consumer group sees as a crash: under {@code exactly_once_v2} what it processed but did not commit is
     * aborted and processed again by the next owner.
     *
     * @return whether it stopped within the wait
     */
    public boolean closeAndWait() {
        long remainingMs;
        synchronized (this) {
            beginClose();
            long elapsedMs = Duration.ofNanos(System.nanoTime() - closeBeganNanos).toMillis();
            remainingMs = Math.max(0, closeTimeoutMs - elapsedMs);
        }
        return streams.close(leaveGroup(Duration.ofMillis(remainingMs)));
    }

    /** @return {@code receipts.close.timeout.ms}: how long after {@link #beginClose()} the correlator may take */
    public long closeTimeoutMs() {
        return closeTimeoutMs;
    }

    private static CloseOptions leaveGroup(Duration timeout) {
        return CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(timeout);
    }

    /** As {@link #closeAndWait()}. */
    @Override
    public void close() {
        closeAndWait();
    }
}
