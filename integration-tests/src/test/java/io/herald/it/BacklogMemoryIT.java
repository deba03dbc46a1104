package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.local.DispatcherProcess;
import io.herald.local.SmscStats;
import io.herald.schema.NotificationRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "Memory stays flat however large the backlog is": 200,000 valid requests wait on {@code notify.requests} before any
 * dispatcher of the group runs; then ONE dispatcher starts with a heap far too small to hold that backlog, with
 * {@code -XX:+ExitOnOutOfMemoryError} (an out-of-memory error ends the JVM instead of leaving it limping) and a GC log.
 * It must drain the whole backlog without dying, and the heap left after each GC must not grow as the backlog is
 * worked off.
 *
 * <p>It runs on a stack of its own ({@link IsolatedStack}): on the shared stack, that stack's dispatchers would read
 * and send the 200,000 records too. Each run has a new consumer group, set to start where the topic ends before the
 * records are written (the broker's data dir outlives a run), so it reads exactly this run's 200,000.
 */
class BacklogMemoryIT {

    private static final int BACKLOG = 200_000;
    /** Prefix of the consumer group id; each run has a group of its own. */
    private static final String GROUP = "herald-dispatcher-backlog-it";
    private static final String INSTANCE = "backlog-dispatcher";

    /*
     * The heap. Each record's value is the Avro request (two UUIDs, recipient, sender, a 150-character text,
     * timestamps): 51.7 MiB for the 200,000 with their 11-byte keys, as the producer's RecordMetadata reports (about
     * 271 bytes a record). The test asserts that the raw backlog is more than half of -Xmx. As consumed objects each
     * record takes about 1 KB: the NotificationRequest with six Strings (~540 B with compact strings), the
     * ConsumerRecord with its key array and headers (~200 B), and the dispatcher's per-record Completion, task,
     * CompletableFutures and key String (~300 B). Holding the backlog would need about 200,000 × 1 KB ≈ 200 MiB, twice
     * -Xmx96m, before any fetch buffer, producer batch or SMPP state. The dispatcher can only get through it by
     * keeping at most about max.in.flight (1,000) records in memory, as its back-pressure promises.
     *
     * 96 MiB, not 64: the dispatcher also runs the receipt correlator (Kafka Streams, 36 tasks with their metrics,
     * fetch buffers and record queues), which keeps about 15 MiB more live whatever the backlog; with -Xmx64m a 1 MiB
     * per-partition fetch of the request consumer (a humongous object for G1) then finds no room.
     */
    private static final String MAX_HEAP = "96m";
    private static final long MAX_HEAP_BYTES = 96L << 20;

    /** Heap-after-GC growth tolerated between the middle and the last third of the drain (median), MiB. */
    private static final int FLAT_SLACK_MIB = 8;

    /** Median heap-after-GC of each third of the drain never above this share of -Xmx, percent. */
    private static final int NEAR_MAX_PERCENT = 80;

    /** A GSM 7-bit text of 150 characters: one SMS segment (at most 160). */
    private static final String TEXT_PREFIX = "Herald backlog test: your parcel is waiting at the pick-up point. "
            + "Show this code and your ID at the desk within 14 days, or it goes back. Code ";

    private static IsolatedStack stack;

    @BeforeAll
    static void startStack() {
        // The simulator keeps every message it receives: 200,000 of them need more than its default 256 MiB.
        stack = IsolatedStack.start("backlog-memory", options -> options.name("backlog-smsc").maxHeap("1g"));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void oneDispatcherWithASmallHeapDrainsA200kBacklogWithFlatMemory() throws Exception {
        // given a new consumer group that starts where notify.requests ends now (the broker's data dir outlives a
        // run, so earlier runs' records may be there), and 200,000 valid requests written after that point,
        // acknowledged by Kafka, with no dispatcher of the group running
        String groupId = GROUP + "-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = stack.admin()) {
            GroupOffsets group = new GroupOffsets(admin, groupId);
            group.startAtEnd();
            Set<String> messageIds = ConcurrentHashMap.newKeySet();
            long backlogBytes = preload(messageIds);
            assertThat(messageIds).hasSize(BACKLOG);
            assertThat(backlogBytes).as("serialized backlog, bytes, versus -Xmx")
                    .isGreaterThan(MAX_HEAP_BYTES / 2);
            assertThat(group.lag().values().stream().mapToLong(Long::longValue).sum())
                    .as("the group's lag: the backlog").isEqualTo(BACKLOG);

            // when one dispatcher with -Xmx64m starts on it
            Path gcLog = stack.work().resolve("logs").resolve(INSTANCE + "-gc.log");
            Files.createDirectories(gcLog.getParent());
            Files.deleteIfExists(gcLog);
            Path log = stack.work().resolve("logs").resolve(INSTANCE + ".log");
            long logMark = Files.exists(log) ? Files.size(log) : 0;
            long startedAt = System.nanoTime();
            DispatcherProcess dispatcher = stack.startDispatcher(stack.dispatcherOptions(INSTANCE, groupId)
                    .maxHeap(MAX_HEAP)
                    .jvmOption("-XX:+ExitOnOutOfMemoryError")
                    .jvmOption("-Xlog:gc:file=" + gcLog)
                    .senderThreads(16));
            long pid = dispatcher.pid();
            System.out.printf(Locale.ROOT, "backlog: dispatcher pid %d ready after %.1f s%n", pid,
                    (System.nanoTime() - startedAt) / 1e9);

            // then it drains the whole backlog: lag 0 on every partition and every message at the simulator
            AtomicReference<Map<TopicPartition, Long>> lastLag = new AtomicReference<>();
            AtomicLong lastReport = new AtomicLong(System.nanoTime());
            await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofSeconds(2))
                    .failFast("the dispatcher died (see " + dispatcher.logFile() + ")", () -> !dispatcher.isAlive())
                    .until(() -> {
                        Map<TopicPartition, Long> lag = group.lag();
                        lastLag.set(lag);
                        SmscStats smsc = stack.smsc().stats();
                        if (System.nanoTime() - lastReport.get() > 15_000_000_000L) {
                            lastReport.set(System.nanoTime());
                            System.out.printf(Locale.ROOT, "backlog: %.0f s received=%d lag=%d%n",
                                    (System.nanoTime() - startedAt) / 1e9, smsc.distinctMessages(),
                                    lag.values().stream().mapToLong(Long::longValue).sum());
                        }
                        return smsc.distinctMessages() >= BACKLOG
                                && lag.values().stream().allMatch(l -> l == 0);
                    });
            double drainSeconds = (System.nanoTime() - startedAt) / 1e9;
            assertThat(lastLag.get()).hasSize(12).allSatisfy((tp, lag) -> assertThat(lag).as("lag of %s", tp)
                    .isZero());

            Map<String, Integer> received = stack.receivedIds();
            List<String> lost = messageIds.stream().filter(id -> !received.containsKey(id)).toList();
            assertThat(lost).as("accepted but never received (of %d)", BACKLOG).isEmpty();
            SmscStats smsc = stack.smsc().stats();
            JsonNode stats = IsolatedStack.stats(dispatcher);
            System.out.printf(Locale.ROOT, "backlog: drained %d in %.1f s (%.0f msg/s, dispatcher start included); "
                            + "smsc distinct=%d duplicates=%d; dispatcher consumed=%d sent=%d failed=%d%n",
                    BACKLOG, drainSeconds, BACKLOG / drainSeconds, smsc.distinctMessages(), smsc.duplicates(),
                    stats.get("consumed").asLong(), stats.get("sent").asLong(), stats.get("failed").asLong());
            assertThat(stats.get("failed").asLong()).isZero();
            assertThat(stats.get("deadLettered").asLong()).isZero();

            // and the process never died: the same JVM that started is alive and healthy
            assertThat(dispatcher.isAlive()).as("dispatcher alive").isTrue();
            assertThat(dispatcher.pid()).isEqualTo(pid);
            assertThat(dispatcher.logFile()).isEqualTo(log);
            assertThat(LogFiles.linesFrom(log, logMark)).as("this run's dispatcher log")
                    .noneMatch(line -> line.contains("java.lang.OutOfMemoryError"));

            // and memory stayed flat: see assertFlatHeap for the rule
            List<GcLog.Pause> pauses = GcLog.pauses(gcLog).stream()
                    .filter(p -> p.uptimeSeconds() <= drainSeconds).toList();
            assertFlatHeap(pauses, drainSeconds);
        }
    }

    /**
     * The rule, on the heap occupancy after each collecting pause (young, mixed, full) during the drain, split into
     * thirds of the drain's duration:
     *
     * <ul>
     *   <li><b>flat</b>: the median heap-after-GC in the last third is at most that of the middle third +
     *       {@value #FLAT_SLACK_MIB} MiB. Between the middle and the last third about 67,000 records go through, so
     *       anything the dispatcher kept per record, from about 125 bytes up, would push it over; a dispatcher that held
     *       the backlog would not get that far (OutOfMemoryError, and the JVM exits). The first third is not compared:
     *       it holds the warm-up (JIT, and the in-flight set filling: since a recipient is released at gateway
     *       acceptance (ordering=accepted) and records beyond a partition's share wait in its buffer, the steady state
     *       holds more records than the start), whose length depends on the machine. In 5-second bins the heap after
     *       GC climbs from ~10 to ~53 MiB over the first 15 s on an idle machine and over the first 35 s under CI;
     *       a rule "last third at most the first + 12 MiB" failed once in CI on a faster drain (first 39, last 52
     *       MiB) with middle and last equal.</li>
     *   <li><b>never near -Xmx</b>: the median heap-after-GC of each third is at most {@value #NEAR_MAX_PERCENT} % of
     *       -Xmx (76.8 of 96 MiB), and G1 never falls back to a full collection (it does so only when concurrent
     *       collection cannot free room fast enough: the heap is exhausted). Single samples are not bounded: after a
     *       young pause the heap still holds the old generation's garbage, which G1 leaves until a marking cycle and
     *       mixed pauses take it, and how much it leaves depends on its adaptive start threshold, not on the
     *       dispatcher. Measured 2026-12-07 (three lane consumers): max heap-after-GC 74-76 MiB on an idle machine, 84
     *       MiB once in CI (a rule "max at most 85 %" failed there), while class histograms taken at 20 s and 35 s of
     *       the drain (each after a full GC) found 42.0 and 40.1 MB live.</li>
     * </ul>
     *
     * The median, not the maximum, compares the thirds because single young-GC samples jump by up to
     * ~12 MiB without anything being retained: Kafka fetch responses (a fetch is one buffer, up to
     * fetch.max.bytes: the request consumer's default is now 2 MiB, it was Kafka's 12 × 1 MiB) are humongous objects
     * for G1 at this heap size, and stay counted until eager reclaim or the next marking frees them. The maximum is
     * only printed. Measured here (2 cores) before the receipt correlator, with -Xmx64m (5 runs):
     * median 31-33 MiB in every third (p90 33-47 MiB), max 45-48 MiB; with -Xmx48m several full GCs, each leaving
     * about 26 MiB (the dispatcher's working set with about 1,000 records in flight). With the correlator and
     * -Xmx64m: median 48-49 MiB in every third, max 61 MiB, and in one run an
     * OutOfMemoryError on a humongous fetch buffer. With the correlator and -Xmx96m: median 50-51 MiB in every third,
     * max 64 MiB, no full GC; the drain took 144 s instead of about 40 s, as the correlator shares the 2 cores.
     * After scheduled sends, suppressions and routing: median 53-61 MiB, max 67-93 MiB (two runs failed), about
     * 47-55 MiB live after a full GC; the biggest holders were the request consumer's 12 MiB fetch response and
     * ~7.5 MiB of KIP-714 metrics-push state (5.5 MiB in the correlator's consumer, 1.1 MiB in the retry/delay
     * consumer with its 96 partitions). With 2 MiB request fetches and enable.metrics.push=false (4 runs): median
     * 39-46 MiB in every third, max 52-58 MiB, about 36-40 MiB after a full GC.
     */
    private static void assertFlatHeap(List<GcLog.Pause> pauses, double drainSeconds) {
        List<GcLog.Pause> collecting = pauses.stream().filter(GcLog.Pause::collects).toList();
        double third = drainSeconds / 3;
        long[][] parts = new long[3][];
        for (int part = 0; part < 3; part++) {
            double from = part * third;
            double to = part == 2 ? Double.MAX_VALUE : from + third;
            long[] after = collecting.stream().filter(p -> p.uptimeSeconds() >= from && p.uptimeSeconds() < to)
                    .mapToLong(GcLog.Pause::afterBytes).sorted().toArray();
            parts[part] = after;
            System.out.printf(Locale.ROOT, "backlog: gc part %d [%.0f-%.0f s]: pauses=%d after-GC p50=%s p90=%s "
                            + "max=%s%n", part + 1, from, Math.min(to, drainSeconds), after.length,
                    GcLog.mib(percentile(after, 50)), GcLog.mib(percentile(after, 90)),
                    GcLog.mib(percentile(after, 100)));
            assertThat(after.length).as("collecting GC pauses in third %d of the drain", part + 1)
                    .isGreaterThanOrEqualTo(20);
        }
        long middleMedian = percentile(parts[1], 50);
        long lastMedian = percentile(parts[2], 50);
        assertThat(lastMedian).as("median heap-after-GC of the last third (%s) vs the middle third (%s) + %d MiB",
                        GcLog.mib(lastMedian), GcLog.mib(middleMedian), FLAT_SLACK_MIB)
                .isLessThanOrEqualTo(middleMedian + ((long) FLAT_SLACK_MIB << 20));
        long max = collecting.stream().mapToLong(GcLog.Pause::afterBytes).max().orElseThrow();
        long full = collecting.stream().filter(GcLog.Pause::full).count();
        System.out.printf(Locale.ROOT, "backlog: gc during the drain: %d collecting pauses, %d full, max "
                + "heap-after-GC %s of -Xmx%s%n", collecting.size(), full, GcLog.mib(max), MAX_HEAP);
        for (int part = 0; part < 3; part++) {
            long median = percentile(parts[part], 50);
            assertThat(median).as("median heap-after-GC of third %d (%s) vs %d %% of -Xmx%s", part + 1,
                            GcLog.mib(median), NEAR_MAX_PERCENT, MAX_HEAP)
                    .isLessThanOrEqualTo(MAX_HEAP_BYTES * NEAR_MAX_PERCENT / 100);
        }
        assertThat(full).as("full GCs during the drain (G1 runs one only when the heap is exhausted)").isZero();
    }

    private static long percentile(long[] sorted, int percent) {
        int index = (int) Math.ceil(sorted.length * percent / 100.0) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /**
     * Writes {@value #BACKLOG} requests to distinct recipients and waits until Kafka acknowledged each.
     *
     * @param messageIds receives the message id of every acknowledged request
     * @return the serialized size of the backlog (keys and values), in bytes
     */
    private static long preload(Set<String> messageIds) {
        long t0 = System.nanoTime();
        String batchId = UUID.randomUUID().toString();
        AtomicLong bytes = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        // Distinct Norwegian mobiles +479DDDDDDD, from a random start so that no two runs' numbers meet.
        int first = new java.util.Random().nextInt(10_000_000);
        try (RequestProducer producer = new RequestProducer(stack.bootstrapServers(), stack.registryUrl())) {
            for (int i = 0; i < BACKLOG; i++) {
                String recipient = String.format(Locale.ROOT, "+479%07d", (first + i) % 10_000_000);
                NotificationRequest request = RequestProducer.request(batchId, recipient,
                        TEXT_PREFIX + String.format(Locale.ROOT, "%06d.", i));
                producer.send(request, acked -> messageIds.add(acked.getMessageId()), failure::set, bytes);
            }
            producer.flush();
        }
        assertThat(failure.get()).as("a request Kafka did not acknowledge").isNull();
        System.out.printf(Locale.ROOT, "backlog: %d requests (%s serialized) acknowledged in %.1f s%n",
                messageIds.size(), GcLog.mib(bytes.get()), (System.nanoTime() - t0) / 1e9);
        return bytes.get();
    }
}
