package io.herald.local;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Kafka and the schema registry together: the infrastructure every Herald service needs. Start it with
 * {@link #start(HeraldHome, Options)}; {@link #close()} stops the registry, then the broker.
 *
 * <p>Both keep their data in the work folder ({@code kafka-data/}, {@code registry-data/}), so a restart on the same
 * folder finds the records and the schemas their ids name; {@link StackData#prepare(Path)} keeps the two together
 * before each start. {@link StackData#deleteAll(Path)} deletes them, to start clean.
 *
 * <pre>{@code
 * try (LocalStack stack = LocalStack.start(HeraldHome.locate(), LocalStack.Options.in(workDir).kafkaPort(0))) {
 *     producerConfig.put("bootstrap.servers", stack.bootstrapServers());
 *     producerConfig.putAll(HeraldSerdes.producerSerdeConfig(stack.registryUrl()));
 * }
 * }</pre>
 */
public final class LocalStack implements AutoCloseable {

    private final KafkaBroker kafka;
    private final SchemaRegistry registry;

    private LocalStack(KafkaBroker kafka, SchemaRegistry registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    /**
     * Starts the broker, then the registry; if the registry fails, stops the broker before throwing. With a persistent
     * registry (the default), first makes the work folder's data consistent ({@link StackData#prepare(Path)}): Kafka
     * storage without a registry database, as an older Herald left it, is deleted with a warning, and a registry
     * database without Kafka storage is deleted too.
     *
     * @param home where the servers are
     * @param options work folder, ports, registry storage
     * @return the running stack
     * @throws PortInUseException if a port is taken
     * @throws MissingArtifactException if {@code local-servers} is not built
     * @throws ChildProcessException if a server does not become ready
     * @throws java.io.UncheckedIOException if stale data cannot be deleted
     */
    public static LocalStack start(HeraldHome home, Options options) {
        if (options.registry.persistent()) {
            StackData.prepare(options.workDir);
        }
        KafkaBroker kafka = KafkaBroker.start(home, options.kafka);
        try {
            SchemaRegistry registry = SchemaRegistry.start(home, options.registry);
            return new LocalStack(kafka, registry);
        } catch (RuntimeException e) {
            kafka.stop();
            throw e;
        }
    }

    /** @return {@code 127.0.0.1:PORT} of the broker */
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** @return the registry's base URL, {@code http://127.0.0.1:PORT} */
    public String registryUrl() {
        return registry.url();
    }

    /** @return the broker, e.g. to kill it in a crash test */
    public KafkaBroker kafka() {
        return kafka;
    }

    /** @return the registry */
    public SchemaRegistry registry() {
        return registry;
    }

    @Override
    public String toString() {
        return "LocalStack[" + kafka + " on " + bootstrapServers() + ", " + registry + " at " + registryUrl() + "]";
    }

    /** Stops the registry, then the broker (SIGTERM, bounded wait, SIGKILL). Idempotent. */
    @Override
    public void close() {
        try {
            registry.stop();
        } finally {
            kafka.stop();
        }
    }

    /**
     * Options of {@link LocalStack#start(HeraldHome, Options)}: one work folder, the broker's and the registry's
     * options. Set anything beyond the ports through {@link #kafka()} and {@link #registry()}.
     */
    public static final class Options {
        private final Path workDir;
        private final KafkaBroker.Options kafka;
        private final SchemaRegistry.Options registry;

        private Options(Path workDir) {
            this.workDir = Objects.requireNonNull(workDir);
            this.kafka = KafkaBroker.Options.in(workDir);
            this.registry = SchemaRegistry.Options.in(workDir);
        }

        /**
         * @param workDir the work folder (created if absent): config/, kafka-data/, registry-data/, logs/, run/
         * @return options with default ports: Kafka 19092 (controller 19093), registry 18081
         */
        public static Options in(Path workDir) {
            return new Options(workDir);
        }

        /**
         * @param workDir the work folder
         * @return options with every port 0, i.e. free ports picked at start, as tests want
         */
        public static Options withFreePorts(Path workDir) {
            return in(workDir).kafkaPort(0).controllerPort(0).registryPort(0);
        }

        /** @param port Kafka PLAINTEXT port, 0 for a free one @return this */
        public Options kafkaPort(int port) {
            kafka.port(port);
            return this;
        }

        /** @param port Kafka CONTROLLER port, 0 for a free one @return this */
        public Options controllerPort(int port) {
            kafka.controllerPort(port);
            return this;
        }

        /** @param port registry HTTP port, 0 for a free one @return this */
        public Options registryPort(int port) {
            registry.port(port);
            return this;
        }

        /**
         * Keeps the registry's schemas in memory ({@link SchemaRegistry.Options#inMemory()}); the work folder's data is
         * then left as it is, so Kafka records from an earlier run may name schema ids the registry no longer has.
         *
         * @return this
         */
        public Options inMemoryRegistry() {
            registry.inMemory();
            return this;
        }

        /** @return the work folder */
        public Path workDir() {
            return workDir;
        }

        /** @return the broker's options, to change further */
        public KafkaBroker.Options kafka() {
            return kafka;
        }

        /** @return the registry's options, to change further */
        public SchemaRegistry.Options registry() {
            return registry;
        }
    }
}
