package io.herald.cli;

import io.herald.local.DispatcherProcess;
import io.herald.local.HeraldHome;
import io.herald.local.IngestServiceProcess;
import io.herald.local.LocalProcess;
import io.herald.local.LocalPorts;
import io.herald.local.LocalStack;
import io.herald.local.ProcessGroup;
import io.herald.local.SmscSimulatorProcess;
import io.herald.local.StackData;
import io.herald.schema.TopicSetup;
import io.herald.schema.Topics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;

/**
 * Everything one CLI run starts, in order: Kafka and the registry, Herald's topics, the SMSC simulator, and
 * optionally the ingest-service and N dispatchers (one JVM each, one consumer group). {@link #close()} stops them in
 * reverse order; a shutdown hook does the same if the CLI is interrupted.
 */
final class DemoStack implements AutoCloseable {

    private final ProcessGroup group;
    private final LocalStack stack;
    private final SmscSimulatorProcess smsc;
    private IngestServiceProcess ingest;
    private final List<DispatcherProcess> dispatchers;

    private DemoStack(ProcessGroup group, LocalStack stack, SmscSimulatorProcess smsc, IngestServiceProcess ingest,
                      List<DispatcherProcess> dispatchers) {
        this.group = group;
        this.stack = stack;
        this.smsc = smsc;
        this.ingest = ingest;
        this.dispatchers = dispatchers;
    }

    /** What to start beyond Kafka, the registry and the simulator. */
    record Services(boolean ingest, int ingestPort, int ingestAdminPort, int dispatchers, int dispatcherAdminPort,
                    String groupId, int senderThreads) {
        static Services none() {
            return new Services(false, 0, 0, 0, 0, null, 0);
        }
    }

    /**
     * Starts the stack in the work folder of {@code options}; with {@code --fresh}, deletes that folder's data first.
     *
     * @param home the Herald checkout
     * @param options work folder, {@code --fresh}, ports
     * @param services what to start beyond Kafka, the registry and the simulator
     * @param info where progress lines go (stderr)
     * @return the running stack
     * @throws io.herald.local.WorkFolderInUseException with {@code --fresh}, if a process started from the work folder
     *     still runs; nothing was deleted or started then
     */
    static DemoStack start(HeraldHome home, StackOptions options, Services services, PrintStream info) {
        Path work = options.workDir(home);
        info.println("herald: work folder " + work + " (logs in " + work.resolve("logs") + ")");
        if (options.fresh) {
            List<Path> deleted = StackData.deleteAll(work);
            info.println("herald: --fresh: " + (deleted.isEmpty() ? "no data to delete"
                    : "deleted " + deleted.stream().map(folder -> folder + "/").collect(Collectors.joining(" "))));
        }
        ProcessGroup group = new ProcessGroup().stopOnShutdown();
        try {
            LocalStack stack = group.add(timed(info, "Kafka and the schema registry",
                    () -> LocalStack.start(home, options.localStack(work))));
            createTopics(stack.bootstrapServers());
            SmscSimulatorProcess smsc = group.add(timed(info, "SMSC simulator",
                    () -> SmscSimulatorProcess.start(home, options.smsc(work))));
            IngestServiceProcess ingest = null;
            if (services.ingest()) {
                ingest = group.add(timed(info, "ingest-service", () -> IngestServiceProcess.start(home,
                        IngestServiceProcess.Options.in(work)
                                .kafka(stack.bootstrapServers(), stack.registryUrl())
                                .port(services.ingestPort()).adminPort(services.ingestAdminPort()))));
            }
            List<DispatcherProcess> dispatchers = new ArrayList<>();
            for (int i = 1; i <= services.dispatchers(); i++) {
                String name = "dispatcher-" + i;
                int adminPort = services.dispatcherAdminPort() == 0 ? 0 : services.dispatcherAdminPort() + i - 1;
                dispatchers.add(group.add(timed(info, name, () -> DispatcherProcess.start(home,
                        DispatcherProcess.Options.in(work).name(name)
                                .kafka(stack.bootstrapServers(), stack.registryUrl())
                                .smpp(smsc).smtp(LocalPorts.HOST, smsc.smtpPort())
                                .groupId(services.groupId()).senderThreads(services.senderThreads())
                                .adminPort(adminPort).classDataSharing(home.classDataFolder())))));
            }
            return new DemoStack(group, stack, smsc, ingest, List.copyOf(dispatchers));
        } catch (RuntimeException e) {
            info.println("herald: stopping what was started");
            group.close();
            throw e;
        }
    }

    private static <T> T timed(PrintStream info, String what, Supplier<T> start) {
        info.println("herald: starting " + what + " …");
        long t0 = System.nanoTime();
        T started = start.get();
        info.printf(Locale.ROOT, "herald: %s ready in %.1f s (%s)%n", what, (System.nanoTime() - t0) / 1e9, started);
        return started;
    }

    private static void createTopics(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            TopicSetup.ensureTopics(admin, Topics.DEFAULT_REQUESTS_PARTITIONS, Topics.DEFAULT_STATUS_PARTITIONS,
                    TopicSetup.Durability.of(1), 30_000);
        }
    }

    /**
     * Waits until the dispatchers' consumer group is stable with every dispatcher as a member and every partition of
     * {@code notify.requests} assigned, and prints how long that took.
     *
     * @param groupId the dispatchers' consumer group
     * @param timeout how long to wait at most
     * @param info where the line that says so goes
     * @throws IllegalStateException if the group is not settled in time (a dispatcher's log says why)
     * @throws InterruptedException if interrupted while waiting
     */
    void awaitDispatchersAssigned(String groupId, java.time.Duration timeout, PrintStream info)
            throws InterruptedException {
        if (dispatchers.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        int partitions = Topics.DEFAULT_REQUESTS_PARTITIONS;
        String last = "not described yet";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            while (System.nanoTime() < deadline) {
                try {
                    ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId))
                            .describedGroups().get(groupId).get();
                    long assigned = group.members().stream().flatMap(m -> m.assignment().topicPartitions().stream())
                            .filter(tp -> tp.topic().equals(Topics.REQUESTS)).distinct().count();
                    long owners = group.members().stream().filter(m -> m.assignment().topicPartitions().stream()
                            .anyMatch(tp -> tp.topic().equals(Topics.REQUESTS))).count();
                    last = group.groupState() + ", " + owners + " of " + dispatchers.size()
                            + " dispatchers own partitions, " + assigned + " of " + partitions + " assigned";
                    if (group.groupState() == GroupState.STABLE && owners == dispatchers.size()
                            && assigned == partitions) {
                        info.printf(Locale.ROOT, "herald: the %d dispatchers own the %d partitions of %s "
                                + "(%.1f s)%n", dispatchers.size(), partitions, Topics.REQUESTS,
                                (System.nanoTime() - t0) / 1e9);
                        return;
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    last = e.getCause().toString();
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the dispatchers' group " + groupId + " did not settle within "
                + timeout.toSeconds() + " s: " + last);
    }

    /**
     * @return the first started process that is no longer alive, if any
     */
    Optional<LocalProcess> firstDead() {
        List<LocalProcess> all = new ArrayList<>(List.of(stack.kafka(), stack.registry(), smsc));
        if (ingest != null) {
            all.add(ingest);
        }
        all.addAll(dispatchers);
        return all.stream().filter(p -> !p.isAlive()).findFirst();
    }

    LocalStack stack() {
        return stack;
    }

    SmscSimulatorProcess smsc() {
        return smsc;
    }

    /** @return the ingest-service, or null if it was not started or was stopped */
    IngestServiceProcess ingest() {
        return ingest;
    }

    /** Stops the ingest-service (and its status view) if it runs; {@link #ingest()} is null afterwards. */
    void stopIngest() {
        if (ingest != null) {
            ingest.stop();
            ingest = null;
        }
    }

    List<DispatcherProcess> dispatchers() {
        return dispatchers;
    }

    /** Prints the endpoints, one {@code name: address} per line, as documented in docs/demo.md. */
    void printEndpoints(PrintStream out) {
        if (ingest != null) {
            out.println("ingest: " + ingest.url());
            out.println("api-key: " + ingest.apiKey());
            out.println("api-key-limited: " + ingest.limitedApiKey());
        }
        out.println("kafka: " + stack.bootstrapServers());
        out.println("registry: " + stack.registryUrl());
        out.println("smsc: 127.0.0.1:" + smsc.smppPort());
        if (smsc.smtpPort() > 0) {
            out.println("smtp: 127.0.0.1:" + smsc.smtpPort());
        }
        out.flush();
    }

    /** Stops every process: dispatchers, ingest, simulator, registry, Kafka. */
    @Override
    public void close() {
        group.close();
    }
}
