package io.herald.harness.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.local.DispatcherProcess;
import io.herald.local.HeraldHome;
import io.herald.local.HeraldStack;
import io.herald.local.SmscSimulatorProcess;
import io.herald.schema.Topics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;

/**
 * The stack {@code herald chaos} runs its scenarios on, in its own work folder: a {@link HeraldStack} with Kafka
 * (KRaft), the registry, the SMSC simulator, one ingest-service and N dispatchers (separate JVMs, one consumer group),
 * each of which can be crashed, stopped and started again <em>on the same ports and, for Kafka, the same data
 * dir</em>. This class adds what the scenarios need beyond that: the chaos settings, the simulator's throttles, a
 * dispatcher's partitions, freezing the dispatchers while the simulator stops.
 *
 * <p>{@link #close()} stops dispatchers, ingest, simulator, registry and Kafka in that order, whatever was restarted;
 * a JVM shutdown hook does the same if the CLI is interrupted. One scenario drives it at a time; dispatchers may be
 * restarted on other threads.
 */
public final class ChaosStack implements AutoCloseable {

    /** How long a dispatcher, started or restarted, may take to be ready under the scenario's load. */
    private static final Duration DISPATCHER_READY_TIMEOUT = Duration.ofSeconds(150);

    private final HeraldStack stack;
    private final ChaosSettings settings;
    private final PrintStream info;

    private ChaosStack(HeraldStack stack, ChaosSettings settings, PrintStream info) {
        this.stack = stack;
        this.settings = settings;
        this.info = info;
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
        ChaosPorts ports = settings.ports();
        HeraldStack stack = HeraldStack.builder(home, settings.workDir()).progress(info, "chaos: ")
                .kafkaAndRegistryApart()
                .kafkaPorts(ports.kafka(), ports.controller()).registryPort(ports.registry())
                .smscPorts(ports.smsc(), ports.smscHttp(), 0)
                .smscOptions(options -> options.latencyMs(settings.smscLatency().toMillis()))
                .ingest(true).ingestPorts(ports.ingest(), ports.ingestAdmin())
                .dispatchers(settings.dispatchers()).groupId(settings.groupId())
                .dispatcherAdminPort(ports.dispatcherAdmin()).senderThreads(settings.senderThreads())
                // A restart after a kill -9 starts in about half the CPU: part of the resume time.
                .classDataSharing()
                .dispatcherOptions((index, options) -> dispatcherOptions(settings, index, options))
                // The push servers too, on free ports: a run with --channel push sends through them.
                .push()
                .start();
        return new ChaosStack(stack, settings, info);
    }

    private static void dispatcherOptions(ChaosSettings settings, int index, DispatcherProcess.Options options) {
        options.property("max.in.flight", Integer.toString(settings.maxInFlight()))
                // A restart competes for the 2 cores with everything else at full load: its JVM has taken 20-40 s
                // to load its classes, and once (CI, 2026-12-06) 52 s before its first log line, close to the
                // default 60 s. The resume time is measured from the kill, whatever this allows.
                .startupTimeout(DISPATCHER_READY_TIMEOUT);
        if (settings.staticMembership()) {
            // Kept in the properties file, so a restart after a kill -9 rejoins as the same static member.
            options.property("group.instance.id", "dispatcher-" + (index + 1)); // the name the stack gives it
        }
        if (settings.sessionTimeout() != null) {
            // A killed dynamic member holds its partitions until its session expires (45 s as shipped).
            options.property("consumer.session.timeout.ms", Long.toString(settings.sessionTimeout().toMillis()));
        }
    }

    /** @return a new admin client on the broker; the caller closes it */
    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000));
    }

    /** @return Kafka {@code bootstrap.servers}; stable across broker restarts */
    public String bootstrapServers() {
        return stack.bootstrapServers();
    }

    /** @return the registry's base URL */
    public String registryUrl() {
        return stack.registryUrl();
    }

    /** @return the ingest-service's base URL */
    public String ingestUrl() {
        return stack.ingest().url();
    }

    /** @return the ingest service's API key ({@code Authorization: Bearer}) */
    public String ingestApiKey() {
        return stack.ingest().apiKey();
    }

    /** @return the running simulator (a new object after each restart) */
    public SmscSimulatorProcess smsc() {
        return stack.smsc();
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
     * @throws java.io.UncheckedIOException if a dispatcher does not answer 200
     */
    public List<JsonNode> dispatcherStats() {
        return stack.dispatcherStats();
    }

    /**
     * @param counter a numeric field of {@code GET /stats}, e.g. {@code gatewayWaits}
     * @return its sum over the dispatchers (a restarted dispatcher counts from 0 again)
     */
    public long dispatcherCounter(String counter) {
        return stack.dispatcherCounter(counter);
    }

    /** @return how many dispatchers the group has */
    int dispatcherCount() {
        return stack.dispatchers().size();
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
        stack.killDispatcher(index);
    }

    /**
     * Starts dispatcher {@code index} again with the same properties file (same group, same admin port) and waits
     * until it is healthy. May run on another thread than the scenario's.
     *
     * @param index 0-based
     */
    void restartDispatcher(int index) {
        stack.restartDispatcher(index);
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
            receptions.closeLifetime(stack.smsc());
            stack.stopSmsc();
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
        restartSmsc(maxTps, 0);
    }

    /**
     * Stops the simulator (SIGTERM) if it runs and starts it again on the same ports, answering a fraction of
     * {@code submit_sm} {@code ESME_RTHROTTLED} at random ({@code --throttle-rate}) if {@code throttleRate > 0}, else
     * capped at {@code maxTps} if that is above 0, else with the stack's latency; what it received is forgotten, so
     * call it only between batches.
     *
     * @param maxTps the {@code --max-tps} cap, 0 for none
     * @param throttleRate the {@code --throttle-rate} fraction 0–1, 0 for none
     */
    void restartSmsc(int maxTps, double throttleRate) {
        if (throttleRate > 0) {
            stack.restartSmsc(options -> options.extraArgs("--throttle-rate", Double.toString(throttleRate), "--seed",
                    Long.toString(settings.seed())));
        } else if (maxTps > 0) {
            // no latency: the dispatchers push as fast as they can, so the cap is what slows them
            stack.restartSmsc(options -> options.maxTps(maxTps).latencyMs(0));
        } else {
            stack.restartSmsc(options -> options);
        }
    }

    /**
     * Stops the simulator (SIGTERM) and starts it again on the same ports, e.g. with a throttle.
     *
     * @param maxTps the {@code --max-tps} cap, 0 for none
     */
    void restartSmsc(int maxTps) {
        restartSmsc(maxTps, 0);
    }

    /**
     * Stops the broker with SIGTERM (a controlled shutdown), runs {@code whileDown}, and starts it again on the same
     * ports and data dir.
     *
     * @param whileDown what to do while the broker is stopped
     * @throws InterruptedException if interrupted while {@code whileDown} ran (the broker is started again)
     */
    void restartBroker(HeraldStack.WhileDown whileDown) throws InterruptedException {
        stack.restartBroker(whileDown);
    }

    /** Starts again any dispatcher or the simulator that is no longer running, e.g. after a failed scenario. */
    void reviveDead() {
        List<DispatcherProcess> dispatchers = stack.dispatchers();
        for (int i = 0; i < dispatchers.size(); i++) {
            DispatcherProcess d = dispatchers.get(i);
            if (!d.isAlive()) {
                info.println("chaos: " + d + " had exited (see " + d.logFile() + "); starting it again");
                restartDispatcher(i);
            }
        }
        if (!stack.smsc().isAlive()) {
            startSmsc(0);
        }
    }

    /** @return the processes that are not running now, as {@code NAME(pid …, exited)} */
    List<String> dead() {
        return stack.dead().stream().map(Object::toString).toList();
    }

    private void signalDispatchers(String signal) {
        for (DispatcherProcess d : stack.dispatchers()) {
            if (d.isAlive()) {
                d.signal(signal);
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

    /** Stops every process: dispatchers, ingest, simulator, registry, Kafka. Idempotent. */
    @Override
    public void close() {
        stack.close();
    }
}
