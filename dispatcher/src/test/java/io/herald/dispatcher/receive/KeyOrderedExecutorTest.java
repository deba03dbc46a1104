package io.herald.dispatcher.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyOrderedExecutorTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    private final KeyOrderedExecutor executor = new KeyOrderedExecutor(pool);

    @AfterEach
    void shutdown() {
        pool.shutdownNow();
    }

    @Test
    void runsTasksOfOneKeyStrictlySequentiallyAndInSubmissionOrder() {
        // given 200 tasks for one key, each completing asynchronously on another thread
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        ExecutorService completer = Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < 200; i++) {
                int n = i;
                executor.submit(KeyOrderedExecutor.Task.whole("+4791234567", P0, i, () -> {
                    maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                    order.add(n);
                    return CompletableFuture.runAsync(concurrent::decrementAndGet, completer);
                }));
            }
            // when all have run
            await().atMost(Duration.ofSeconds(10)).until(() -> executor.pending() == 0);
        } finally {
            completer.shutdownNow();
        }
        // then they ran one at a time, in order
        assertThat(maxConcurrent.get()).isEqualTo(1);
        assertThat(order).hasSize(200).isSorted();
    }

    @Test
    void aReleasedTaskLetsItsKeyGoOnUpToTheCapOfUnacknowledgedTasks() {
        // given an executor that lets a key have 3 released, not yet completed tasks, and 6 tasks of one key, each
        // released at once and completed only when the test says so
        KeyOrderedExecutor accepted = new KeyOrderedExecutor(pool, 3);
        List<CompletableFuture<Void>> acks = Collections.synchronizedList(new ArrayList<>());
        List<Integer> started = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int n = i;
            done.add(accepted.submit(new KeyOrderedExecutor.Task("+4791234567", P0, i, () -> {
                started.add(n);
                CompletableFuture<Void> ack = new CompletableFuture<>();
                acks.add(ack);
                return new Handling(CompletableFuture.completedFuture(null), ack);
            })).toCompletableFuture());
        }
        // when none is acknowledged, then the first 3 started, in order, and the 4th waits for an ack
        await().atMost(Duration.ofSeconds(5)).until(() -> started.size() == 3);
        assertThat(started).containsExactly(0, 1, 2);
        assertThat(accepted.running()).isEqualTo(3);
        assertThat(done).noneMatch(CompletableFuture::isDone);
        // when the first is acknowledged, the 4th starts; the others follow as acks come
        acks.get(0).complete(null);
        await().atMost(Duration.ofSeconds(5)).until(() -> started.size() == 4);
        assertThat(done.get(0)).isDone();
        for (int i = 1; i < 6; i++) {
            int n = i;
            await().atMost(Duration.ofSeconds(5)).until(() -> acks.size() > n);
            acks.get(n).complete(null);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> accepted.pending() == 0);
        assertThat(started).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(accepted.activeKeys()).isZero();
    }

    @Test
    void aTaskNotYetReleasedHoldsItsKeyWhateverTheCap() {
        // given a cap of 8 and a first task that is neither released nor completed
        KeyOrderedExecutor accepted = new KeyOrderedExecutor(pool, 8);
        CompletableFuture<Void> release = new CompletableFuture<>();
        CompletableFuture<Void> ack = new CompletableFuture<>();
        AtomicInteger secondRuns = new AtomicInteger();
        accepted.submit(new KeyOrderedExecutor.Task("k", P0, 0, () -> new Handling(release, ack)));
        accepted.submit(KeyOrderedExecutor.Task.whole("k", P0, 1, () -> {
            secondRuns.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        }));
        await().atMost(Duration.ofSeconds(5)).until(() -> accepted.running() == 1);
        // then the second waits for the release, not for the ack
        assertThat(secondRuns.get()).isZero();
        release.complete(null);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(secondRuns.get()).isEqualTo(1));
        assertThat(accepted.pending()).isEqualTo(1); // the first still waits for its ack
        ack.complete(null);
        await().atMost(Duration.ofSeconds(5)).until(() -> accepted.pending() == 0);
        assertThat(accepted.activeKeys()).isZero();
    }

    @Test
    void nextTaskOfAKeyWaitsUntilThePreviousStageCompletes() {
        // given a first task whose stage is still open
        CompletableFuture<Void> first = new CompletableFuture<>();
        AtomicInteger secondRuns = new AtomicInteger();
        executor.submit(KeyOrderedExecutor.Task.whole("k", P0, 0, () -> first));
        executor.submit(KeyOrderedExecutor.Task.whole("k", P0, 1, () -> {
            secondRuns.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        }));
        // when the first's stage is not complete
        await().atMost(Duration.ofSeconds(5)).until(() -> executor.running() == 1);
        // then the second has not started and both count as pending
        assertThat(secondRuns.get()).isZero();
        assertThat(executor.pending()).isEqualTo(2);
        // when the first completes (even exceptionally), the second runs
        first.completeExceptionally(new RuntimeException("failed send"));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(secondRuns.get()).isEqualTo(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> executor.pending() == 0);
    }

    @Test
    void runsDifferentKeysInParallel() throws Exception {
        // given 4 keys whose tasks each wait until all 4 have started
        CountDownLatch allStarted = new CountDownLatch(4);
        CountDownLatch release = new CountDownLatch(1);
        for (int k = 0; k < 4; k++) {
            executor.submit(KeyOrderedExecutor.Task.whole("key-" + k, P0, k, () -> {
                allStarted.countDown();
                return CompletableFuture.runAsync(() -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }));
        }
        // when / then all four start without any finishing (they would deadlock if run one by one)
        assertThat(allStarted.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(executor.running()).isEqualTo(4);
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> executor.pending() == 0);
    }

    @Test
    void keepsPerKeyOrderWithManyKeysInterleaved() {
        // given 50 keys x 40 tasks, submitted interleaved
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        for (int i = 0; i < 40; i++) {
            for (int k = 0; k < 50; k++) {
                String key = "k" + k;
                int n = i;
                executor.submit(KeyOrderedExecutor.Task.whole(key, P0, (long) i * 50 + k, () -> {
                    seen.computeIfAbsent(key, x -> Collections.synchronizedList(new ArrayList<>())).add(n);
                    return CompletableFuture.completedFuture(null);
                }));
            }
        }
        // when all ran
        await().atMost(Duration.ofSeconds(10)).until(() -> executor.pending() == 0);
        // then each key saw 0..39 in order
        assertThat(seen).hasSize(50);
        seen.values().forEach(list -> assertThat(list).hasSize(40).isSorted());
        assertThat(executor.activeKeys()).isZero();
    }

    @Test
    void pendingCountsQueuedAndRunningTasksForBackPressure() {
        // given one blocked key with 3 queued behind it and another running key
        CompletableFuture<Void> blockA = new CompletableFuture<>();
        CompletableFuture<Void> blockB = new CompletableFuture<>();
        executor.submit(KeyOrderedExecutor.Task.whole("a", P0, 0, () -> blockA));
        for (int i = 1; i <= 3; i++) {
            executor.submit(KeyOrderedExecutor.Task.whole("a", P0, i, () -> CompletableFuture.completedFuture(null)));
        }
        executor.submit(KeyOrderedExecutor.Task.whole("b", P1, 0, () -> blockB));
        // when / then 5 are pending, 2 running
        await().atMost(Duration.ofSeconds(5)).until(() -> executor.running() == 2);
        assertThat(executor.pending()).isEqualTo(5);
        blockA.complete(null);
        blockB.complete(null);
        await().atMost(Duration.ofSeconds(5)).until(() -> executor.pending() == 0);
    }

    @Test
    void dropRemovesOnlyQueuedTasksOfRevokedPartitions() {
        // given key a (P0) running with 2 queued, key b (P1) running with 1 queued
        CompletableFuture<Void> blockA = new CompletableFuture<>();
        CompletableFuture<Void> blockB = new CompletableFuture<>();
        AtomicInteger ranAfterDrop = new AtomicInteger();
        executor.submit(KeyOrderedExecutor.Task.whole("a", P0, 0, () -> blockA));
        executor.submit(KeyOrderedExecutor.Task.whole("a", P0, 1, () -> count(ranAfterDrop)));
        executor.submit(KeyOrderedExecutor.Task.whole("a", P0, 2, () -> count(ranAfterDrop)));
        executor.submit(KeyOrderedExecutor.Task.whole("b", P1, 0, () -> blockB));
        executor.submit(KeyOrderedExecutor.Task.whole("b", P1, 1, () -> count(ranAfterDrop)));
        await().atMost(Duration.ofSeconds(5)).until(() -> executor.running() == 2);
        // when P0 is revoked
        List<KeyOrderedExecutor.Task> dropped = executor.drop(List.of(P0));
        // then a's queued tasks are dropped, the running one and P1's tasks stay
        assertThat(dropped).extracting(KeyOrderedExecutor.Task::offset).containsExactlyInAnyOrder(1L, 2L);
        assertThat(executor.pending()).isEqualTo(3);
        blockA.complete(null);
        blockB.complete(null);
        await().atMost(Duration.ofSeconds(5)).until(() -> executor.pending() == 0);
        assertThat(ranAfterDrop.get()).isEqualTo(1);
    }

    @Test
    void taskThatThrowsReleasesItsKey() {
        // given a task that throws instead of returning a stage
        AtomicInteger nextRan = new AtomicInteger();
        executor.submit(KeyOrderedExecutor.Task.whole("k", P0, 0, () -> {
            throw new IllegalStateException("boom");
        }));
        executor.submit(KeyOrderedExecutor.Task.whole("k", P0, 1, () -> count(nextRan)));
        // when / then the key moves on
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(nextRan.get()).isEqualTo(1));
    }

    private static CompletableFuture<Void> count(AtomicInteger counter) {
        counter.incrementAndGet();
        return CompletableFuture.completedFuture(null);
    }

    @Test
    void taskThePoolRefusesFailsItsStageAndTheKeyMovesOn() {
        // given a pool that refuses every task, and a first task of key k whose stage is still open
        CompletableFuture<Void> first = new CompletableFuture<>();
        List<Runnable> refused = new ArrayList<>();
        AtomicInteger accept = new AtomicInteger(1);
        KeyOrderedExecutor refusing = new KeyOrderedExecutor(command -> {
            if (accept.getAndDecrement() > 0) {
                command.run();
            } else {
                refused.add(command);
                throw new java.util.concurrent.RejectedExecutionException("pool shut down");
            }
        });
        CompletableFuture<Void> firstDone = refusing.submit(KeyOrderedExecutor.Task.whole("k", P0, 0, () -> first))
                .toCompletableFuture();
        AtomicInteger ran = new AtomicInteger();
        CompletableFuture<Void> second = refusing.submit(KeyOrderedExecutor.Task.whole("k", P0, 1, () -> {
            ran.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        })).toCompletableFuture();
        CompletableFuture<Void> third = refusing.submit(KeyOrderedExecutor.Task.whole("k", P0, 2, () -> {
            ran.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        })).toCompletableFuture();
        // when the first completes and the pool refuses the next two
        first.complete(null);
        // then the first's stage completed normally, the refused ones exceptionally, none of them ran, none is left
        assertThat(firstDone).isCompleted();
        assertThat(second).isCompletedExceptionally();
        assertThat(third).isCompletedExceptionally();
        assertThatThrownBy(second::join).hasCauseInstanceOf(java.util.concurrent.RejectedExecutionException.class);
        assertThat(refused).hasSize(2);
        assertThat(ran.get()).isZero();
        assertThat(refusing.pending()).isZero();
        assertThat(refusing.running()).isZero();
        assertThat(refusing.activeKeys()).isZero();
    }

    @Test
    void taskRefusedOnSubmitFailsItsStageAtOnce() {
        // given a shut-down pool
        ExecutorService shutDown = Executors.newSingleThreadExecutor();
        shutDown.shutdown();
        KeyOrderedExecutor refusing = new KeyOrderedExecutor(shutDown);
        // when a task is submitted for an idle key
        CompletableFuture<Void> done = refusing.submit(KeyOrderedExecutor.Task.whole("k", P0, 7,
                () -> CompletableFuture.completedFuture(null))).toCompletableFuture();
        // then its stage has failed and the key is idle again
        assertThat(done).isCompletedExceptionally();
        assertThat(refusing.pending()).isZero();
        assertThat(refusing.activeKeys()).isZero();
    }

    @Test
    void submittedStageFollowsTheTasksOwnStage() {
        // given two tasks of different keys, one failing
        CompletableFuture<Void> ok = executor.submit(KeyOrderedExecutor.Task.whole("a", P0, 0,
                () -> CompletableFuture.completedFuture(null))).toCompletableFuture();
        CompletableFuture<Void> failed = executor.submit(KeyOrderedExecutor.Task.whole("b", P0, 1,
                () -> CompletableFuture.failedFuture(new IllegalStateException("status not acknowledged"))))
                .toCompletableFuture();
        // when they have run
        await().atMost(Duration.ofSeconds(5)).until(() -> ok.isDone() && failed.isDone());
        // then the stages mirror the tasks' outcomes
        assertThat(ok).isCompleted();
        assertThatThrownBy(failed::join).hasCauseInstanceOf(IllegalStateException.class);
    }
}
