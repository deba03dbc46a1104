package io.herald.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.schema.TopicSetup;
import io.herald.schema.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way Herald's tools start the whole local stack: Kafka (KRaft) and the schema registry, Herald's topics, the
 * SMSC simulator, optionally one ingest-service, and N dispatchers in one consumer group, each a child process on
 * 127.0.0.1 in one work folder, each ready before the next starts. {@code ./herald demo}, {@code stack},
 * {@code bulk-load}, {@code bench} and {@code chaos} and the integration tests all build theirs here.
 *
 * <pre>{@code
 * try (HeraldStack stack = HeraldStack.builder(HeraldHome.locate(), workDir).ingest(true).dispatchers(2)
 *         .progress(System.err, "herald: ").start()) {
 *     post(stack.ingest().url(), stack.ingest().apiKey(), batch);
 * }
 * }</pre>
 *
 * <p>Every port 0 is resolved to a free port once, when the stack starts, and every restart ({@link
 * #restartDispatcher(int)}, {@link #restartSmsc(UnaryOperator)}, {@link #restartIngest()}, {@link
 * #restartBroker(WhileDown)}) reuses the resolved options: a member comes back on the port its clients know and, for
 * Kafka, on the same data. Members started later ({@link #startDispatcher}, {@link #startIngest}, {@link #startSmsc})
 * are stopped before the stack's own. {@link #close()} stops everything in reverse start order (dispatchers, ingest,
 * simulator, registry, Kafka), whatever was restarted; a JVM shutdown hook does the same on Ctrl-C or SIGTERM.
 * Thread-safe: dispatchers may be restarted on another thread than the one that reads the stack.
 */
public final class HeraldStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HeraldStack.class);

    private final HeraldHome home;
    private final Builder settings;
    private final ProcessGroup group = new ProcessGroup();
    private final KafkaBroker.Options kafkaOptions;
    private final int kafkaPort;
    private final int controllerPort;
    private final int registryPort;
    private final int smppPort;
    private final int smscHttpPort;
    private final int smtpPort;
    private final int ingestPort;
    private final int ingestAdminPort;
    private final List<DispatcherProcess.Options> dispatcherOptions = new ArrayList<>();
    private final List<DispatcherProcess> dispatchers = new ArrayList<>();
    private IngestServiceProcess.Options ingestOptions;
    private UnaryOperator<SmscSimulatorProcess.Options> smscAdjustment = UnaryOperator.identity();
    private volatile KafkaBroker kafka;
    private volatile SchemaRegistry registry;
    private volatile SmscSimulatorProcess smsc;
    private volatile IngestServiceProcess ingest;

    private HeraldStack(HeraldHome home, Builder settings) {
        this.home = home;
        this.settings = settings;
        Path work = settings.workDir;
        // Every port 0 becomes a free one now, all distinct, so that each restart finds its member where it was.
        int[] ports = {settings.kafkaPort, settings.controllerPort, settings.registryPort, settings.smppPort,
            settings.smscHttpPort, settings.smtpPort, settings.ingestPort, settings.ingestAdminPort};
        int zeros = (int) Arrays.stream(ports).filter(port -> port == 0).count();
        int[] free = zeros == 0 ? new int[0] : FreePorts.pick(zeros);
        for (int i = 0, next = 0; i < ports.length; i++) {
            if (ports[i] == 0) {
                ports[i] = free[next++];
            }
        }
        this.kafkaPort = ports[0];
        this.controllerPort = ports[1];
        this.registryPort = ports[2];
        this.smppPort = ports[3];
        this.smscHttpPort = ports[4];
        this.smtpPort = ports[5];
        this.ingestPort = ports[6];
        this.ingestAdminPort = ports[7];
        this.kafkaOptions = KafkaBroker.Options.in(work).port(kafkaPort).controllerPort(controllerPort);
        group.add(this::stopMembers);
        group.stopOnShutdown();
    }

    /**
     * @param home the Herald checkout
     * @param workDir the work folder (created if absent): config/, kafka-data/, registry-data/, logs/, run/
     * @return a builder of a stack with Kafka, the registry, the topics and the simulator on free ports, no ingest
     *     and no dispatchers
     */
    public static Builder builder(HeraldHome home, Path workDir) {
        return new Builder(home, workDir);
    }

    private void startAll() {
        Path work = settings.workDir;
        if (settings.deleteKafkaData) {
            deleteRecursively(work.resolve(StackData.KAFKA_DATA));
            deleteRecursively(work.resolve(DispatcherProcess.STATE_FOLDER));
        }
        if (settings.kafkaAndRegistryApart) {
            // Kafka's records and the registry's schemas (registry-data/) outlive a run together, or not at all.
            StackData.prepare(work);
            kafka = timed("Kafka", () -> KafkaBroker.start(home, kafkaOptions));
            registry = timed("schema registry", () -> SchemaRegistry.start(home,
                    SchemaRegistry.Options.in(work).port(registryPort)));
        } else {
            LocalStack.Options options = LocalStack.Options.in(work).kafkaPort(kafkaPort)
                    .controllerPort(controllerPort).registryPort(registryPort);
            LocalStack infrastructure = timed("Kafka and the schema registry", () -> LocalStack.start(home, options));
            kafka = infrastructure.kafka();
            registry = infrastructure.registry();
        }
        try (Admin admin = admin()) {
            TopicSetup.ensureTopics(admin, Topics.DEFAULT_REQUESTS_PARTITIONS, Topics.DEFAULT_STATUS_PARTITIONS,
                    TopicSetup.Durability.of(1), 30_000);
        }
        smscAdjustment = settings.smscOptions;
        if (settings.smsc) {
            smsc = timed("SMSC simulator", () -> SmscSimulatorProcess.start(home, smscOptions(smscAdjustment)));
        }
        if (settings.ingest) {
            ingestOptions = settings.ingestOptions.apply(IngestServiceProcess.Options.in(work)
                    .kafka(bootstrapServers(), registryUrl()).port(ingestPort).adminPort(ingestAdminPort));
            ingest = timed("ingest-service", () -> IngestServiceProcess.start(home, ingestOptions));
        }
        for (int i = 0; i < settings.dispatchers; i++) {
            DispatcherProcess.Options options = memberOptions(i);
            dispatcherOptions.add(options);
            DispatcherProcess started = timed(options.name(), () -> DispatcherProcess.start(home, options));
            synchronized (dispatchers) {
                dispatchers.add(started);
            }
        }
    }

    private DispatcherProcess.Options memberOptions(int index) {
        int firstAdminPort = settings.dispatcherAdminPort;
        DispatcherProcess.Options options = dispatcherOptions("dispatcher-" + (index + 1))
                .groupId(settings.groupId)
                .adminPort(firstAdminPort == 0 ? FreePorts.pick() : firstAdminPort + index);
        if (settings.senderThreads > 0) {
            options.senderThreads(settings.senderThreads);
        }
        if (settings.email) {
            options.smtp(LocalPorts.HOST, smsc.smtpPort());
        }
        if (settings.classDataSharing) {
            // A restart after a kill -9 starts in about half the CPU.
            options.classDataSharing(home.classDataFolder());
        }
        settings.dispatcherOptions.accept(index, options);
        return options;
    }

    private <T> T timed(String what, Supplier<T> start) {
        info("starting " + what + " …");
        long t0 = System.nanoTime();
        T started = start.get();
        if (settings.info != null) {
            settings.info.printf(Locale.ROOT, "%s%s ready in %.1f s (%s)%n", settings.prefix, what,
                    (System.nanoTime() - t0) / 1e9, started);
        }
        return started;
    }

    private void info(String line) {
        if (settings.info != null) {
            settings.info.println(settings.prefix + line);
        }
    }

    private static void deleteRecursively(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + folder, e);
        }
    }

    /** @return the Herald checkout the stack runs from */
    public HeraldHome home() {
        return home;
    }

    /** @return the work folder, absolute as given */
    public Path workDir() {
        return settings.workDir;
    }

    /** @return Kafka {@code bootstrap.servers}, {@code 127.0.0.1:PORT}; the same across broker restarts */
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** @return the registry's base URL, {@code http://127.0.0.1:PORT} */
    public String registryUrl() {
        return registry.url();
    }

    /** @return the running broker (a new object after {@link #restartBroker(WhileDown)}) */
    public KafkaBroker kafka() {
        return kafka;
    }

    /** @return the registry */
    public SchemaRegistry registry() {
        return registry;
    }

    /** @return the stack's simulator (a new object after each restart); null if built without one */
    public SmscSimulatorProcess smsc() {
        return smsc;
    }

    /** @return the stack's ingest-service, or null if it was not started or was stopped */
    public IngestServiceProcess ingest() {
        return ingest;
    }

    /** @return the dispatchers of the stack's group as they run now, in start order (index 0 first) */
    public List<DispatcherProcess> dispatchers() {
        synchronized (dispatchers) {
            return List.copyOf(dispatchers);
        }
    }

    /** @return the dispatchers' consumer group */
    public String groupId() {
        return settings.groupId;
    }

    /** @return a new admin client of the broker; the caller closes it */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /**
     * @param name the dispatcher's name (log, pid and config files)
     * @return options for a dispatcher of this stack: its Kafka, registry and simulator (SMPP only, if the stack has
     *     one), a free admin port, the dispatcher's default group; set the rest, then {@link #startDispatcher}
     */
    public DispatcherProcess.Options dispatcherOptions(String name) {
        DispatcherProcess.Options options = DispatcherProcess.Options.in(settings.workDir).name(name)
                .kafka(bootstrapServers(), registryUrl()).adminPort(0);
        return smsc == null ? options : options.smpp(smsc);
    }

    /**
     * @param name the ingest service's name (log and pid files)
     * @return options for an ingest service of this stack: its Kafka and registry, free ports
     */
    public IngestServiceProcess.Options ingestOptions(String name) {
        return IngestServiceProcess.Options.in(settings.workDir).name(name).kafka(bootstrapServers(), registryUrl())
                .port(0).adminPort(0);
    }

    /**
     * Starts a dispatcher beside the stack's own and waits until it is healthy; {@link #close()} stops it (before
     * the stack's own members) if the caller does not.
     *
     * @param options its options, e.g. from {@link #dispatcherOptions(String)}
     * @return the running dispatcher
     * @throws ChildProcessException if it is not healthy within its startup timeout
     */
    public DispatcherProcess startDispatcher(DispatcherProcess.Options options) {
        return group.add(DispatcherProcess.start(home, options));
    }

    /**
     * Starts an ingest service beside the stack's own and waits until it is healthy; {@link #close()} stops it.
     *
     * @param options its options, e.g. from {@link #ingestOptions(String)}
     * @return the running service
     */
    public IngestServiceProcess startIngest(IngestServiceProcess.Options options) {
        return group.add(IngestServiceProcess.start(home, options));
    }

    /**
     * Starts another SMSC simulator (one that refuses, or answers slowly) on free ports and waits until it is
     * healthy; {@link #close()} stops it.
     *
     * @param options adjusts its options (name, error rate, …)
     * @return the running simulator
     */
    public SmscSimulatorProcess startSmsc(UnaryOperator<SmscSimulatorProcess.Options> options) {
        return group.add(SmscSimulatorProcess.start(home,
                options.apply(SmscSimulatorProcess.Options.in(settings.workDir).smppPort(0).httpPort(0))));
    }

    /**
     * Crashes dispatcher {@code index} with SIGKILL ({@code kill -9}) and waits until it is gone.
     *
     * @param index 0-based, in start order
     */
    public void killDispatcher(int index) {
        dispatcher(index).kill();
    }

    /**
     * Starts dispatcher {@code index} again with the options it first started with (same name, group, admin port)
     * and waits until it is healthy; stops it first if it still runs.
     *
     * @param index 0-based, in start order
     * @throws ChildProcessException if it is not healthy within its startup timeout
     */
    public void restartDispatcher(int index) {
        DispatcherProcess old = dispatcher(index);
        if (old.isAlive()) {
            old.stop();
        }
        DispatcherProcess restarted = DispatcherProcess.start(home, dispatcherOptions.get(index));
        synchronized (dispatchers) {
            dispatchers.set(index, restarted);
        }
    }

    private DispatcherProcess dispatcher(int index) {
        synchronized (dispatchers) {
            return dispatchers.get(index);
        }
    }

    /** Stops the stack's simulator (SIGTERM); {@link #restartSmsc(UnaryOperator)} starts it again. */
    public void stopSmsc() {
        smsc.stop();
    }

    /**
     * Starts the stack's simulator again on the same SMPP, HTTP and SMTP ports, with the stack's simulator options
     * adjusted by {@code adjust} (e.g. a {@code --max-tps} cap); stops it first if it still runs. What it received is
     * forgotten.
     *
     * @param adjust changes to the stack's simulator options, applied after them
     * @throws ChildProcessException if it is not healthy within its startup timeout
     */
    public void restartSmsc(UnaryOperator<SmscSimulatorProcess.Options> adjust) {
        if (smsc.isAlive()) {
            smsc.stop();
        }
        smsc = SmscSimulatorProcess.start(home, adjust.apply(smscOptions(smscAdjustment)));
    }

    private SmscSimulatorProcess.Options smscOptions(UnaryOperator<SmscSimulatorProcess.Options> adjust) {
        return adjust.apply(SmscSimulatorProcess.Options.in(settings.workDir).smppPort(smppPort)
                .httpPort(smscHttpPort).smtpPort(smtpPort));
    }

    /** Stops the stack's ingest-service if it runs; {@link #ingest()} is null afterwards. */
    public void stopIngest() {
        IngestServiceProcess running = ingest;
        if (running != null) {
            running.stop();
            ingest = null;
        }
    }

    /**
     * Starts the stack's ingest-service again with the options it first started with (same ports, same API keys);
     * stops it first if it still runs.
     *
     * @throws IllegalStateException if the stack was built without ingest
     * @throws ChildProcessException if it is not healthy within its startup timeout
     */
    public void restartIngest() {
        if (ingestOptions == null) {
            throw new IllegalStateException("this stack has no ingest-service");
        }
        stopIngest();
        ingest = IngestServiceProcess.start(home, ingestOptions);
    }

    /**
     * Stops the broker with SIGTERM (a controlled shutdown), runs {@code whileDown}, and starts it again on the same
     * ports and data dir, whatever {@code whileDown} did.
     *
     * @param whileDown what to do while the broker is stopped
     * @throws InterruptedException if interrupted while {@code whileDown} ran (the broker is started again)
     */
    public void restartBroker(WhileDown whileDown) throws InterruptedException {
        kafka.stop();
        try {
            whileDown.run();
        } finally {
            kafka = KafkaBroker.start(home, kafkaOptions);
        }
    }

    /** What to do while the broker is stopped, before it starts again. */
    @FunctionalInterface
    public interface WhileDown {
        /** @throws InterruptedException if interrupted */
        void run() throws InterruptedException;
    }

    /**
     * @return the stack's own members as they run now, in start order: Kafka, registry, simulator, ingest,
     *     dispatchers
     */
    public List<LocalProcess> members() {
        List<LocalProcess> all = new ArrayList<>(List.of(kafka, registry));
        if (smsc != null) {
            all.add(smsc);
        }
        if (ingest != null) {
            all.add(ingest);
        }
        all.addAll(dispatchers());
        return all;
    }

    /** @return the stack's own members that are not running now, in start order */
    public List<LocalProcess> dead() {
        return members().stream().filter(p -> !p.isAlive()).toList();
    }

    /**
     * Reads every dispatcher's {@code GET /stats} (admin port), in start order.
     *
     * @return one JSON object per dispatcher (see {@link DispatcherProcess#stats()})
     * @throws UncheckedIOException if a dispatcher does not answer 200
     */
    public List<JsonNode> dispatcherStats() {
        return dispatchers().stream().map(DispatcherProcess::stats).toList();
    }

    /**
     * @param counter a numeric field of {@code GET /stats}, e.g. {@code gatewayWaits}
     * @return its sum over the dispatchers (a restarted dispatcher counts from 0 again)
     */
    public long dispatcherCounter(String counter) {
        return dispatcherStats().stream().mapToLong(stats -> stats.path(counter).asLong()).sum();
    }

    /**
     * Waits until the dispatchers' consumer group is stable with every dispatcher owning partitions of
     * {@code notify.requests} and every partition assigned, and prints how long that took.
     *
     * @param timeout how long to wait at most
     * @throws IllegalStateException if the group is not settled in time (a dispatcher's log says why)
     * @throws InterruptedException if interrupted while waiting
     */
    public void awaitDispatchersAssigned(Duration timeout) throws InterruptedException {
        int count = dispatchers().size();
        if (count == 0) {
            return;
        }
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        int partitions = Topics.DEFAULT_REQUESTS_PARTITIONS;
        String groupId = settings.groupId;
        String last = "not described yet";
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                try {
                    ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId))
                            .describedGroups().get(groupId).get();
                    long assigned = group.members().stream().flatMap(m -> m.assignment().topicPartitions().stream())
                            .filter(tp -> tp.topic().equals(Topics.REQUESTS)).distinct().count();
                    long owners = group.members().stream().filter(m -> m.assignment().topicPartitions().stream()
                            .anyMatch(tp -> tp.topic().equals(Topics.REQUESTS))).count();
                    last = group.groupState() + ", " + owners + " of " + count + " dispatchers own partitions, "
                            + assigned + " of " + partitions + " assigned";
                    if (group.groupState() == GroupState.STABLE && owners == count && assigned == partitions) {
                        info(String.format(Locale.ROOT, "the %d dispatchers own the %d partitions of %s (%.1f s)",
                                count, partitions, Topics.REQUESTS, (System.nanoTime() - t0) / 1e9));
                        return;
                    }
                } catch (ExecutionException e) {
                    last = e.getCause().toString();
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the dispatchers' group " + groupId + " did not settle within "
                + timeout.toSeconds() + " s: " + last);
    }

    private void stopMembers() {
        List<LocalProcess> order = new ArrayList<>(dispatchers());
        Collections.reverse(order);
        order.add(ingest);
        order.add(smsc);
        order.add(registry);
        order.add(kafka);
        for (LocalProcess process : order) {
            if (process == null) {
                continue;
            }
            try {
                process.close();
            } catch (RuntimeException e) {
                if (settings.info != null) {
                    info("could not stop " + process + ": " + e);
                } else {
                    LOG.warn("could not stop {}: {}", process, e.toString());
                }
            }
        }
    }

    /**
     * Stops every process: those started later, then dispatchers, ingest, simulator, registry, Kafka. Idempotent.
     */
    @Override
    public void close() {
        group.close();
    }

    @Override
    public String toString() {
        return "HeraldStack[" + settings.workDir + ", kafka " + kafka + ", " + dispatchers().size() + " dispatchers]";
    }

    /**
     * What a {@link HeraldStack} starts. Every port is 0 (a free one) unless set.
     *
     * <table>
     *   <caption>Stack options</caption>
     *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
     *   <tr><td>kafkaPorts, registryPort</td><td>free</td><td>Kafka PLAINTEXT and controller ports, registry HTTP
     *       port</td></tr>
     *   <tr><td>kafkaAndRegistryApart</td><td>false</td><td>start (and time) Kafka and the registry as two steps,
     *       rather than one</td></tr>
     *   <tr><td>deleteAllDataFirst</td><td>no</td><td>delete all the work folder's data first, and say so</td></tr>
     *   <tr><td>deleteKafkaDataFirst</td><td>false</td><td>start from empty topics: delete {@code kafka-data/}
     *       and the dispatchers' receipt stores before starting</td></tr>
     *   <tr><td>withoutSmsc</td><td>no</td><td>start no simulator</td></tr>
     *   <tr><td>smscPorts, smscOptions</td><td>free, none</td><td>the simulator's SMPP, HTTP and SMTP ports (SMTP -1:
     *       none) and changes to its options, kept across its restarts</td></tr>
     *   <tr><td>ingest, ingestPorts, ingestOptions</td><td>false, free, none</td><td>whether to start one
     *       ingest-service, its ports, changes to its options</td></tr>
     *   <tr><td>dispatchers, groupId, dispatcherAdminPort</td><td>0, the dispatcher's default group, free</td><td>
     *       dispatchers in the group, named {@code dispatcher-N}; the n-th admin port is the first + n - 1</td></tr>
     *   <tr><td>senderThreads, email, classDataSharing</td><td>the dispatcher's default, false, false</td><td>
     *       {@code sender.threads}; whether the dispatchers also send e-mail to the simulator's SMTP port; whether
     *       they start with a class-data archive ({@link ClassDataArchive})</td></tr>
     *   <tr><td>dispatcherOptions</td><td>none</td><td>changes to dispatcher {@code index}'s options</td></tr>
     *   <tr><td>progress</td><td>none</td><td>where "starting X …" and "X ready in T s" lines go, and their
     *       prefix</td></tr>
     * </table>
     */
    public static final class Builder {
        private final HeraldHome home;
        private final Path workDir;
        private int kafkaPort;
        private int controllerPort;
        private int registryPort;
        private boolean kafkaAndRegistryApart;
        private boolean deleteKafkaData;
        private String deleteAllDataWhy;
        private boolean smsc = true;
        private int smppPort;
        private int smscHttpPort;
        private int smtpPort;
        private UnaryOperator<SmscSimulatorProcess.Options> smscOptions = UnaryOperator.identity();
        private boolean ingest;
        private int ingestPort;
        private int ingestAdminPort;
        private UnaryOperator<IngestServiceProcess.Options> ingestOptions = UnaryOperator.identity();
        private int dispatchers;
        private String groupId = DispatcherProcess.Options.DEFAULT_GROUP_ID;
        private int dispatcherAdminPort;
        private int senderThreads;
        private boolean email;
        private boolean classDataSharing;
        private BiConsumer<Integer, DispatcherProcess.Options> dispatcherOptions = (index, options) -> { };
        private PrintStream info;
        private String prefix = "";

        private Builder(HeraldHome home, Path workDir) {
            this.home = Objects.requireNonNull(home, "home");
            this.workDir = Objects.requireNonNull(workDir, "workDir");
        }

        /** @param kafka PLAINTEXT port @param controller KRaft controller port @return this */
        public Builder kafkaPorts(int kafka, int controller) {
            this.kafkaPort = kafka;
            this.controllerPort = controller;
            return this;
        }

        /** @param port the registry's HTTP port @return this */
        public Builder registryPort(int port) {
            this.registryPort = port;
            return this;
        }

        /** Starts and times Kafka and the registry as two steps (two pairs of progress lines). @return this */
        public Builder kafkaAndRegistryApart() {
            this.kafkaAndRegistryApart = true;
            return this;
        }

        /**
         * Deletes the broker's data of an earlier run, with the dispatchers' receipt correlator stores, so that the
         * run starts from empty topics; without Kafka storage, the registry's data and the other Streams state go
         * too ({@link StackData#prepare}).
         *
         * @return this
         */
        public Builder deleteKafkaDataFirst() {
            this.deleteKafkaData = true;
            return this;
        }

        /**
         * Deletes the work folder's data before starting ({@link StackData#deleteAll(Path)}: Kafka's records, the
         * registry's schemas, the services' Kafka Streams state), and says so on a progress line.
         *
         * @param why what asked for it, the start of the progress line, e.g. {@code --fresh}
         * @return this
         * @see StackData#deleteAllDescribed(Path)
         */
        public Builder deleteAllDataFirst(String why) {
            this.deleteAllDataWhy = Objects.requireNonNull(why);
            return this;
        }

        /**
         * @param smpp SMPP port
         * @param http HTTP API port
         * @param smtp SMTP port, 0 for a free one, {@link SmscSimulatorProcess.Options#SMTP_OFF} for none
         * @return this
         */
        public Builder smscPorts(int smpp, int http, int smtp) {
            this.smppPort = smpp;
            this.smscHttpPort = http;
            this.smtpPort = smtp;
            return this;
        }

        /**
         * Starts no simulator: Kafka, the registry and the topics only (and ingest, if asked), for tests that send
         * nothing.
         *
         * @return this
         */
        public Builder withoutSmsc() {
            this.smsc = false;
            return this;
        }

        /** @param adjust changes to the simulator's options (name, heap, latency, …) @return this */
        public Builder smscOptions(UnaryOperator<SmscSimulatorProcess.Options> adjust) {
            this.smscOptions = Objects.requireNonNull(adjust);
            return this;
        }

        /** @param start whether to start one ingest-service @return this */
        public Builder ingest(boolean start) {
            this.ingest = start;
            return this;
        }

        /** @param port REST port @param adminPort admin port @return this */
        public Builder ingestPorts(int port, int adminPort) {
            this.ingestPort = port;
            this.ingestAdminPort = adminPort;
            return this;
        }

        /** @param adjust changes to the ingest-service's options @return this */
        public Builder ingestOptions(UnaryOperator<IngestServiceProcess.Options> adjust) {
            this.ingestOptions = Objects.requireNonNull(adjust);
            return this;
        }

        /** @param count dispatchers to start in the group, 0 or more @return this */
        public Builder dispatchers(int count) {
            this.dispatchers = count;
            return this;
        }

        /** @param groupId the dispatchers' consumer group @return this */
        public Builder groupId(String groupId) {
            this.groupId = Objects.requireNonNull(groupId);
            return this;
        }

        /** @param firstPort admin port of dispatcher-1; the n-th uses this + n - 1; 0: a free one each @return this */
        public Builder dispatcherAdminPort(int firstPort) {
            this.dispatcherAdminPort = firstPort;
            return this;
        }

        /** @param threads each dispatcher's {@code sender.threads}, 0 for its default @return this */
        public Builder senderThreads(int threads) {
            this.senderThreads = threads;
            return this;
        }

        /** Gives each dispatcher an e-mail gateway on the simulator's SMTP port, beside SMPP. @return this */
        public Builder email() {
            this.email = true;
            return this;
        }

        /** Starts the dispatchers with a class-data archive in {@code <home>/.herald/cds}. @return this */
        public Builder classDataSharing() {
            this.classDataSharing = true;
            return this;
        }

        /**
         * @param adjust changes to dispatcher {@code index}'s (0-based) options, after the stack's; kept across its
         *     restarts
         * @return this
         */
        public Builder dispatcherOptions(BiConsumer<Integer, DispatcherProcess.Options> adjust) {
            this.dispatcherOptions = Objects.requireNonNull(adjust);
            return this;
        }

        /**
         * @param info where progress lines go (e.g. stderr), null for none
         * @param prefix what each line starts with, e.g. {@code "herald: "}
         * @return this
         */
        public Builder progress(PrintStream info, String prefix) {
            this.info = info;
            this.prefix = Objects.requireNonNull(prefix);
            return this;
        }

        /**
         * Starts every member in order, each ready before the next; on a failure, stops what was started and
         * rethrows.
         *
         * @return the running stack
         * @throws PortInUseException if a configured port is taken
         * @throws MissingArtifactException if a module or {@code local-servers} is not built
         * @throws ChildProcessException if a member does not become ready (with its log tail)
         * @throws UncheckedIOException if old data cannot be deleted
         * @throws IllegalStateException if dispatchers are asked for {@link #withoutSmsc()}
         * @throws WorkFolderInUseException with {@link #deleteAllDataFirst}, if a process started from the work
         *     folder still runs; nothing was deleted or started then
         */
        public HeraldStack start() {
            if (!smsc && dispatchers > 0) {
                throw new IllegalStateException("dispatchers need the simulator: drop withoutSmsc() or dispatchers("
                        + dispatchers + ")");
            }
            if (info != null) {
                info.println(prefix + "work folder " + workDir + " (logs in " + workDir.resolve("logs") + ")");
            }
            if (deleteAllDataWhy != null) {
                String deleted = StackData.deleteAllDescribed(workDir);
                if (info != null) {
                    info.println(prefix + deleteAllDataWhy + ": " + deleted);
                }
            }
            HeraldStack stack = new HeraldStack(home, this);
            try {
                stack.startAll();
                return stack;
            } catch (RuntimeException e) {
                stack.info("stopping what was started");
                stack.close();
                throw e;
            }
        }
    }
}
