package io.herald.harness.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.local.DispatcherProcess;
import io.herald.local.HeraldHome;
import io.herald.local.HeraldStack;
import io.herald.local.SmscSimulatorProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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
import java.util.concurrent.atomic.AtomicLong;

/**
 * End-to-end latency: from the 202 of {@code POST /v1/batches} to the SMSC simulator's receipt of each message, at a
 * steady {@value #RATE} messages/s for {@link #DURATION}: a batch of {@value #BATCH} distinct random recipients every
 * {@code BATCH * 1000 / RATE} ms, each POST sent without waiting for the one before. One Herald dispatcher as shipped
 * ({@code sender.threads=16}) on a fresh consumer group that starts at the end of {@code notify.requests}, a
 * simulator of its own that answers at once, no delivery receipts. A message that reaches the simulator before the
 * client has its batch's 202 counts with a negative latency: it is not dropped.
 */
public final class LatencyBenchmark implements AutoCloseable {

    /** Messages per second offered. */
    public static final int RATE = 2000;
    /** Recipients per POST. */
    public static final int BATCH = 100;
    /** How long the load is offered and measured. */
    public static final Duration DURATION = Duration.ofSeconds(60);
    /**
     * Load offered before the measured part, not counted. Each run's dispatcher is a fresh JVM: for its first seconds,
     * while its JIT compiles, it moves about half the offered rate (its log shows it pausing at {@code max.in.flight}
     * every half second), and with 5 s the queue built then was still being worked off well into the measured part.
     */
    public static final Duration WARM_UP = Duration.ofSeconds(30);
    /** The dispatcher's sender threads, its shipped default. */
    public static final int SENDER_THREADS = 16;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One run's figures, latencies in ms. */
    public record Result(long messages, double offeredPerSecond, double acceptedPerSecond, double p50Ms, double p99Ms,
                         double p999Ms, long missing) {
    }

    private final HeraldHome home;
    private final HeraldStack stack;
    private final AcceptedPosts posts;
    private final Path work;
    private final Random random = new Random(20261201L);
    private SmscSimulatorProcess smsc;
    private int started;

    public LatencyBenchmark(HeraldHome home, HeraldStack stack, String ingestUrl, String apiKey, Path work) {
        this.home = home;
        this.stack = stack;
        this.posts = new AcceptedPosts(ingestUrl, apiKey);
        this.work = work;
    }

    /**
     * Offers the load once and measures it.
     *
     * @return the run's figures
     * @throws IllegalStateException if a POST is not answered 202, or messages are still missing a minute after
     *     the load ended
     */
    public Result run() throws Exception {
        if (smsc == null) {
            smsc = SmscSimulatorProcess.start(home, SmscSimulatorProcess.Options.in(work).name("smsc-latency")
                    .smppPort(0).httpPort(0).smtpPort(SmscSimulatorProcess.Options.SMTP_OFF).maxHeap("512m")
                    .extraArgs("--max-recorded",
                            Long.toString((WARM_UP.toSeconds() + DURATION.toSeconds()) * RATE * 11 / 10)));
        }
        smsc.reset();
        String name = "bench-latency-" + (++started);
        String group = name + "-" + UUID.randomUUID();
        Backlog.startGroupAt(stack.bootstrapServers(), group, Backlog.endOffsets(stack.bootstrapServers()));
        DispatcherProcess dispatcher = DispatcherProcess.start(home, DispatcherProcess.Options.in(work).name(name)
                .groupId(group).kafka(stack.bootstrapServers(), stack.registryUrl()).smpp(smsc)
                .senderThreads(SENDER_THREADS).adminPort(0)
                .property("smpp.registered.delivery", "false")
                .property("receipts.enabled", "false"));
        try {
            offer(WARM_UP, null);
            Map<String, Instant> accepted = new ConcurrentHashMap<>();
            long t0 = System.nanoTime();
            long batches = offer(DURATION, accepted);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long expected = accepted.size() + (long) (WARM_UP.toSeconds() * RATE / BATCH) * BATCH;
            while (smsc.stats().messages() < expected && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            Map<String, Instant> received = AcceptedPosts.receivedAt(smsc, id -> true);
            List<Long> latencies = new ArrayList<>(accepted.size());
            long missing = 0;
            for (Map.Entry<String, Instant> entry : accepted.entrySet()) {
                Instant at = received.get(entry.getKey());
                if (at == null) {
                    missing++;
                } else {
                    latencies.add(Duration.between(entry.getValue(), at).toNanos());
                }
            }
            if (latencies.isEmpty()) {
                throw new IllegalStateException("no message of the run reached the simulator; see the logs in "
                        + work.resolve("logs"));
            }
            Collections.sort(latencies);
            return new Result(latencies.size(), batches * BATCH / seconds, accepted.size() / seconds,
                    Figures.percentile(latencies, 0.50) / 1e6, Figures.percentile(latencies, 0.99) / 1e6,
                    Figures.percentile(latencies, 0.999) / 1e6, missing);
        } finally {
            dispatcher.process().kill();
        }
    }

    /**
     * Posts a batch every {@code BATCH * 1000 / RATE} ms for a while, each without waiting for the others.
     *
     * @param duration how long
     * @param accepted where to put each accepted message's id and the instant its 202 arrived; null to keep none
     * @return batches posted
     */
    private long offer(Duration duration, Map<String, Instant> accepted) throws Exception {
        long periodMicros = BATCH * 1_000_000L / RATE;
        long batches = duration.toNanos() / (periodMicros * 1000);
        List<CompletableFuture<Void>> answers = Collections.synchronizedList(new ArrayList<>());
        AtomicLong sent = new AtomicLong();
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        try {
            clock.scheduleAtFixedRate(() -> {
                if (sent.getAndIncrement() < batches) {
                    answers.add(posts.post(body(), accepted));
                }
            }, 0, periodMicros, TimeUnit.MICROSECONDS);
            while (sent.get() < batches) {
                Thread.sleep(50);
            }
        } finally {
            clock.shutdownNow();
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        return batches;
    }

    private synchronized byte[] body() {
        ObjectNode root = JSON.createObjectNode().put("from", "HERALD").put("text", "Latency check: your code is 4711");
        ArrayNode recipients = root.putArray("recipients");
        for (int i = 0; i < BATCH; i++) {
            recipients.addObject().put("to", String.format(Locale.ROOT, "+479%07d", random.nextInt(10_000_000)));
        }
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
