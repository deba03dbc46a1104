package io.herald.harness.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.local.DispatcherProcess;
import io.herald.local.FreePorts;
import io.herald.local.HeraldHome;
import io.herald.local.IngestServiceProcess;
import io.herald.local.KafkaBroker;
import io.herald.local.LocalProcess;
import io.herald.local.ProcessGroup;
import io.herald.local.SchemaRegistry;
import io.herald.local.SmscSimulatorProcess;
import io.herald.local.StackData;
import io.herald.schema.TopicSetup;
import io.herald.schema.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;

/**
 * The stack {@code herald chaos} runs its scenarios on, in its own work folder: Kafka (KRaft), the registry, the SMSC
 * simulator, one ingest-service and N dispatchers (separate JVMs, one consumer group). Unlike the demo's stack, each
 * process can be crashed, stopped and started again <em>on the same ports and, for Kafka, the same data dir</em>:
 * every port 0 is resolved to a free port once, at {@link #start}, and every restart reuses the resolved options.
 *
 * <p>{@link #close()} stops dispatchers, ingest, simulator, registry and Kafka in that order, whatever was restarted;
 * a JVM shutdown hook does the same if the CLI is interrupted. One scenario drives it at a time; dispatchers may be
 * restarted on other threads.
 */
public final class ChaosStack implements AutoCloseable {

    /** How long a dispatcher, started or restarted, may take to be ready under the scenario's load. */
    private static final Duration DISPATCHER_READY_TIMEOUT = Duration.ofSeconds(150);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HeraldHome home;
    private final ChaosSettings settings;
    private final PrintStream info;
    private final ProcessGroup shutdownHook;
    private final ChaosPorts ports;
    private final KafkaBroker.Options kafkaOptions;
    private final SmscSimulatorProcess.Options smscOptions;
    private final List<DispatcherProcess.Options> dispatcherOptions = new ArrayList<>();
    private final List<DispatcherProcess> dispatchers = new ArrayList<>();
    private KafkaBroker kafka;
    private SchemaRegistry registry;
    private SmscSimulatorProcess smsc;
    private IngestServiceProcess ingest;
    private String bootstrapServers;

    private ChaosStack(HeraldHome home, ChaosSettings settings, PrintStream info) {
        this.home = home;
        this.settings = settings;
        this.info = info;
        this.ports = settings.ports().resolved();
        Path work = settings.workDir();
        this.kafkaOptions = KafkaBroker.Options.in(work).port(ports.kafka()).controllerPort(ports.controller());
        this.smscOptions = SmscSimulatorProcess.Options.in(work).smppPort(ports.smsc()).httpPort(ports.smscHttp())
                .latencyMs(settings.smscLatency().toMillis());
        this.shutdownHook = new ProcessGroup();
        shutdownHook.add(this::stopAll);
        shutdownHook.stopOnShutdown();
    }

    /**
     * Starts Kafka, the registry, Herald's topics, the simulator, ingest and the dispatchers, each ready before the
     * next starts; on a failure, stops what was started and rethrows.
     *
     * @param home the Herald checkout
     * @param settings work folder, ports, dispatcher count and settings
     * @param info where progress lines go (stderr in the CLI)
     * @return the running stack
     * @throws io.herald.local.PortInUseException if a configured port is taken
     * @throws io.herald.local.ChildProcessException if a server does not become ready
     */
    public static ChaosStack start(HeraldHome home, ChaosSettings settings, PrintStream info) {
        ChaosStack stack = new ChaosStack(home, settings, info);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException e) {
            info.println("chaos: stopping what was started");
            stack.close();
            throw e;
        }
    }

    private void startAll() {
        Path work = settings.workDir();
        info.println("chaos: work folder " + work + " (logs in " + work.resolve("logs") + ")");
        // Kafka's records and the registry's schemas (registry-data/) outlive a run together, or not at all.
        StackData.prepare(work);
        kafka = timed("Kafka", () -> KafkaBroker.start(home, kafkaOptions));
        bootstrapServers = kafka.bootstrapServers();
        registry = timed("schema registry", () -> SchemaRegistry.start(home,
                SchemaRegistry.Options.in(work).port(ports.registry())));
        try (Admin admin = admin()) {
            TopicSetup.ensureTopics(admin, Topics.DEFAULT_REQUESTS_PARTITIONS, Topics.DEFAULT_STATUS_PARTITIONS,
                    TopicSetup.Durability.of(1), 30_000);
        }
        smsc = timed("SMSC simulator", () -> SmscSimulatorProcess.start(home, smscOptions));
        ingest = timed("ingest-service", () -> IngestServiceProcess.start(home, IngestServiceProcess.Options.in(work)
                .kafka(bootstrapServers, registryUrl()).port(ports.ingest()).adminPort(ports.ingestAdmin())));
        for (int i = 0; i < settings.dispatchers(); i++) {
            String name = "dispatcher-" + (i + 1);
            DispatcherProcess.Options options = DispatcherProcess.Options.in(work).name(name)
                    .kafka(bootstrapServers, registryUrl())
                    .smpp("127.0.0.1", smsc.smppPort(), smsc.systemId(), smsc.password())
                    .groupId(settings.groupId()).senderThreads(settings.senderThreads())
                    .adminPort(ports.dispatcherAdmin() == 0 ? FreePorts.pick() : ports.dispatcherAdmin() + i)
                    .property("max.in.flight", Integer.toString(settings.maxInFlight()))
                    // A restart after a kill -9 starts in about half the CPU: part of the resume time.
                    .classDataSharing(home.classDataFolder())
                    // A restart competes for the 2 cores with everything else at full load: its JVM has taken 20-40 s
                    // to load its classes, and once (CI, 2026-12-06) 52 s before its first log line, close to the
                    // default 60 s. The resume time is measured from the kill, whatever this allows.
                    .startupTimeout(DISPATCHER_READY_TIMEOUT);
            if (settings.staticMembership()) {
                // Kept in the properties file, so a restart after a kill -9 rejoins as the same static member.
                options.property("group.instance.id", name);
            }
            if (settings.sessionTimeout() != null) {
                // A killed dynamic member holds its partitions until its session expires (45 s as shipped).
                options.property("consumer.session.timeout.ms", Long.toString(settings.sessionTimeout().toMillis()));
            }
            dispatcherOptions.add(options);
            dispatchers.add(timed(name, () -> DispatcherProcess.start(home, options)));
        }
    }

    private <T> T timed(String what, Supplier<T> start) {
        info.println("chaos: starting " + what + " …");
        long t0 = System.nanoTime();
        T started = start.get();
        info.printf(Locale.ROOT, "chaos: %s ready in %.1f s (%s)%n", what, (System.nanoTime() - t0) / 1e9, started);
        return started;
    }

    /** @return a new admin client on the broker; the caller closes it */
    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000));
    }

    /** @return Kafka {@code bootstrap.servers}; stable across broker restarts */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** @return the registry's base URL */
    public String registryUrl() {
        return registry.url();
    }

    /** @return the ingest-service's base URL */
    public String ingestUrl() {
        return ingest.url();
    }

    /** @return the ingest service's API key ({@code Authorization: Bearer}) */
    public String ingestApiKey() {
        return ingest.apiKey();
    }

    /** @return the running simulator (a new object after each restart) */
    public SmscSimulatorProcess smsc() {
        return smsc;
    }

    /** @return the settings the stack was started with */
    public ChaosSettings settings() {
        return settings;
    }

    /**
     * Reads every dispatcher's {@code GET /stats} (admin port), in dispatcher order.
     *
     * @return one JSON object per dispatcher (counters such as {@code sent}, {@code failed}, {@code gatewayWaits},
     *     and {@code circuit})
     * @throws UncheckedIOException if a dispatcher does not answer 200
     */
    public List<JsonNode> dispatcherStats() {
        List<DispatcherProcess> current;
        synchronized (dispatchers) {
            current = List.copyOf(dispatchers);
        }
        List<JsonNode> stats = new ArrayList<>();
        for (DispatcherProcess dispatcher : current) {
            URI uri = URI.create(dispatcher.adminUrl() + "/stats");
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IOException("GET " + uri + " answered " + response.statusCode());
                }
                stats.add(JSON.readTree(response.body()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return stats;
    }

    /**
     * @param counter a numeric field of {@code GET /stats}, e.g. {@code gatewayWaits}
     * @return its sum over the dispatchers (a restarted dispatcher counts from 0 again)
     */
    public long dispatcherCounter(String counter) {
        return dispatcherStats().stream().mapToLong(stats -> stats.path(counter).asLong()).sum();
    }

    /** @return how many dispatchers the group has */
    int dispatcherCount() {
        synchronized (dispatchers) {
            return dispatchers.size();
        }
    }

    /**
     * Which {@code notify.requests} partitions the group's coordinator has assigned to dispatcher {@code index}'s
     * requests consumer (client id {@code <name>-consumer}), as of the group's last completed rebalance.
     *
     * @param index 0-based
     * @return the partition numbers; empty if the member is not in the group or the group cannot be described
     *     within 10 s
     */
    Set<Integer> requestPartitions(int index) {
        String clientId = "dispatcher-" + (index + 1) + "-consumer"; // instance.id is the name, dispatcher-N
        try (Admin admin = admin()) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(settings.groupId()))
                    .describedGroups().get(settings.groupId()).get(10, TimeUnit.SECONDS);
            Set<Integer> partitions = new TreeSet<>();
            for (MemberDescription member : group.members()) {
                if (member.clientId().equals(clientId)) {
                    member.assignment().topicPartitions().stream().filter(tp -> tp.topic().equals(Topics.REQUESTS))
                            .forEach(tp -> partitions.add(tp.partition()));
                }
            }
            return partitions;
        } catch (ExecutionException | TimeoutException e) {
            info.println("chaos: could not describe group " + settings.groupId() + ": " + e);
            return Set.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Set.of();
        }
    }

    /**
     * Crashes dispatcher {@code index} with SIGKILL ({@code kill -9}) and waits until it is gone.
     *
     * @param index 0-based
     */
    void killDispatcher(int index) {
        DispatcherProcess victim;
        synchronized (dispatchers) {
            victim = dispatchers.get(index);
        }
        victim.kill();
    }

    /**
     * Starts dispatcher {@code index} again with the same properties file (same group, same admin port) and waits
     * until it is healthy. May run on another thread than the scenario's.
     *
     * @param index 0-based
     */
    void restartDispatcher(int index) {
        DispatcherProcess restarted = DispatcherProcess.start(home, dispatcherOptions.get(index));
        synchronized (dispatchers) {
            dispatchers.set(index, restarted);
        }
    }

    /**
     * Stops the simulator (SIGTERM) after recording what it received: the dispatchers are frozen with SIGSTOP for
     * the moment it takes to read {@code GET /messages}, so nothing reaches the simulator between that read and its
     * stop; they are resumed (SIGCONT) once it is down. Unix only ({@code kill -STOP}).
     *
     * @param receptions where the simulator's messages are kept across its restarts
     */
    void stopSmsc(Receptions receptions) {
        signalDispatchers("STOP");
        try {
            sleep(500); // let submit_sm already on the wire reach the simulator
            receptions.closeLifetime(smsc);
            smsc.stop();
        } finally {
            signalDispatchers("CONT");
        }
    }

    /**
     * Starts the simulator on the same SMPP and HTTP ports: with the stack's latency, or with a throttle and no
     * latency.
     *
     * @param maxTps the {@code --max-tps} cap, 0 for none
     */
    void startSmsc(int maxTps) {
        startSmsc(maxTps, 0);
    }

    /**
     * Starts the simulator on the same SMPP and HTTP ports, answering a fraction of {@code submit_sm}
     * {@code ESME_RTHROTTLED} at random ({@code --throttle-rate}) if {@code throttleRate > 0}, else capped at
     * {@code maxTps} if that is above 0, else with the stack's latency.
     *
     * @param maxTps the {@code --max-tps} cap, 0 for none
     * @param throttleRate the {@code --throttle-rate} fraction 0–1, 0 for none
     */
    void startSmsc(int maxTps, double throttleRate) {
        SmscSimulatorProcess.Options options = SmscSimulatorProcess.Options.in(settings.workDir())
                .smppPort(ports.smsc()).httpPort(ports.smscHttp());
        if (throttleRate > 0) {
            options.extraArgs("--throttle-rate", Double.toString(throttleRate), "--seed",
                    Long.toString(settings.seed())).latencyMs(settings.smscLatency().toMillis());
        } else if (maxTps > 0) {
            // no latency: the dispatchers push as fast as they can, so the cap is what slows them
            options.maxTps(maxTps).latencyMs(0);
        } else {
            options.latencyMs(settings.smscLatency().toMillis());
        }
        smsc = SmscSimulatorProcess.start(home, options);
    }

    /**
     * Stops the simulator (SIGTERM) and starts it again on the same ports, e.g. with a throttle; what it received is
     * forgotten, so call it only between batches.
     *
     * @param maxTps the {@code --max-tps} cap, 0 for none
     */
    void restartSmsc(int maxTps) {
        restartSmsc(maxTps, 0);
    }

    /**
     * As {@link #restartSmsc(int)}, with a random throttle instead of a cap when {@code throttleRate > 0}.
     *
     * @param maxTps the {@code --max-tps} cap, 0 for none
     * @param throttleRate the {@code --throttle-rate} fraction 0–1, 0 for none
     */
    void restartSmsc(int maxTps, double throttleRate) {
        smsc.stop();
        startSmsc(maxTps, throttleRate);
    }

    /**
     * Stops the broker with SIGTERM (a controlled shutdown), runs {@code whileDown}, and starts it again on the same
     * ports and data dir.
     *
     * @param whileDown what to do while the broker is stopped
     * @throws InterruptedException if interrupted while {@code whileDown} ran (the broker is started again)
     */
    void restartBroker(WhileDown whileDown) throws InterruptedException {
        kafka.stop();
        try {
            whileDown.run();
        } finally {
            kafka = KafkaBroker.start(home, kafkaOptions);
        }
    }

    /** What to do while the broker is stopped, before it starts again. */
    @FunctionalInterface
    interface WhileDown {
        /** @throws InterruptedException if interrupted */
        void run() throws InterruptedException;
    }

    /** Starts again any dispatcher or the simulator that is no longer running, e.g. after a failed scenario. */
    void reviveDead() {
        for (int i = 0; i < dispatcherCount(); i++) {
            DispatcherProcess d;
            synchronized (dispatchers) {
                d = dispatchers.get(i);
            }
            if (!d.isAlive()) {
                info.println("chaos: " + d + " had exited (see " + d.logFile() + "); starting it again");
                restartDispatcher(i);
            }
        }
        if (!smsc.isAlive()) {
            startSmsc(0);
        }
    }

    /** @return the processes that are not running now, as {@code NAME(pid …, exited)} */
    List<String> dead() {
        List<LocalProcess> all = new ArrayList<>(List.of(kafka, registry, smsc, ingest));
        synchronized (dispatchers) {
            all.addAll(dispatchers);
        }
        return all.stream().filter(p -> !p.isAlive()).map(Object::toString).toList();
    }

    private void signalDispatchers(String signal) {
        List<DispatcherProcess> all;
        synchronized (dispatchers) {
            all = List.copyOf(dispatchers);
        }
        for (DispatcherProcess d : all) {
            if (!d.isAlive()) {
                continue;
            }
            try {
                Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(d.pid()))
                        .redirectErrorStream(true).start();
                kill.getInputStream().readAllBytes();
                kill.waitFor();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot send SIG" + signal + " to " + d, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while signalling " + d, e);
            }
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void stopAll() {
        List<AutoCloseable> order;
        synchronized (dispatchers) {
            order = new ArrayList<>(dispatchers);
        }
        order.add(ingest);
        order.add(smsc);
        order.add(registry);
        order.add(kafka);
        for (AutoCloseable process : order) {
            if (process == null) {
                continue;
            }
            try {
                process.close();
            } catch (Exception e) {
                info.println("chaos: could not stop " + process + ": " + e);
            }
        }
    }

    /** Stops every process: dispatchers, ingest, simulator, registry, Kafka. Idempotent. */
    @Override
    public void close() {
        shutdownHook.close();
    }
}
