package io.herald.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.schema.TopicSetup;
import io.herald.schema.Topics;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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
    private final HeraldStackBuilder settings;
    private final ProcessGroup group = new ProcessGroup();
    private final KafkaBroker.Options kafkaOptions;
    private final int kafkaPort;
    private final int controllerPort;
    private final int registryPort;
    private final int smppPort;
    private final int smscHttpPort;
    private final int smtpPort;
    /** The simulator's FCM and APNs ports, used with {@code settings.push}. */
    private final int[] pushPorts;
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

    private HeraldStack(HeraldHome home, HeraldStackBuilder settings) {
        this.home = home;
        this.settings = settings;
        Path work = settings.workDir;
        // Every port 0 becomes a free one now, all distinct, so that each restart finds its member where it was.
        int[] ports = LocalPorts.resolveAll(settings.kafkaPort, settings.controllerPort, settings.registryPort,
                settings.smppPort, settings.smscHttpPort, settings.smtpPort, settings.ingestPort,
                settings.ingestAdminPort, settings.fcmPort, settings.apnsPort);
        this.kafkaPort = ports[0];
        this.controllerPort = ports[1];
        this.registryPort = ports[2];
        this.smppPort = ports[3];
        this.smscHttpPort = ports[4];
        this.smtpPort = ports[5];
        this.ingestPort = ports[6];
        this.ingestAdminPort = ports[7];
        this.pushPorts = new int[] {ports[8], ports[9]};
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
    public static HeraldStackBuilder builder(HeraldHome home, Path workDir) {
        return new HeraldStackBuilder(home, workDir);
    }

    /** Starts what {@code settings} asks for; on a failure, stops what was started and rethrows. */
    static HeraldStack start(HeraldHome home, HeraldStackBuilder settings) {
        HeraldStack stack = new HeraldStack(home, settings);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException e) {
            stack.info("stopping what was started");
            stack.close();
            throw e;
        }
    }

    private void startAll() {
        Path work = settings.workDir;
        if (settings.deleteKafkaData) {
            StackData.deleteKafkaData(work);
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
            IngestServiceProcess.Options options = IngestServiceProcess.Options.in(work)
                    .kafka(bootstrapServers(), registryUrl()).port(ingestPort).adminPort(ingestAdminPort);
            ingestOptions = settings.ingestOptions.apply(settings.push ? options.override("channels", "sms,email,push")
                    : options);
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
        options.simulatorGateways(smsc, settings.email, settings.push);
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
        SmscSimulatorProcess.Options options = SmscSimulatorProcess.Options.in(settings.workDir).smppPort(smppPort)
                .httpPort(smscHttpPort).smtpPort(smtpPort);
        return adjust.apply(settings.push ? options.pushPorts(pushPorts[0], pushPorts[1]) : options);
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
     * @throws IllegalStateException if the group is not settled in time, or a process exited (its log says why)
     * @throws InterruptedException if interrupted while waiting
     */
    public void awaitDispatchersAssigned(Duration timeout) throws InterruptedException {
        int count = dispatchers().size();
        if (count > 0) {
            try (Admin admin = admin()) {
                GroupAssignment.await(admin, settings.groupId, count, timeout, this::info,
                        () -> dead().stream().findFirst());
            }
        }
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
}
