package io.herald.harness.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.local.DispatcherProcess;
import io.herald.local.HeraldHome;
import io.herald.local.HeraldStack;
import io.herald.local.SmscSimulatorProcess;
import io.herald.schema.PriorityLane;
import io.herald.schema.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;

/**
 * The {@code high} lane under a {@code bulk} backlog: {@value #BACKLOG} bulk requests wait on
 * {@code notify.requests.bulk} when one Herald dispatcher as shipped ({@code sender.threads=16}) starts on a fresh
 * consumer group, against a simulator of its own that answers each {@code submit_sm} after {@value #SMSC_LATENCY_MS}
 * ms (so the gateway takes at most 16 / 20 ms = 800 msg/s). After {@link #WARM_UP}, the bulk rate alone is measured
 * for {@link #ALONE}; then, for {@link #WITH_HIGH}, a steady {@value #HIGH_RATE} msg/s of {@code high} one-time codes
 * is posted (one recipient per {@code POST /v1/batches}, each without waiting for the one before), and both the codes'
 * latency (from the 202 to the simulator's receipt) and the bulk rate beside them are measured.
 */
public final class LaneBenchmark implements AutoCloseable {

    /** Bulk requests queued ahead of every run. */
    public static final int BACKLOG = 200_000;
    /** The simulator's answer delay, in ms. */
    public static final long SMSC_LATENCY_MS = 20;
    /** High messages per second offered. */
    public static final int HIGH_RATE = 20;
    /** Not measured: the fresh JVM's JIT. */
    public static final Duration WARM_UP = Duration.ofSeconds(20);
    /** The bulk lane alone. */
    public static final Duration ALONE = Duration.ofSeconds(20);
    /** The bulk lane with the high lane's steady load. */
    public static final Duration WITH_HIGH = Duration.ofSeconds(60);
    /** The dispatcher's sender threads, its shipped default. */
    public static final int SENDER_THREADS = 16;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One run's figures.
     *
     * @param bulkAlonePerSecond bulk messages at the simulator per second with the bulk lane alone
     * @param bulkWithHighPerSecond bulk messages at the simulator per second beside the high load
     * @param highMessages high messages measured
     * @param p50Ms their median latency, in ms
     * @param p99Ms their p99, in ms
     * @param maxMs their largest, in ms
     * @param missing high messages accepted that never reached the simulator
     */
    public record Result(double bulkAlonePerSecond, double bulkWithHighPerSecond, long highMessages, double p50Ms,
                         double p99Ms, double maxMs, long missing) {
    }

    private final HeraldHome home;
    private final HeraldStack stack;
    private final AcceptedPosts posts;
    private final Path work;
    private final Random random = new Random(20261207L);
    private SmscSimulatorProcess smsc;
    private Backlog backlog;
    private int started;

    public LaneBenchmark(HeraldHome home, HeraldStack stack, String ingestUrl, String apiKey, Path work) {
        this.home = home;
        this.stack = stack;
        this.posts = new AcceptedPosts(ingestUrl, apiKey);
        this.work = work;
    }

    /**
     * Writes the bulk backlog, once for every run: each run starts a fresh group at its beginning.
     *
     * @return how long it took
     */
    public Duration preload() throws Exception {
        long t0 = System.nanoTime();
        backlog = Backlog.write(stack.bootstrapServers(), stack.registryUrl(), BACKLOG, 10_000, 20261207L,
                PriorityLane.BULK);
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /**
     * One run.
     *
     * @return its figures
     * @throws IllegalStateException if a POST is not answered 202, or the backlog ran out before the end
     */
    public Result run() throws Exception {
        if (backlog == null) {
            throw new IllegalStateException("preload() first");
        }
        if (smsc == null) {
            smsc = SmscSimulatorProcess.start(home, SmscSimulatorProcess.Options.in(work).name("smsc-lanes")
                    .smppPort(0).httpPort(0).smtpPort(SmscSimulatorProcess.Options.SMTP_OFF).maxHeap("768m")
                    .latencyMs(SMSC_LATENCY_MS).extraArgs("--max-recorded", Integer.toString(BACKLOG + 10_000)));
        }
        smsc.reset();
        String name = "bench-lanes-" + (++started);
        String group = name + "-" + UUID.randomUUID();
        // The bulk lane at the backlog's start; the others at their end (earlier runs' high messages stay behind).
        Map<TopicPartition, Object> from = new HashMap<>(Backlog.endOffsets(stack.bootstrapServers()));
        backlog.after(0).forEach((partition, offset) -> {
            if (partition.topic().equals(Topics.REQUESTS_BULK)) {
                from.put(partition, offset);
            }
        });
        Backlog.startGroupAt(stack.bootstrapServers(), group, from);
        DispatcherProcess dispatcher = DispatcherProcess.start(home, DispatcherProcess.Options.in(work).name(name)
                .groupId(group).kafka(stack.bootstrapServers(), stack.registryUrl()).smpp(smsc)
                .senderThreads(SENDER_THREADS).adminPort(0)
                .property("smpp.registered.delivery", "false")
                .property("receipts.enabled", "false"));
        try {
            Thread.sleep(WARM_UP.toMillis());
            long aloneFrom = smsc.stats().messages();
            long t0 = System.nanoTime();
            Thread.sleep(ALONE.toMillis());
            long aloneTo = smsc.stats().messages();
            double aloneSeconds = (System.nanoTime() - t0) / 1e9;

            Map<String, Instant> accepted = new ConcurrentHashMap<>();
            long t1 = System.nanoTime();
            offerHigh(accepted);
            long withTo = smsc.stats().messages();
            double withSeconds = (System.nanoTime() - t1) / 1e9;
            if (withTo >= BACKLOG) {
                throw new IllegalStateException("the bulk backlog of " + BACKLOG + " ran out before the run ended");
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Map<String, Instant> received = AcceptedPosts.receivedAt(smsc, accepted::containsKey);
            while (received.size() < accepted.size() && System.nanoTime() < deadline) {
                Thread.sleep(500);
                received = AcceptedPosts.receivedAt(smsc, accepted::containsKey);
            }
            List<Long> latencies = new ArrayList<>();
            for (Map.Entry<String, Instant> entry : accepted.entrySet()) {
                Instant at = received.get(entry.getKey());
                if (at != null) {
                    latencies.add(Duration.between(entry.getValue(), at).toNanos());
                }
            }
            if (latencies.isEmpty()) {
                throw new IllegalStateException("no high message reached the simulator; see the logs in "
                        + work.resolve("logs"));
            }
            Collections.sort(latencies);
            // The high messages of the measured part were sent in it (a few may land just after: counted there).
            double bulkWith = (withTo - aloneTo - accepted.size()) / withSeconds;
            return new Result((aloneTo - aloneFrom) / aloneSeconds, bulkWith, latencies.size(),
                    Figures.percentile(latencies, 0.50) / 1e6, Figures.percentile(latencies, 0.99) / 1e6,
                    latencies.get(latencies.size() - 1) / 1e6, accepted.size() - latencies.size());
        } finally {
            dispatcher.process().kill();
        }
    }

    /** Posts one high message every {@code 1000 / HIGH_RATE} ms for {@link #WITH_HIGH}, each without waiting. */
    private void offerHigh(Map<String, Instant> accepted) throws Exception {
        long periodMs = 1000 / HIGH_RATE;
        long count = WITH_HIGH.toMillis() / periodMs;
        List<CompletableFuture<Void>> answers = Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        long[] sent = new long[1];
        try {
            clock.scheduleAtFixedRate(() -> {
                if (sent[0]++ < count) {
                    answers.add(posts.post(body(), accepted));
                }
            }, 0, periodMs, TimeUnit.MILLISECONDS);
            Thread.sleep(WITH_HIGH.toMillis());
        } finally {
            clock.shutdown();
            clock.awaitTermination(5, TimeUnit.SECONDS);
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
    }

    private synchronized byte[] body() {
        ObjectNode root = JSON.createObjectNode().put("from", "HERALD").put("text", "Your code is 4711")
                .put("priority", "high");
        root.putArray("recipients").addObject().put("to",
                String.format(Locale.ROOT, "+479%07d", random.nextInt(10_000_000)));
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (smsc != null) {
            smsc.stop();
        }
    }
}
