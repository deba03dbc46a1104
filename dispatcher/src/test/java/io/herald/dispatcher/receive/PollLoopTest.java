package io.herald.dispatcher.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.dispatcher.admin.DispatcherStats;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.MockTime;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The poll loop against Kafka's own MockConsumer; the handler's completions are driven by the test. */
class PollLoopTest {

    private static final String TOPIC = "notify.requests";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

    /** Every offset committed synchronously, in call order. */
    private final List<Map<TopicPartition, OffsetAndMetadata>> syncCommits = new CopyOnWriteArrayList<>();
    private final MockConsumer<byte[], ConsumedValue> consumer = new MockConsumer<>("earliest") {
        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            syncCommits.add(Map.copyOf(offsets));
            super.commitSync(offsets);
        }
    };
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final Map<Long, CompletableFuture<Void>> pendingByOffset = new ConcurrentHashMap<>();
    private final DispatcherStats stats = new DispatcherStats();
    private final RecordHandler handler = record -> Handling.whole(pendingByOffset.computeIfAbsent(
            record.partition() * 1000L + record.offset(), k -> new CompletableFuture<>()));

    @AfterEach
    void shutdown() {
        pool.shutdownNow();
    }

    private volatile boolean gatewayDown;

    private PollLoop loop(int maxInFlight) {
        PollLoop loop = new PollLoop(consumer, new KeyOrderedExecutor(pool), handler,
                new PollLoop.Settings("requests", List.of(TOPIC), maxInFlight, 0, 2_000), stats, Time.SYSTEM, () -> gatewayDown);
        loop.subscribe();
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.rebalance(List.of(P0, P1));
        return loop;
    }

    private void add(TopicPartition tp, long offset, String key) {
        consumer.addRecord(new ConsumerRecord<>(TOPIC, tp.partition(), offset, key.getBytes(StandardCharsets.UTF_8),
                ConsumedValue.poison(new byte[0], new RuntimeException("test value"))));
    }

    private void complete(TopicPartition tp, long offset) {
        await().atMost(Duration.ofSeconds(5)).until(() -> pendingByOffset.containsKey(tp.partition() * 1000L + offset));
        pendingByOffset.get(tp.partition() * 1000L + offset).complete(null);
    }

    private Long committed(PollLoop loop, TopicPartition tp) {
        OffsetAndMetadata om = consumer.committed(Set.of(tp)).get(tp);
        return om == null ? null : om.offset();
    }

    @Test
    void commitsOnlyUpToTheFirstRecordNotYetCompleted() {
        // given three records of different recipients in P0
        PollLoop loop = loop(100);
        add(P0, 0, "a");
        add(P0, 1, "b");
        add(P0, 2, "c");
        loop.pollOnce();
        // when 1 and 2 complete before 0
        complete(P0, 1);
        complete(P0, 2);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            loop.pollOnce();
            assertThat(stats.inFlight()).isEqualTo(1);
        });
        // then the commit stays at 0
        assertThat(committed(loop, P0)).isEqualTo(0L);
        // when 0 completes, the commit moves to 3
        complete(P0, 0);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            loop.pollOnce();
            assertThat(committed(loop, P0)).isEqualTo(3L);
        });
    }

    @Test
    void pausesAllPartitionsWhileTheGatewayCircuitIsOpenAndResumesWhenItCloses() {
        // given a record in flight and the gateway circuit open
        PollLoop loop = loop(100);
        add(P0, 0, "a");
        loop.pollOnce();
        gatewayDown = true;
        // when polled
        loop.pollOnce();
        // then every assigned partition is paused though far below max.in.flight, and the record is still in flight
        assertThat(consumer.paused()).containsExactlyInAnyOrder(P0, P1);
        assertThat(stats.paused()).isTrue();
        assertThat(stats.inFlight()).isEqualTo(1);
        // when the circuit leaves OPEN
        gatewayDown = false;
        loop.pollOnce();
        // then the partitions are resumed
        assertThat(consumer.paused()).isEmpty();
        assertThat(stats.paused()).isFalse();
    }

    @Test
    void pausesAllPartitionsAtMaxInFlightAndResumesAtHalf() {
        // given max.in.flight 4 and 4 records consumed
        PollLoop loop = loop(4);
        for (long offset = 0; offset < 4; offset++) {
            add(P0, offset, "k" + offset);
        }
        // when polled
        loop.pollOnce();
        // then every assigned partition is paused
        assertThat(consumer.paused()).containsExactlyInAnyOrder(P0, P1);
        assertThat(stats.paused()).isTrue();
        // when 1 completes (3 in flight, above half) the partitions stay paused
        complete(P0, 0);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            loop.pollOnce();
            assertThat(stats.inFlight()).isEqualTo(3);
        });
        assertThat(consumer.paused()).isNotEmpty();
        // when a second completes (2 in flight = half) they are resumed
        complete(P0, 1);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            loop.pollOnce();
            assertThat(consumer.paused()).isEmpty();
        });
    }

    @Test
    void aPartitionsBufferHoldsAtMostItsShareAndTheRestIsFetchedAgainLater() {
        // given max.in.flight 200 over 2 partitions (a share of 100 each) and 300 records of one recipient on P0 in one
        // poll
        PollLoop loop = loop(200);
        for (long offset = 0; offset < 300; offset++) {
            add(P0, offset, "a");
        }
        add(P1, 0, "b");

        // when polled
        loop.pollOnce();

        // then 100 are dispatched, 100 wait in P0's buffer, and P0 is seeked back to the 201st, which it fetches
        // again once its buffer is empty: the records held stay within two shares
        assertThat(stats.inFlight()).isEqualTo(101);
        assertThat(consumer.position(P0)).isEqualTo(200L);
        assertThat(consumer.paused()).containsExactly(P0);
    }

    @Test
    void givesEachPartitionItsShareOfMaxInFlightSoThatOnePartitionsRecipientsCannotFillIt() {
        // given max.in.flight 200 over 2 partitions (a share of 100 each), 150 records of one recipient on P0 and
        // one record of another recipient on P1, all returned by one poll
        PollLoop loop = loop(200);
        for (long offset = 0; offset < 150; offset++) {
            add(P0, offset, "a");
        }
        add(P1, 0, "b");

        // when polled
        loop.pollOnce();

        // then P0's first 100 are dispatched and the other 50 wait in its buffer, not fetched again (the position
        // stays past them), with P0 paused; P1's record is dispatched and started, and P1 stays unpaused: below
        // max.in.flight, nothing pauses every partition
        assertThat(stats.inFlight()).isEqualTo(101);
        assertThat(consumer.position(P0)).isEqualTo(150L);
        assertThat(consumer.paused()).containsExactly(P0);
        await().atMost(Duration.ofSeconds(5)).until(() -> pendingByOffset.containsKey(1000L));

        // when 50 of P0's records complete
        for (long offset = 0; offset < 50; offset++) {
            complete(P0, offset);
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            loop.pollOnce();
            assertThat(stats.inFlight()).isEqualTo(101);
        });

        // then the buffered 50 are dispatched in order behind the first, with no seek and no second fetch, and P0 is
        // resumed
        assertThat(consumer.paused()).isEmpty();
        assertThat(consumer.position(P0)).isEqualTo(150L);
        complete(P0, 50);
        await().atMost(Duration.ofSeconds(5)).until(() -> pendingByOffset.containsKey(51L));
        assertThat(pendingByOffset).doesNotContainKeys(100L, 149L);
    }

    @Test
    void holdsAPartitionAtARecordNotYetDueWithoutHoldingTheOthers() {
        // given a loop whose records of P0 from offset 1 on are due 400 ms from now
        long dueAt = System.currentTimeMillis() + 400;
        PollLoop loop = new PollLoop(consumer, new KeyOrderedExecutor(pool), handler,
                new PollLoop.Settings("retry", List.of(TOPIC), 100, 0, 2_000), stats, Time.SYSTEM, () -> false,
                record -> record.partition() == 0 && record.offset() >= 1 ? dueAt : 0, PartitionListener.NONE);
        loop.subscribe();
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.rebalance(List.of(P0, P1));
        add(P0, 0, "a");
        add(P0, 1, "b");
        add(P0, 2, "c");
        add(P1, 0, "d");
        // when polled
        loop.pollOnce();
        // then P0's due record and P1's are dispatched; P0 is held at offset 1, paused; P1 is not paused
        await().atMost(Duration.ofSeconds(5)).until(() -> pendingByOffset.containsKey(0L)
                && pendingByOffset.containsKey(1000L));
        assertThat(pendingByOffset).doesNotContainKeys(1L, 2L);
        assertThat(consumer.paused()).containsExactly(P0);
        assertThat(consumer.position(P0)).isEqualTo(1L);
        assertThat(stats.loop("retry").held()).isEqualTo(1);
        // when the broker returns P0's records again (MockConsumer forgets polled records) and they become due
        add(P0, 1, "b");
        add(P0, 2, "c");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            loop.pollOnce();
            assertThat(pendingByOffset).containsKeys(1L, 2L);
        });
        // then they were not dispatched before they were due, and P0 is resumed
        assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(dueAt);
        assertThat(consumer.paused()).isEmpty();
        assertThat(stats.loop("retry").held()).isZero();
    }

    @Test
    void afterAGapLongerThanTheSessionTimeoutItHoldsRecordsUntilTheGroupHadTimeToFenceIt() {
        // given a loop on Kafka's MockTime whose session timeout is 200 ms and hold 300 ms, that polled once
        MockTime time = new MockTime();
        PollLoop loop = new PollLoop(consumer, new KeyOrderedExecutor(pool), handler,
                new PollLoop.Settings("requests", List.of(TOPIC), 100, 0, 2_000, 200, 300), stats, time,
                () -> false);
        loop.subscribe();
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.rebalance(List.of(P0, P1));
        loop.pollOnce();
        // when the process was frozen for 400 ms and the next poll returns records
        time.sleep(400);
        add(P0, 0, "a");
        add(P0, 1, "b");
        loop.pollOnce();
        // then nothing is dispatched (and stays so), the position goes back to the first record, and every partition
        // is paused
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(pendingByOffset).isEmpty());
        assertThat(consumer.position(P0)).isZero();
        assertThat(consumer.paused()).containsExactlyInAnyOrder(P0, P1);
        // and still held 150 ms into the hold (polls less than a session timeout apart)
        time.sleep(150);
        loop.pollOnce();
        assertThat(pendingByOffset).isEmpty();
        assertThat(consumer.paused()).containsExactlyInAnyOrder(P0, P1);
        // when the hold is over (the member was not fenced) and the records are read again
        time.sleep(150);
        add(P0, 0, "a");
        add(P0, 1, "b");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            loop.pollOnce();
            assertThat(pendingByOffset).containsKeys(0L, 1L);
        });
        // then they are dispatched, and the partitions resumed
        assertThat(consumer.paused()).isEmpty();
    }

    @Test
    void tellsItsPartitionListenerTheStartOffsetsBeforeDispatching() {
        // given a listener, and a committed offset 5 for P0 and none for P1 (log start 2)
        Map<TopicPartition, Long> told = new ConcurrentHashMap<>();
        List<TopicPartition> removed = new CopyOnWriteArrayList<>();
        PartitionListener listener = new PartitionListener() {
            @Override
            public void assigned(Map<TopicPartition, Long> startOffsets) {
                assertThat(pendingByOffset).isEmpty();
                told.putAll(startOffsets);
            }

            @Override
            public void removed(java.util.Collection<TopicPartition> partitions) {
                removed.addAll(partitions);
            }
        };
        PollLoop loop = new PollLoop(consumer, new KeyOrderedExecutor(pool), handler,
                new PollLoop.Settings("requests", List.of(TOPIC), 100, 0, 2_000), stats, Time.SYSTEM, () -> false,
                DueTime.NOW, listener);
        loop.subscribe();
        consumer.commitSync(Map.of(P0, new OffsetAndMetadata(5)));
        syncCommits.clear();
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 2L));
        // when assigned
        consumer.rebalance(List.of(P0, P1));
        // then the listener has each partition's start offset; and when P1 is revoked, it is told
        assertThat(told).containsExactlyInAnyOrderEntriesOf(Map.of(P0, 5L, P1, 2L));
        consumer.rebalance(List.of(P0));
        assertThat(removed).containsExactly(P1);
    }

    @Test
    void revokeDropsQueuedRecordsWaitsForRunningOnesAndCommitsWhatCompleted() {
        // given three records of one recipient in P1: 0 running, 1 and 2 queued behind it
        PollLoop loop = loop(100);
        add(P1, 0, "same");
        add(P1, 1, "same");
        add(P1, 2, "same");
        loop.pollOnce();
        await().atMost(Duration.ofSeconds(5)).until(() -> pendingByOffset.containsKey(1000L));
        // when P1 is revoked while 0 completes during the wait
        CompletableFuture.runAsync(() -> complete(P1, 0));
        consumer.rebalance(List.of(P0));
        // then offset 1 is committed synchronously: 0 completed, 1 and 2 never started and go to the next owner
        assertThat(syncCommits).containsExactly(Map.of(P1, new OffsetAndMetadata(1)));
        assertThat(pendingByOffset).doesNotContainKeys(1001L, 1002L);
        assertThat(stats.committed()).doesNotContainKey(P1.toString());
    }

    @Test
    void recordTheSenderPoolRefusesStopsTheLoopWithoutCommittingIt() {
        // given a poll loop whose sender pool has been shut down
        ExecutorService shutDown = Executors.newSingleThreadExecutor();
        shutDown.shutdown();
        PollLoop loop = new PollLoop(consumer, new KeyOrderedExecutor(shutDown), handler,
                new PollLoop.Settings("requests", List.of(TOPIC), 100, 0, 2_000), stats, Time.SYSTEM, () -> false);
        loop.subscribe();
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.rebalance(List.of(P0, P1));
        add(P0, 0, "a");
        // when the record is polled and cannot be started
        loop.pollOnce();
        // then the loop has a fatal error, the handler never saw the record, and the commit stays at offset 0
        assertThat(loop.fatalError()).isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
        assertThat(pendingByOffset).isEmpty();
        assertThat(committed(loop, P0)).isIn(null, 0L);
    }
}
