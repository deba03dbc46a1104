package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.local.DispatcherProcess;
import io.herald.local.SmscStats;
import io.herald.schema.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * "A consumer that stalls after a rebalance or a failed commit is the most common complaint about Kafka parallel
 * consumers": the dispatcher group must keep flowing through both. Real dispatcher JVMs in one consumer group read a
 * steady stream of requests (written by the test with Herald's Avro serde, keyed by recipient, as ingest writes them)
 * while members join, leave gracefully, crash, and are frozen past their session timeout.
 *
 * <p>After each change the test checks <em>progress</em>: the group settles with every live dispatcher as a member
 * and all 12 partitions assigned once; then every request acknowledged so far reaches the SMSC simulator, and the
 * group's committed offsets (Admin {@code listConsumerGroupOffsets}) reach the log end offsets ({@code listOffsets})
 * taken at that moment on all 12 partitions. At the end the stream stops and the lag must be exactly 0 everywhere
 * with nothing lost. Bounds are generous; nothing here measures speed. The last test checks that a gateway account's
 * TPS holds for the whole group: three dispatchers share it, and the simulator's own count stays within it.
 *
 * <p>It runs on a stack of its own ({@link IsolatedStack}): the shared stack's dispatchers would otherwise consume
 * and send these records too. Each test has its own consumer group, which starts at the topic's current end.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RebalanceFlowIT {

    /** Requests per second the stream writes. */
    private static final int RATE = 100;
    private static final Duration SETTLE = Duration.ofMinutes(2);
    private static final Duration PROGRESS = Duration.ofMinutes(2);

    private static IsolatedStack stack;

    @BeforeAll
    static void startStack() {
        stack = IsolatedStack.start("rebalance-flow", options -> options.name("rebalance-smsc").maxHeap("512m"));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void groupKeepsFlowingWhileDispatchersJoinLeaveAndAreKilled() throws Exception {
        String group = "herald-dispatcher-rebalance-it";
        Map<String, DispatcherProcess> live = new LinkedHashMap<>();
        try (Admin admin = stack.admin(); RequestStream stream = new RequestStream()) {
            GroupOffsets offsets = new GroupOffsets(admin, group);
            offsets.startAtEnd();
            stack.smsc().reset();

            // given a steady stream of requests and one dispatcher
            stream.start();
            start(live, "join-1", group);
            assertProgress("join-1 alone", offsets, stream, live);

            // when a second and then a third dispatcher join
            start(live, "join-2", group);
            assertProgress("join-2 joined", offsets, stream, live);
            start(live, "join-3", group);
            assertProgress("join-3 joined", offsets, stream, live);

            // and the first leaves gracefully (SIGTERM: it commits what it finished and leaves the group)
            int exit = live.remove("join-1").stop();
            System.out.println("rebalance: join-1 stopped with exit code " + exit);
            assertProgress("join-1 left (SIGTERM)", offsets, stream, live);

            // and the second is killed with SIGKILL (it neither commits nor leaves; its session expires)
            live.remove("join-2").kill();
            assertProgress("join-2 killed (SIGKILL)", offsets, stream, live);

            // and two new ones join, one of which is killed before the group has settled, the other leaves later
            start(live, "join-4", group);
            start(live, "join-5", group);
            live.remove("join-4").kill();
            assertProgress("join-4 and join-5 joined, join-4 killed", offsets, stream, live);
            start(live, "join-6", group);
            assertProgress("join-6 joined", offsets, stream, live);
            live.remove("join-3").stop();
            assertProgress("join-3 left (SIGTERM)", offsets, stream, live);

            // then, once the stream stops, the lag is 0 on all 12 partitions and nothing accepted was lost
            assertDrained(offsets, stream, live);
        } finally {
            live.values().forEach(DispatcherProcess::stop);
        }
    }

    @Test
    @Order(2)
    void memberFrozenPastItsSessionTimeoutFailsItsCommitThenRejoinsAndConsumesAgain() throws Exception {
        String group = "herald-dispatcher-fenced-it";
        Map<String, DispatcherProcess> live = new LinkedHashMap<>();
        long duplicatesBeforeResume;
        long inFlightAtFreeze;
        try (Admin admin = stack.admin(); RequestStream stream = new RequestStream()) {
            GroupOffsets offsets = new GroupOffsets(admin, group);
            offsets.startAtEnd();
            stack.smsc().reset();

            // given two dispatchers with a 6 s session timeout (the broker's minimum) reading a steady stream
            stream.start();
            start(live, "fenced-a", group);
            DispatcherProcess victim = start(live, "fenced-b", group);
            assertProgress("fenced-a and fenced-b", offsets, stream, live);
            Path log = victim.logFile();
            long logMark = Files.size(log);

            // when fenced-b is frozen with SIGSTOP (no heartbeat, no poll) half a second after one of its commits, so
            // that it holds completed offsets it has not committed yet, until the group has fenced it
            JsonNode committedBefore = IsolatedStack.stats(victim).get("committedOffsets");
            await("a commit of fenced-b").atMost(PROGRESS).pollInterval(Duration.ofMillis(20)).until(() ->
                    !IsolatedStack.stats(victim).get("committedOffsets").equals(committedBefore));
            Thread.sleep(500);
            // what it has dispatched and not completed: after the freeze, these are sent anyway
            inFlightAtFreeze = IsolatedStack.stats(victim).get("inFlight").asLong();
            long frozenAt = System.nanoTime();
            IsolatedStack.signal(victim.pid(), "STOP");
            try {
                live.remove("fenced-b");
                assertProgress("fenced-b frozen (SIGSTOP), fenced-a alone", offsets, stream, live);
                long frozenMs = (System.nanoTime() - frozenAt) / 1_000_000;
                if (frozenMs < 20_000) {
                    Thread.sleep(20_000 - frozenMs); // at least 3 session timeouts, whatever the machine's speed
                }
            } finally {
                duplicatesBeforeResume = stack.smsc().stats().duplicates();
                IsolatedStack.signal(victim.pid(), "CONT");
            }
            System.out.printf(Locale.ROOT, "rebalance: fenced-b resumed (SIGCONT) after %.1f s frozen%n",
                    (System.nanoTime() - frozenAt) / 1e9);
            live.put("fenced-b", victim);

            // then it rejoins the group and gets partitions back (assertProgress waits for that) and the group flows
            assertProgress("fenced-b resumed (SIGCONT)", offsets, stream, live);

            // and it found out through a failed commit (of the offsets it completed before the freeze) and lost
            // partitions, not through a clean revoke
            List<String> since = LogFiles.linesFrom(log, logMark);
            assertThat(since).as("fenced-b's log after the freeze")
                    // the request consumer's poll loop (thread poll-loop) had a commit refused
                    .anySatisfy(line -> assertThat(line).contains("[poll-loop]").containsIgnoringCase("commit")
                            .containsIgnoringCase("failed"))
                    // Kafka's consumer found it was no longer a member of the group
                    .anySatisfy(line -> assertThat(line).contains("groupId=" + group + "]")
                            .contains("Giving away all assigned partitions as lost"))
                    // and the dispatcher dropped those partitions without committing (onPartitionsLost)
                    .anySatisfy(line -> assertThat(line).containsIgnoringCase("lost [" + Topics.REQUESTS + "-")
                            .contains("without committing"));
            since.stream().filter(line -> line.contains("[poll-loop]") && (line.contains("commit")
                            || line.contains("ost [") || line.contains("ssigned [")))
                    .forEach(line -> System.out.println("rebalance: fenced-b log: " + line));

            // and it consumes and sends again: its own counters move after it rejoined
            JsonNode before = IsolatedStack.stats(victim);
            await().atMost(PROGRESS).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                JsonNode now = IsolatedStack.stats(victim);
                assertThat(now.get("consumed").asLong()).as("fenced-b consumed")
                        .isGreaterThan(before.get("consumed").asLong());
                assertThat(now.get("sent").asLong()).as("fenced-b sent")
                        .isGreaterThan(before.get("sent").asLong());
            });

            // and once the stream stops, the lag is 0 on all 12 partitions and nothing accepted was lost
            assertDrained(offsets, stream, live);

            // and the stale member did not send again what fenced-a had sent meanwhile: after the gap it held the
            // records of its first poll (PollLoop's stall check) until the group told it it was fenced. Without the
            // check this was about max.in.flight (1,000) duplicates more; what is left is what was in flight at
            // SIGSTOP (dispatched before the freeze, sent after it), which grows when the machine is loaded, plus
            // the few records a poll between the reading of inFlight and the SIGSTOP may add.
            assertThat(since).as("fenced-b's log after the freeze")
                    .anySatisfy(line -> assertThat(line).contains("may have been fenced"));
            long duplicates = stack.smsc().stats().duplicates() - duplicatesBeforeResume;
            System.out.printf(Locale.ROOT, "rebalance: %d duplicates after fenced-b resumed, %d in flight at SIGSTOP%n",
                    duplicates, inFlightAtFreeze);
            assertThat(duplicates).as("duplicates after fenced-b resumed, with %d in flight at SIGSTOP",
                    inFlightAtFreeze).isLessThan(inFlightAtFreeze + 100);
        } finally {
            live.values().forEach(DispatcherProcess::stop);
        }
    }

    @Test
    @Order(3)
    void threeDispatchersShareTheGatewayAccountsTpsSoThatTheSmscSeesAtMostIt() throws Exception {
        String group = "herald-dispatcher-tps-it";
        Map<String, DispatcherProcess> live = new LinkedHashMap<>();
        try (Admin admin = stack.admin();
             RequestProducer producer = new RequestProducer(stack.bootstrapServers(), stack.registryUrl())) {
            GroupOffsets offsets = new GroupOffsets(admin, group);
            offsets.startAtEnd();
            // given a backlog of 15,000 requests: 50 s of work at the account's 300 TPS
            String batchId = UUID.randomUUID().toString();
            Random random = new Random();
            AtomicReference<Exception> failure = new AtomicReference<>();
            for (int i = 0; i < 15_000; i++) {
                producer.send(RequestProducer.request(batchId, String.format(Locale.ROOT, "+479%07d",
                        random.nextInt(10_000_000)), "Group rate " + i), request -> { }, failure::set);
            }
            producer.flush();
            assertThat(failure.get()).isNull();

            // when three dispatchers with the account's 300 TPS (gateway.rate.limit.tps) share the backlog
            for (String id : List.of("tps-1", "tps-2", "tps-3")) {
                live.put(id, stack.startDispatcher(stack.dispatcherOptions(id, group)
                        .property("gateway.rate.limit.tps", "300")));
            }
            String membership = awaitSettled("tps-1..3", offsets, live);
            // (each takes its share of 4 of the 12 partitions once the rebalance told it; give the last a moment)
            await("every member at its share").atMost(SETTLE).pollInterval(Duration.ofMillis(500)).untilAsserted(
                    () -> assertThat(live.values()).allSatisfy(dispatcher -> assertThat(IsolatedStack.stats(dispatcher)
                            .get("gateways").get("smpp").get("rateLimitTps").asInt()).isEqualTo(100)));

            // then the SMSC's own count over 10 s stays within the account's TPS (+5 %), and the group uses it
            long first = stack.smsc().stats().messages();
            long t1 = System.nanoTime();
            Thread.sleep(10_000);
            long last = stack.smsc().stats().messages();
            double rate = (last - first) / ((System.nanoTime() - t1) / 1e9);
            System.out.printf(Locale.ROOT, "rebalance: 3 dispatchers sharing 300 TPS: the SMSC received %.1f msg/s;"
                    + " members %s%n", rate, membership);
            assertThat(last).as("the backlog lasted the window").isLessThan(first + 15_000);
            assertThat(rate).isBetween(270.0, 315.0);
        } finally {
            live.values().forEach(DispatcherProcess::stop);
        }
    }

    private static DispatcherProcess start(Map<String, DispatcherProcess> live, String instanceId, String group) {
        DispatcherProcess dispatcher = stack.startDispatcher(stack.dispatcherOptions(instanceId, group)
                // A crashed or frozen member holds its partitions until its session expires; 6 s is the broker's
                // group.min.session.timeout.ms. The heartbeat must be well below it.
                .property("consumer.session.timeout.ms", "6000")
                .property("consumer.heartbeat.interval.ms", "1000"));
        live.put(instanceId, dispatcher);
        return dispatcher;
    }

    /**
     * Waits until the group has settled on exactly the live dispatchers, all 12 partitions assigned once, then until
     * every request acknowledged so far reached the simulator and the committed offsets reached the end offsets of
     * this moment.
     */
    private static void assertProgress(String change, GroupOffsets offsets, RequestStream stream,
                                       Map<String, DispatcherProcess> live) throws Exception {
        long t0 = System.nanoTime();
        String membership = awaitSettled(change, offsets, live);
        double settled = (System.nanoTime() - t0) / 1e9;

        Set<String> accepted = stream.accepted();
        Map<TopicPartition, Long> ends = offsets.endOffsets();
        await(change + ": progress").atMost(PROGRESS).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Map<TopicPartition, Long> committed = offsets.committed();
            assertThat(ends).allSatisfy((tp, end) -> assertThat(committed.getOrDefault(tp, 0L))
                    .as("committed offset of %s", tp).isGreaterThanOrEqualTo(end));
            Map<String, Integer> received = stack.receivedIds();
            assertThat(accepted.stream().filter(id -> !received.containsKey(id)).count())
                    .as("requests accepted before the check and not received").isZero();
        });
        assertThat(live.values()).as("dispatchers running").allMatch(DispatcherProcess::isAlive);
        System.out.printf(Locale.ROOT, "rebalance: %s: settled after %.1f s, %d accepted received and offsets "
                        + "committed after %.1f s; members %s%n", change, settled, accepted.size(),
                (System.nanoTime() - t0) / 1e9, membership);
    }

    /**
     * Waits until the group has settled on exactly the live dispatchers, all 12 partitions assigned once.
     *
     * @return the membership, as {@link GroupOffsets#describe} writes it
     */
    private static String awaitSettled(String change, GroupOffsets offsets, Map<String, DispatcherProcess> live)
            throws Exception {
        List<TopicPartition> requests = offsets.partitions();
        AtomicReference<String> membership = new AtomicReference<>();
        await(change + ": group settles").atMost(SETTLE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, Set<TopicPartition>> members = offsets.members();
            membership.set(GroupOffsets.describe(members));
            // Each dispatcher is a member once per priority lane (its consumer of that lane's topic), and each
            // lane's partitions are assigned once, among that lane's consumers.
            for (String lane : Topics.REQUEST_LANES) {
                String suffix = lane.equals(Topics.REQUESTS) ? "-consumer"
                        : "-" + lane.substring(Topics.REQUESTS.length() + 1) + "-consumer";
                Set<String> expected = new HashSet<>();
                live.keySet().forEach(id -> expected.add(id + suffix));
                Map<String, Set<TopicPartition>> laneMembers = new TreeMap<>(members);
                laneMembers.keySet().retainAll(expected);
                assertThat(laneMembers.keySet()).as("members reading %s", lane).isEqualTo(expected);
                assertThat(laneMembers.values()).as("every member of %s owns partitions", lane)
                        .allSatisfy(p -> assertThat(p).isNotEmpty().allMatch(tp -> tp.topic().equals(lane)));
                assertThat(laneMembers.values().stream().flatMap(Set::stream).toList())
                        .as("partitions of %s assigned", lane).doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(requests.stream()
                                .map(tp -> new TopicPartition(lane, tp.partition())).toList());
            }
            assertThat(members).as("members").hasSize(live.size() * Topics.REQUEST_LANES.size());
        });
        return membership.get();
    }

    /** Stops the stream, then waits for lag 0 on every partition and every accepted request at the simulator. */
    private static void assertDrained(GroupOffsets offsets, RequestStream stream,
                                      Map<String, DispatcherProcess> live) throws Exception {
        stream.stop();
        assertThat(stream.failure()).as("a request Kafka did not acknowledge").isNull();
        Set<String> accepted = stream.accepted();
        await("lag 0").atMost(PROGRESS).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(offsets.lag()).hasSize(12).allSatisfy((tp, lag) -> assertThat(lag)
                        .as("lag of %s", tp).isZero()));
        Map<String, Integer> received = stack.receivedIds();
        List<String> lost = accepted.stream().filter(id -> !received.containsKey(id)).toList();
        assertThat(lost).as("accepted (of %d) but never received", accepted.size()).isEmpty();
        assertThat(live.values()).as("dispatchers running").allMatch(DispatcherProcess::isAlive);
        SmscStats smsc = stack.smsc().stats();
        System.out.printf(Locale.ROOT, "rebalance: drained: accepted=%d lost=0 received=%d duplicates=%d%n",
                accepted.size(), smsc.distinctMessages(), smsc.duplicates());
    }

    /**
     * {@value #RATE} requests a second, each to a random Norwegian mobile, written by one scheduler thread; a
     * request is accepted once Kafka acknowledged it.
     */
    private static final class RequestStream implements AutoCloseable {
        private final RequestProducer producer = new RequestProducer(stack.bootstrapServers(), stack.registryUrl());
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "it-request-stream");
            thread.setDaemon(true);
            return thread;
        });
        private final Set<String> accepted = ConcurrentHashMap.newKeySet();
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private final AtomicLong written = new AtomicLong();
        private final String batchId = UUID.randomUUID().toString();
        private final Random random = new Random();

        void start() {
            timer.scheduleAtFixedRate(() -> {
                for (int i = 0; i < RATE / 10; i++) {
                    long n = written.incrementAndGet();
                    String recipient = String.format(Locale.ROOT, "+479%07d", random.nextInt(10_000_000));
                    producer.send(RequestProducer.request(batchId, recipient, "Rebalance flow message " + n),
                            request -> accepted.add(request.getMessageId()), failure::set);
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
        }

        /** @return the ids of the requests acknowledged so far */
        Set<String> accepted() {
            return Set.copyOf(accepted);
        }

        Exception failure() {
            return failure.get();
        }

        /** Stops writing and waits until every request written was acknowledged or failed. */
        void stop() throws InterruptedException {
            timer.shutdown();
            assertThat(timer.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            producer.flush();
        }

        @Override
        public void close() throws InterruptedException {
            timer.shutdownNow();
            timer.awaitTermination(30, TimeUnit.SECONDS);
            producer.close();
        }
    }
}
