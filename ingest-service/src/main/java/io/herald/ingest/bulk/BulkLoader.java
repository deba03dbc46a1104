package io.herald.ingest.bulk;

import io.dropwizard.lifecycle.ServerLifecycleListener;
import io.herald.ingest.kafka.StreamsApp;
import io.herald.ingest.kafka.StreamsFactory;
import io.herald.ingest.kafka.StreamsShutdown;
import io.herald.kafka.LocalStateGuard;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bulk loader: the Kafka Streams application of {@link BulkTopology}, run inside the ingest service.
 *
 * <p>It starts once the server is bound ({@link #serverStarted}), because its state directory is named after the
 * application connector's host and port ({@code streams.stateDir}); before it starts, the local state is bound to the
 * Kafka cluster and the task directories a crash left are dropped ({@link LocalStateGuard}). A stream thread that dies
 * (a template store that did not load in time, a broker error Streams does not retry) is replaced; under
 * {@code exactly_once_v2} its unfinished transaction is aborted and its lines read again. {@link StreamsShutdown}
 * closes it, in parallel with the status view and within {@code streams.closeTimeout}. While it runs, its Kafka Streams
 * metrics ({@code kafka_stream_*}, with those of its clients) are bound to a Micrometer registry
 * ({@link KafkaStreamsMetrics}).
 */
public final class BulkLoader implements StreamsApp, ServerLifecycleListener {

    private static final Logger LOG = LoggerFactory.getLogger(BulkLoader.class);

    private final Topology topology;
    private final StateDirectory stateDirectory;
    private final Supplier<Optional<String>> clusterId;
    private final MeterRegistry registry;
    private volatile KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;

    /**
     * The streams configuration, given the state directory.
     */
    @FunctionalInterface
    public interface StateDirectory {
        /**
         * @param host the application connector's host, e.g. {@code 127.0.0.1}
         * @param port its bound port
         * @return the Kafka Streams properties, {@code state.dir} set
         */
        Map<String, Object> streamsConfig(String host, int port);
    }

    /**
     * @param topology the bulk topology ({@link BulkTopology#build})
     * @param stateDirectory the Kafka Streams properties for the bound host and port
     * @param clusterId reads the Kafka cluster id (KIP-78) when the loader starts; empty if unknown
     * @param registry where the application's Kafka Streams metrics go while it runs
     */
    public BulkLoader(Topology topology, StateDirectory stateDirectory, Supplier<Optional<String>> clusterId,
                      MeterRegistry registry) {
        this.topology = topology;
        this.stateDirectory = stateDirectory;
        this.clusterId = clusterId;
        this.registry = registry;
    }

    /**
     * Starts the application, with the state directory of the application connector's host and port.
     *
     * @param server the started Jetty server
     * @throws java.io.UncheckedIOException if the state directory cannot be checked or cleared
     */
    @Override
    public void serverStarted(Server server) {
        StreamsFactory.Endpoint endpoint = StreamsFactory.Endpoint.of(getPortDescriptorList(server));
        start(stateDirectory.streamsConfig(endpoint.host(), endpoint.port()));
    }

    /**
     * Starts the application with these properties (what {@link #serverStarted} does, given the port).
     *
     * @param streamsConfig Kafka Streams properties: application.id, bootstrap.servers, state.dir …
     */
    synchronized void start(Map<String, Object> streamsConfig) {
        if (streams != null) {
            return;
        }
        Properties props = new Properties();
        props.putAll(streamsConfig);
        Path stateDir = Path.of(props.getProperty(StreamsConfig.STATE_DIR_CONFIG));
        LocalStateGuard.bind(stateDir, clusterId.get());
        if (StreamsConfig.EXACTLY_ONCE_V2.equals(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))) {
            LocalStateGuard.dropTasksWithoutCheckpoint(stateDir,
                    props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG));
        }
        KafkaStreams created = new KafkaStreams(topology, props);
        created.setUncaughtExceptionHandler(e -> {
            LOG.error("Bulk loader thread failed; replacing it (its uncommitted lines are read again)", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streamsMetrics = new KafkaStreamsMetrics(created);
        streamsMetrics.bindTo(registry);
        created.start();
        streams = created;
        LOG.info("Bulk loader started: application {}, state in {}",
                props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG), stateDir);
    }

    /** @return the Kafka Streams state, e.g. {@code RUNNING}; empty before the server started */
    public Optional<KafkaStreams.State> state() {
        KafkaStreams current = streams;
        return current == null ? Optional.empty() : Optional.of(current.state());
    }

    @Override
    public String name() {
        return "bulk loader";
    }

    /** Begins to close (commit, leave the group) without waiting; unbinds its metrics. Nothing before start. */
    @Override
    public synchronized void beginClose() {
        KafkaStreams current = streams;
        if (current == null) {
            return;
        }
        if (streamsMetrics != null) {
            streamsMetrics.close();
            streamsMetrics = null;
        }
        StreamsApp.closeLeavingGroup(current, Duration.ZERO);
    }

    @Override
    public boolean awaitClose(Duration timeout) {
        KafkaStreams current = streams;
        if (current == null) {
            return true;
        }
        beginClose();
        return StreamsApp.closeLeavingGroup(current, timeout);
    }

}
