package io.herald.harness.bench;

import io.herald.local.ChildProcess;
import io.herald.local.DispatcherProcess;
import io.herald.local.HeraldHome;
import io.herald.local.HeraldStack;
import io.herald.local.JavaCommand;
import io.herald.local.SmscSimulatorProcess;
import io.herald.schema.Topics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/**
 * Dispatch throughput: messages/s from a backlog on {@code notify.requests} to an SMSC simulator, for Herald's
 * dispatcher and the two baselines of {@code bench-dispatch/} (Confluent Parallel Consumer with KEY ordering, and a
 * naive poll, send each, commitSync loop), all sending through Herald's SMPP gateway client with the same settings:
 * {@code smpp.window.size} {@value #CONCURRENCY} (the messages in flight at the SMSC), one session, no delivery
 * receipts, and {@value #THREADS} threads ({@code sender.threads}; Parallel Consumer's {@code maxConcurrency}).
 *
 * <p>A data set is {@value #RECORDS} requests written to {@code notify.requests} by a producer with ingest's settings,
 * keyed by recipient, the recipients drawn from a pool of a given size. A run starts every dispatcher at a slice of
 * the data set in each partition (offsets committed for a fresh consumer group before the process starts); every run,
 * at every latency, has a slice of its own, so that no run reads what an earlier one sent (Herald's sent ledger skips
 * those, writing a SENT status without sending: such a run would measure the ledger, not the gateway path). A run's
 * figure is the simulator's complete messages per second over a window that opens {@link #WARM_UP} after the first
 * message arrived and lasts {@link #WINDOW}, or until the slice is nearly sent.
 */
public final class DispatchBenchmark implements AutoCloseable {

    /**
     * Requests in each data set: enough that each slice (see BenchRun: up to 9 per data set) outlasts a run's
     * warm-up and window at about 8,000 msg/s.
     */
    public static final int RECORDS = 1_200_000;
    /** Messages in flight at the SMSC per process: the SMPP window ({@code smpp.window.size}). */
    public static final int CONCURRENCY = 16;
    /**
     * Threads that send (Herald's {@code sender.threads}, Parallel Consumer's {@code maxConcurrency}): as many as the
     * window. Twice the window was tried (2026-12-06) so that a thread busy with a message's bookkeeping after its
     * {@code submit_sm_resp} would not hold a slot idle; with ingest running beside it, Herald at 0 ms then sent 936
     * msg/s (median of 3) where 16 threads sent 2,755: the SMPP window's fair semaphore hands each freed slot to the
     * longest-waiting thread, running or not, and on 2 busy cores the slot waits for that thread to be scheduled.
     */
    public static final int THREADS = CONCURRENCY;
    /**
     * From the first message at the simulator to the start of the window. Each run is a fresh JVM, and on 2 cores
     * the JIT compilers compete with the broker and the simulator for the first seconds: JFR showed compilations of
     * 100–540 ms each still going on 2–7 s after Herald's first message (2026-12-06). A dispatcher runs for days, so
     * the figure is taken after them.
     */
    public static final Duration WARM_UP = Duration.ofSeconds(8);
    /** The measured window. */
    public static final Duration WINDOW = Duration.ofSeconds(10);
    /** The {@code application.id} (and consumer group) of ingest's status view as the local stack runs it. */
    public static final String STATUS_VIEW_GROUP = "herald-ingest-status";

    /**
     * The topics Herald's dispatcher writes per message sent: the SENT status (which carries the sent-ledger entry),
     * and the previous release's ledger topic, counted where it exists so that a stray write to it would show.
     */
    public static final List<String> OUTCOME_TOPICS = List.of(Topics.STATUS, Topics.SENT);

    /** The dispatchers compared. */
    public enum Dispatcher {
        HERALD("Herald"), PARALLEL_CONSUMER("Parallel Consumer"), NAIVE("naive loop");

        private final String title;

        Dispatcher(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    private final HeraldHome home;
    private final HeraldStack stack;
    private final Path work;
    private final PrintStream progress;
    private final Map<String, String> properties;
    private final Map<Long, SmscSimulatorProcess> simulators = new HashMap<>();
    /** Records Herald's runs wrote to its outcome topics, and the messages those runs sent. */
    private long heraldOutcomeRecords;
    private long heraldMessages;
    private int started;

    /**
     * @param home the Herald checkout
     * @param stack the local stack
     * @param work where the processes' files go
     * @param progress where progress lines go
     * @param properties dispatcher properties set on every run's properties file, over the benchmark's own
     */
    public DispatchBenchmark(HeraldHome home, HeraldStack stack, Path work, PrintStream progress,
                             Map<String, String> properties) {
        this.properties = Map.copyOf(properties);
        this.home = home;
        this.stack = stack;
        this.work = work;
        this.progress = progress;
    }

    /**
     * Writes a data set: {@value #RECORDS} requests, each to a recipient drawn from a pool of {@code recipients}.
     *
     * @param recipients distinct recipients
     * @param seed the random seed of the pool and the draws
     * @return where they are
     */
    public Backlog preload(int recipients, long seed) throws Exception {
        return Backlog.write(stack.bootstrapServers(), stack.registryUrl(), RECORDS, recipients, seed);
    }

    /**
     * Runs one dispatcher on one slice of a data set and measures it.
     *
     * @param dispatcher which one
     * @param data the data set
     * @param slice the slice of the data set this run starts at, 1-based: one that no earlier run of Herald read, or
     *     its sent ledger skips what that run sent
     * @param slices slices the data set is cut in
     * @param latencyMs the simulator's delay before each submit_sm_resp, in ms
     * @return complete messages at the simulator per second, over the window
     * @throws IllegalStateException if nothing reaches the simulator within 90 s of the start
     */
    public double run(Dispatcher dispatcher, Backlog data, int slice, int slices, long latencyMs) throws Exception {
        SmscSimulatorProcess smsc = simulator(latencyMs);
        String name = "bench-" + dispatcher.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-" + (++started);
        String group = name + "-" + UUID.randomUUID();
        long sliceSize = data.sliceSize(slices);
        Backlog.startGroupAt(stack.bootstrapServers(), group, data.slice(slice, slices));
        DispatcherProcess.Options options = DispatcherProcess.Options.in(work).name(name).groupId(group)
                .kafka(stack.bootstrapServers(), stack.registryUrl()).smpp(smsc).senderThreads(THREADS)
                .adminPort(0)
                .property("smpp.window.size", Integer.toString(CONCURRENCY))
                .property("smpp.registered.delivery", "false")
                .property("receipts.enabled", "false");
        properties.forEach(options::property);
        long base = smsc.stats().messages();
        long outcomesBefore = dispatcher == Dispatcher.HERALD ? outcomeRecords() : 0;
        double rate;
        try (AutoCloseable process = start(dispatcher, options)) {
            rate = measure(smsc, base, sliceSize, name);
        }
        if (dispatcher == Dispatcher.HERALD) {
            // Only Herald writes these topics, and one run at a time: what they grew by is this run's.
            heraldOutcomeRecords += outcomeRecords() - outcomesBefore;
            heraldMessages += smsc.stats().messages() - base;
        }
        return rate;
    }

    /**
     * Runs {@code processes} Herald dispatchers in one consumer group on one slice of a data set and measures them
     * together, from {@link #WARM_UP} after every process owns partitions.
     *
     * @param data the data set
     * @param processes dispatcher processes in the group
     * @param slice which slice of the data set, 1-based
     * @param slices slices the data set is cut in
     * @param latencyMs the simulator's delay before each submit_sm_resp, in ms
     * @return complete messages at the simulator per second, over the window
     * @throws IllegalStateException if the group does not settle within 120 s
     */
    public double runGroup(Backlog data, int processes, int slice, int slices, long latencyMs) throws Exception {
        SmscSimulatorProcess smsc = simulator(latencyMs);
        String group = "bench-scale-" + processes + "-" + UUID.randomUUID();
        Backlog.startGroupAt(stack.bootstrapServers(), group, data.slice(slice, slices));
        List<DispatcherProcess> members = new ArrayList<>();
        try {
            for (int i = 0; i < processes; i++) {
                String name = "bench-herald-" + (++started);
                DispatcherProcess.Options options = DispatcherProcess.Options.in(work).name(name)
                        .groupId(group).kafka(stack.bootstrapServers(), stack.registryUrl()).smpp(smsc)
                        .senderThreads(THREADS).adminPort(0)
                        .property("smpp.window.size", Integer.toString(CONCURRENCY))
                        .property("smpp.registered.delivery", "false")
                        .property("receipts.enabled", "false");
                properties.forEach(options::property);
                members.add(DispatcherProcess.start(home, options));
            }
            awaitMembersOwnPartitions(group, processes);
            Thread.sleep(WARM_UP.toMillis());
            long first = smsc.stats().messages();
            long t1 = System.nanoTime();
            Thread.sleep(WINDOW.toMillis());
            long last = smsc.stats().messages();
            return (last - first) / ((System.nanoTime() - t1) / 1e9);
        } finally {
            members.forEach(member -> member.process().kill());
        }
    }

    private void awaitMembersOwnPartitions(String group, int processes) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers()))) {
            while (System.nanoTime() < deadline) {
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                        .describedGroups().get(group).get();
                long owners = description.members().stream().filter(m -> m.assignment().topicPartitions().stream()
                        .anyMatch(tp -> tp.topic().equals(Topics.REQUESTS))).count();
                if (description.groupState() == GroupState.STABLE && owners == processes) {
                    return;
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the " + processes + " dispatchers of group " + group
                + " did not all own partitions within 120 s; see their logs in " + work.resolve("logs"));
    }

    /**
     * Waits until ingest's status view has consumed {@code notify.status} to its end (a few records of lag allowed per
     * partition, for transaction markers), so that a run beside it does not measure an earlier section's backlog.
     *
     * @param timeout how long to wait; past it the run goes on, and a line says so
     */
    public void awaitStatusViewCaughtUp(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lag = Long.MAX_VALUE;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = Backlog.latestOffsets(admin, Topics.STATUS);
            while (System.nanoTime() < deadline) {
                var committed = admin.listConsumerGroupOffsets(STATUS_VIEW_GROUP).partitionsToOffsetAndMetadata()
                        .get();
                var ends = admin.listOffsets(latest).all().get();
                lag = 0;
                for (var end : ends.entrySet()) {
                    var at = committed.get(end.getKey());
                    lag += Math.max(0, end.getValue().offset() - (at == null ? 0 : at.offset()) - 2);
                }
                if (lag == 0) {
                    return;
                }
                Thread.sleep(1000);
            }
        }
        progress.printf(Locale.ROOT, "bench: dispatch: ingest's status view still %,d records behind after %d s; "
                + "going on%n", lag, timeout.toSeconds());
    }

    /**
     * @return records Herald's dispatchers wrote per message they sent, over every Herald run so far: the outcome
     *     topics' ({@code notify.status}, and {@code notify.sent} where it exists) growth over the simulator's
     *     messages; NaN before a run
     */
    public double heraldRecordsPerMessage() {
        return heraldMessages == 0 ? Double.NaN : (double) heraldOutcomeRecords / heraldMessages;
    }

    /** @return the end offsets of the outcome topics, summed over their partitions */
    private long outcomeRecords() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Set<String> existing = admin.listTopics().names().get();
            for (String topic : OUTCOME_TOPICS) {
                if (existing.contains(topic)) {
                    latest.putAll(Backlog.latestOffsets(admin, topic));
                }
            }
            return admin.listOffsets(latest).all().get().values().stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
        }
    }

    private AutoCloseable start(Dispatcher dispatcher, DispatcherProcess.Options options) {
        if (dispatcher == Dispatcher.HERALD) {
            DispatcherProcess herald = DispatcherProcess.start(home, options);
            return herald.process()::kill;
        }
        Path config = DispatcherProcess.writeConfig(options);
        Path jar = home.existing("bench-dispatch/target/bench-dispatch.jar");
        String mode = dispatcher == Dispatcher.PARALLEL_CONSUMER ? "pc" : "naive";
        String name = config.getFileName().toString().replace(".properties", "");
        ChildProcess child = ChildProcess.start(ChildProcess.Spec.builder(name, JavaCommand.jar(jar)
                .maxHeap("256m").args(mode, config.toString()).build()).workDir(work).build());
        return child::kill;
    }

    private double measure(SmscSimulatorProcess smsc, long base, long slice, String name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (smsc.stats().messages() == base) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " sent nothing to the simulator within 90 s; see its log in "
                        + work.resolve("logs"));
            }
            Thread.sleep(50);
        }
        Thread.sleep(WARM_UP.toMillis());
        long first = smsc.stats().messages();
        long t1 = System.nanoTime();
        long last = first;
        long t2 = t1;
        while (t2 - t1 < WINDOW.toNanos() && last - base < slice * 9 / 10) {
            Thread.sleep(100);
            last = smsc.stats().messages();
            t2 = System.nanoTime();
        }
        return (last - first) / ((t2 - t1) / 1e9);
    }

    /** The simulator for a latency, started the first time it is needed, on free ports. */
    private SmscSimulatorProcess simulator(long latencyMs) {
        return simulators.computeIfAbsent(latencyMs, latency -> {
            progress.printf(Locale.ROOT, "bench: dispatch: starting an SMSC simulator with %d ms latency%n", latency);
            return SmscSimulatorProcess.start(home, SmscSimulatorProcess.Options.in(work)
                    .name("smsc-" + latency + "ms").smppPort(0).httpPort(0)
                    .smtpPort(SmscSimulatorProcess.Options.SMTP_OFF).latencyMs(latency).maxHeap("512m")
                    .extraArgs("--max-recorded", "100000"));
        });
    }

    /** Stops the simulators this benchmark started. */
    @Override
    public void close() {
        simulators.values().forEach(SmscSimulatorProcess::stop);
        simulators.clear();
    }
}
