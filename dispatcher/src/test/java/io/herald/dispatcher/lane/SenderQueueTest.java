package io.herald.dispatcher.lane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.schema.PriorityLane;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SenderQueueTest {

    /** A task that only has a name, to see the order a thread takes tasks in. */
    private record Named(String name) implements Runnable {
        @Override
        public void run() {
        }
    }

    private static List<String> takeAll(SenderQueue queue) {
        List<String> order = new ArrayList<>();
        Runnable task;
        while ((task = queue.poll()) != null) {
            Runnable inner = task instanceof SenderQueue.LaneTask laneTask ? laneTask.task() : task;
            order.add(((Named) inner).name());
        }
        return order;
    }

    private static void offer(SenderQueue queue, PriorityLane lane, String name) {
        SenderQueue.executor(queue::offer, lane).execute(new Named(name));
    }

    @Test
    void continuationsFirstThenHighThenNormalAndBulkByWeight() {
        // given bulk and normal tasks queued before a high one and a continuation (no lane)
        SenderQueue queue = new SenderQueue(3, 1);
        for (int i = 1; i <= 4; i++) {
            offer(queue, PriorityLane.BULK, "b" + i);
        }
        for (int i = 1; i <= 6; i++) {
            offer(queue, PriorityLane.NORMAL, "n" + i);
        }
        offer(queue, PriorityLane.HIGH, "h1");
        queue.offer(new Named("c1"));
        assertThat(queue).hasSize(12);
        assertThat(queue.queued(PriorityLane.BULK)).isEqualTo(4);

        // then the continuation, the high task, then three normal to one bulk, each lane in order, then bulk alone
        assertThat(takeAll(queue)).containsExactly("c1", "h1", "n1", "n2", "b1", "n3", "n4", "n5", "b2", "n6",
                "b3", "b4");
        assertThat(queue).isEmpty();
    }

    @Test
    void aLaneAloneTakesEveryTurn() {
        SenderQueue queue = new SenderQueue(1, 1);
        for (int i = 1; i <= 3; i++) {
            offer(queue, PriorityLane.BULK, "b" + i);
        }
        assertThat(takeAll(queue)).containsExactly("b1", "b2", "b3");
    }

    @Test
    void aHighTaskQueuedBehindABulkBacklogIsTheNextTaken() {
        SenderQueue queue = new SenderQueue(3, 1);
        for (int i = 0; i < 10_000; i++) {
            offer(queue, PriorityLane.BULK, "b" + i);
        }
        queue.poll();
        offer(queue, PriorityLane.HIGH, "h");
        Runnable next = queue.poll();
        assertThat(((SenderQueue.LaneTask) next).lane()).isEqualTo(PriorityLane.HIGH);
    }

    @Test
    void removeAndIteratorAndDrainSeeEveryLane() {
        SenderQueue queue = new SenderQueue(3, 1);
        Named continuation = new Named("c");
        queue.offer(continuation);
        offer(queue, PriorityLane.BULK, "b");
        offer(queue, PriorityLane.HIGH, "h");
        assertThat(queue.peek()).isSameAs(continuation);
        assertThat(queue.remove(continuation)).isTrue();
        assertThat(queue.remove(continuation)).isFalse();
        assertThat(queue.peek()).isInstanceOf(SenderQueue.LaneTask.class);
        assertThat(queue.iterator()).toIterable().hasSize(2);
        List<Runnable> drained = new ArrayList<>();
        assertThat(queue.drainTo(drained)).isEqualTo(2);
        assertThat(drained).extracting(task -> ((SenderQueue.LaneTask) task).lane())
                .containsExactly(PriorityLane.HIGH, PriorityLane.BULK);
        assertThat(queue).isEmpty();
    }

    @Test
    void weightsBelowOneAreRefused() {
        assertThatThrownBy(() -> new SenderQueue(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SenderQueue(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aThreadPoolOverTheQueueRunsHighBeforeTheBulkTasksQueuedEarlier() throws Exception {
        // given a one-thread pool busy with a task, and 50 bulk tasks queued behind it
        SenderQueue queue = new SenderQueue(3, 1);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, queue);
        try {
            CountDownLatch release = new CountDownLatch(1);
            pool.execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            List<String> ran = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch done = new CountDownLatch(51);
            for (int i = 0; i < 50; i++) {
                String name = "b" + i;
                SenderQueue.executor(pool, PriorityLane.BULK).execute(() -> {
                    ran.add(name);
                    done.countDown();
                });
            }
            // when a high task comes last
            SenderQueue.executor(pool, PriorityLane.HIGH).execute(() -> {
                ran.add("h");
                done.countDown();
            });
            release.countDown();
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            // then it ran first of them
            assertThat(ran).hasSize(51).first().isEqualTo("h");
        } finally {
            pool.shutdownNow();
        }
    }
}
