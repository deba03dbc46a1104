package io.herald.harness.chaos;

import io.herald.harness.ingest.BatchSubmitter;
import io.herald.harness.ingest.Recipient;
import io.herald.schema.Topics;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;

/**
 * Runs one {@link ChaosScenario} on a {@link ChaosStack}: resets the simulator, submits a batch of
 * {@code count} messages through ingest's {@code POST /v1/batches}, injects the fault on its own thread, waits until
 * every accepted message reached the simulator, and counts.
 *
 * <p>It stops waiting when every accepted id was received and no new reception arrived for
 * {@value #QUIET_MS} ms (late duplicates are counted too), or when nothing new arrived for the stall timeout, or at
 * the scenario timeout; what is missing then is {@code lost}.
 */
final class ScenarioRun implements FaultContext {

    /** Quiet time after the last missing message arrived, in ms, so that late duplicates are counted. */
    static final long QUIET_MS = 3000;

    private static final long POLL_MS = 500;
    private static final String SENDER = "HERALD";

    private final ChaosStack stack;
    private final ChaosScenario scenario;
    private final PrintStream info;
    private final Random random;
    private final ChaosChannel channel;
    private final Receptions receptions;
    private final TopicReader reader;
    private final Map<String, String> details = new LinkedHashMap<>();
    /**
     * Detail key: recipients whose messages reached the SMSC for the first time out of offset order
     * ({@link FirstArrivalOrder}); 0 is what the dispatcher promises, after a kill -9 too.
     */
    static final String MISORDERED = "misordered";
    private final CountDownLatch submitted = new CountDownLatch(1);
    private final CountDownLatch over = new CountDownLatch(1);
    private final List<Recipient> batch;
    private volatile long acceptedCount;
    private volatile long lastProgress;
    private Map<TopicPartition, Long> dlqFrom;
    private volatile Map<String, Integer> acceptedPartitions = Map.of();
    private volatile Set<String> batchIds = Set.of();
    /** The notify.requests offset of each accepted message id. */
    private final Map<String, Long> acceptedOffsets = new java.util.concurrent.ConcurrentHashMap<>();

    ScenarioRun(ChaosStack stack, ChaosScenario scenario, int count, PrintStream info, ChaosChannel channel) {
        this.channel = channel;
        this.receptions = new Receptions(channel);
        this.stack = stack;
        this.scenario = scenario;
        this.info = info;
        this.random = new Random(stack.settings().seed() ^ scenario.name().hashCode());
        this.reader = new TopicReader(stack.bootstrapServers());
        this.batch = channel.recipients(count, random);
        this.acceptedCount = batch.size();
    }

    /**
     * Runs the scenario.
     *
     * @return the counts
     * @throws IllegalStateException if ingest refuses the batch or the fault cannot be injected
     * @throws InterruptedException if interrupted
     */
    ChaosResult run() throws InterruptedException {
        ChaosSettings settings = stack.settings();
        stack.reviveDead();
        stack.smsc().reset();
        try {
            scenario.prepare(stack);
            Map<TopicPartition, Long> requestsFrom = reader.endOffsets(Topics.REQUESTS);
            dlqFrom = reader.endOffsets(Topics.REQUESTS_DLQ);
            info.printf(Locale.ROOT, "chaos: scenario=%s starting: %d messages (%s), seed %d%n", scenario.name(),
                    batch.size(), channel, settings.seed());
            long start = System.nanoTime();
            CompletableFuture<Void> fault;
            Set<String> accepted;
            try (BatchSubmitter submitter = new BatchSubmitter(stack.ingestUrl(), stack.ingestApiKey(),
                    channel.template(SENDER), 4)) {
                CompletableFuture<Void> submission = CompletableFuture.runAsync(
                        () -> submitter.submitAll(batch, settings.batchSize()));
                fault = CompletableFuture.runAsync(this::injectFault);
                submission.join();
                batchIds = submitter.batchIds();
                submitted.countDown();
                acceptedPartitions = AcceptedMessages.read(reader, stack.registryUrl(), requestsFrom,
                        submitter.batchIds(), acceptedOffsets);
                accepted = acceptedPartitions.keySet();
                if (accepted.size() != submitter.accepted()) {
                    info.printf("chaos: scenario=%s: ingest answered accepted=%d in total, %d distinct message ids"
                            + " of its batches are on %s%n", scenario.name(), submitter.accepted(), accepted.size(),
                            Topics.REQUESTS);
                }
                acceptedCount = accepted.size();
            } catch (RuntimeException e) {
                over.countDown();
                throw e;
            }
            long end = awaitDelivery(accepted, start);
            over.countDown();
            fault.join();
            scenario.finish(this);
            Map<String, Integer> counts = receptions.counts(stack.smsc());
            long received = accepted.stream().filter(counts::containsKey).count();
            long duplicates = accepted.stream().mapToLong(id -> Math.max(0, counts.getOrDefault(id, 0) - 1)).sum();
            long dlq = reader.countSince(dlqFrom);
            details.put(MISORDERED, Long.toString(FirstArrivalOrder.misorderedRecipients(arrivals(),
                    acceptedOffsets)));
            return new ChaosResult(scenario.name(), accepted.size(), received, accepted.size() - received,
                    duplicates, dlq, end - start, details);
        } finally {
            over.countDown();
            scenario.restore(stack);
        }
    }

    private void injectFault() {
        try {
            scenario.inject(this);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return {@link System#nanoTime()} when the last missing message arrived, or when it gave up */
    private long awaitDelivery(Set<String> accepted, long start) throws InterruptedException {
        ChaosSettings settings = stack.settings();
        long lastCount = -1;
        lastProgress = System.nanoTime();
        long completeAt = Long.MIN_VALUE;
        while (true) {
            long now = System.nanoTime();
            long count = progress();
            if (count != lastCount) {
                lastCount = count;
                lastProgress = now;
                completeAt = Long.MIN_VALUE;
            }
            if (count >= accepted.size() && completeAt == Long.MIN_VALUE && missing(accepted) == 0) {
                completeAt = now;
            }
            if (completeAt != Long.MIN_VALUE && now - lastProgress >= TimeUnit.MILLISECONDS.toNanos(QUIET_MS)) {
                return completeAt;
            }
            if (now - lastProgress > settings.stallTimeout().toNanos()) {
                info.printf("chaos: scenario=%s: nothing new reached the simulator for %d s; giving up (%s)%n",
                        scenario.name(), settings.stallTimeout().toSeconds(), deadNote());
                return now;
            }
            if (now - start > settings.timeout().toNanos()) {
                info.printf("chaos: scenario=%s: not done within %d s; giving up (%s)%n", scenario.name(),
                        settings.timeout().toSeconds(), deadNote());
                return now;
            }
            Thread.sleep(POLL_MS);
        }
    }

    private String deadNote() {
        List<String> dead = stack.dead();
        return dead.isEmpty() ? "every process runs" : "not running: " + String.join(", ", dead);
    }

    private long progress() {
        try {
            return receptions.progress(stack.smsc());
        } catch (RuntimeException simulatorDown) {
            return -2; // stopped by the scenario; not progress
        }
    }

    private long missing(Set<String> accepted) {
        try {
            Set<String> missing = new HashSet<>(accepted);
            missing.removeAll(receptions.counts(stack.smsc()).keySet());
            return missing.size();
        } catch (RuntimeException simulatorDown) {
            return -1;
        }
    }

    @Override
    public ChaosStack stack() {
        return stack;
    }

    @Override
    public ChaosSettings settings() {
        return stack.settings();
    }

    @Override
    public Random random() {
        return random;
    }

    @Override
    public PrintStream info() {
        return info;
    }

    @Override
    public Receptions receptions() {
        return receptions;
    }

    @Override
    public List<Arrival> arrivals() {
        return channel.arrivals(stack.smsc());
    }

    @Override
    public TopicReader reader() {
        return reader;
    }

    @Override
    public Map<TopicPartition, Long> dlqFrom() {
        return dlqFrom;
    }

    @Override
    public Set<String> batchIds() {
        return batchIds;
    }

    @Override
    public Map<String, Integer> acceptedPartitions() {
        return acceptedPartitions;
    }

    @Override
    public List<String> recipients() {
        return batch.stream().map(Recipient::to).toList();
    }

    @Override
    public boolean awaitSubmitted() throws InterruptedException {
        while (!submitted.await(POLL_MS, TimeUnit.MILLISECONDS)) {
            if (over.getCount() == 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public long awaitReceived(double fraction) throws InterruptedException {
        while (over.getCount() > 0) {
            long target = (long) Math.ceil(fraction * acceptedCount);
            long now = progress();
            if (now >= target) {
                return now;
            }
            Thread.sleep(100);
        }
        return -1;
    }

    @Override
    public void note(String key, Object value) {
        synchronized (details) {
            details.put(key, String.valueOf(value));
        }
    }
}
