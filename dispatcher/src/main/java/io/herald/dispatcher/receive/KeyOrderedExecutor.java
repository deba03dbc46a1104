package io.herald.dispatcher.receive;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks on a thread pool with at most one task per key <em>started and not yet released</em>, and the tasks of one
 * key strictly in the order they were submitted: a key's next task starts only when its previous task's
 * {@link Handling#released() released} stage has completed, and while fewer than {@code maxUnacknowledged} of the key's
 * released tasks have not yet {@link Handling#completed() completed}. Tasks of different keys run in parallel.
 *
 * <p>The dispatcher keys tasks by the record key (the recipient), so that a recipient's messages reach the gateway in
 * offset order while thousands of recipients are served at once. With {@code ordering=strict} a task is released when
 * it completes (sent and its outcome acknowledged by Kafka), so at most one message per recipient is anywhere between
 * the poll loop and Kafka's acknowledgement. With {@code ordering=accepted} a task is released once the gateway
 * accepted its message and the outcome records were handed to the producer, which keeps them in order; the
 * recipient's next message may then go while Kafka acknowledges, up to {@code maxUnacknowledged} of them.
 *
 * <p>Thread-safe. Queued tasks are tagged with their partition so that a revoke can {@link #drop drop} them.
 */
public final class KeyOrderedExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(KeyOrderedExecutor.class);

    /**
     * A task waiting for its key.
     *
     * @param key the ordering key
     * @param partition the partition of its record
     * @param offset the offset of its record
     * @param task starts the work and returns its {@link Handling}
     */
    public record Task(String key, TopicPartition partition, long offset, Supplier<Handling> task) {

        /**
         * A task released only when it completes.
         *
         * @param key the ordering key
         * @param partition the partition of its record
         * @param offset the offset of its record
         * @param task starts the work and returns a stage that completes when it is done
         * @return the task
         */
        public static Task whole(String key, TopicPartition partition, long offset,
                                 Supplier<? extends CompletionStage<?>> task) {
            return new Task(key, partition, offset, () -> Handling.whole(task.get()));
        }
    }

    /** A submitted task, the stage {@link #submit} returned for it, and how far it got. Guarded by the executor. */
    private static final class Entry {
        final Task task;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        boolean released;

        Entry(Task task) {
            this.task = task;
        }
    }

    /** One key's tasks. Guarded by the executor. */
    private static final class KeyState {
        final ArrayDeque<Entry> queue = new ArrayDeque<>();
        /** A task was started and not yet released. */
        boolean active;
        /** Tasks released and not yet completed. */
        int unacknowledged;

        boolean idle() {
            return !active && unacknowledged == 0 && queue.isEmpty();
        }
    }

    private final Executor pool;
    private final int maxUnacknowledged;
    private final Map<String, KeyState> keys = new HashMap<>();
    private int pending;
    private int running;

    /**
     * An executor whose keys wait for completion ({@code ordering=strict} tasks release when they complete anyway).
     *
     * @param pool the threads tasks start on; a task's stages may complete on any thread, the key's next task is then
     *     started on this pool again
     */
    public KeyOrderedExecutor(Executor pool) {
        this(pool, 1);
    }

    /**
     * @param pool the threads tasks start on; a task's stages may complete on any thread, the key's next task is then
     *     started on this pool again
     * @param maxUnacknowledged how many released, not yet completed tasks a key may have before its next task waits,
     *     at least 1
     */
    public KeyOrderedExecutor(Executor pool, int maxUnacknowledged) {
        if (maxUnacknowledged < 1) {
            throw new IllegalArgumentException("maxUnacknowledged must be at least 1: " + maxUnacknowledged);
        }
        this.pool = pool;
        this.maxUnacknowledged = maxUnacknowledged;
    }

    /**
     * Queues a task behind the running and queued tasks of its key, or starts it if the key may go on.
     *
     * @param task the task
     * @return a stage that completes as the task's {@link Handling#completed() completed} stage does (normally, or
     *     exceptionally with its error); it completes exceptionally with the pool's exception (e.g.
     *     {@link java.util.concurrent.RejectedExecutionException}) if the task could not be started. It never
     *     completes if the task is {@link #drop dropped} before it starts.
     */
    public CompletionStage<Void> submit(Task task) {
        Entry entry = new Entry(task);
        Entry start;
        synchronized (this) {
            pending++;
            KeyState state = keys.computeIfAbsent(task.key(), k -> new KeyState());
            state.queue.addLast(entry);
            start = next(state);
        }
        if (start != null) {
            start(start);
        }
        return entry.done;
    }

    /**
     * Removes the queued, not yet started tasks of some partitions. Running tasks are left to finish.
     *
     * @param revoked the partitions
     * @return the removed tasks, in no particular order
     */
    public synchronized List<Task> drop(Collection<TopicPartition> revoked) {
        Set<TopicPartition> set = Set.copyOf(revoked);
        List<Task> dropped = new ArrayList<>();
        for (Iterator<KeyState> states = keys.values().iterator(); states.hasNext(); ) {
            KeyState state = states.next();
            for (Iterator<Entry> it = state.queue.iterator(); it.hasNext(); ) {
                Task task = it.next().task;
                if (set.contains(task.partition())) {
                    it.remove();
                    dropped.add(task);
                }
            }
            if (state.idle()) {
                states.remove();
            }
        }
        pending -= dropped.size();
        return dropped;
    }

    /** @return tasks submitted and not finished: queued behind their key, or running */
    public synchronized int pending() {
        return pending;
    }

    /** @return tasks running (started, not completed) */
    public synchronized int running() {
        return running;
    }

    /** @return keys with a task queued or not yet completed */
    public synchronized int activeKeys() {
        return keys.size();
    }

    /** @return the key's next task, now counted as running, or null if it must wait; caller holds the lock */
    private Entry next(KeyState state) {
        if (state.active || state.unacknowledged >= maxUnacknowledged || state.queue.isEmpty()) {
            return null;
        }
        state.active = true;
        running++;
        return state.queue.pollFirst();
    }

    /**
     * Starts a task on the pool. If the pool refuses it, the task's stage fails with the pool's exception, so that the
     * submitter learns that its record was never processed (the poll loop then stops instead of waiting forever for
     * an offset that would hold every later commit back), and the key moves on to its next task, which is tried the
     * same way.
     *
     * <p>With the dispatcher's pool (fixed size, unbounded queue) a refusal happens only once the pool is shut down,
     * which {@link io.herald.dispatcher.Dispatcher#stop()} does after the poll loop ended or its wait timed out, or
     * when a worker thread cannot be created (an {@link Error} such as "unable to create native thread"). Any other
     * pool may refuse at any time, e.g. when its queue is bounded.
     */
    private void start(Entry first) {
        Entry entry = first;
        while (entry != null) {
            Entry current = entry;
            try {
                pool.execute(() -> run(current));
                return;
            } catch (RuntimeException | Error e) {
                LOG.error("Could not start the task of partition {} offset {}; reporting it as failed",
                        current.task.partition(), current.task.offset(), e);
                current.done.completeExceptionally(e);
                // Released then completed: at most one of the two hands the key's next task back.
                Entry afterRelease = released(current);
                Entry afterCompletion = completed(current);
                entry = afterRelease != null ? afterRelease : afterCompletion;
            }
        }
    }

    private void run(Entry entry) {
        Handling handling;
        try {
            handling = entry.task.task().get();
        } catch (Throwable t) {
            handling = Handling.whole(CompletableFuture.failedFuture(t));
        }
        handling.released().whenComplete((result, error) -> {
            Entry next = released(entry);
            if (next != null) {
                start(next);
            }
        });
        handling.completed().whenComplete((result, error) -> {
            if (error != null) {
                entry.done.completeExceptionally(error);
            } else {
                entry.done.complete(null);
            }
            Entry afterRelease = released(entry); // a completed task is released, whatever its released stage says
            if (afterRelease != null) {
                start(afterRelease);
            }
            Entry next = completed(entry);
            if (next != null) {
                start(next);
            }
        });
    }

    /**
     * Marks a task released, once.
     *
     * @return the key's next task, now counted as running, or null
     */
    private synchronized Entry released(Entry entry) {
        if (entry.released) {
            return null;
        }
        entry.released = true;
        KeyState state = keys.get(entry.task.key());
        state.active = false;
        state.unacknowledged++;
        return next(state);
    }

    /**
     * Marks a released task completed.
     *
     * @return the key's next task, now counted as running, or null
     */
    private synchronized Entry completed(Entry entry) {
        pending--;
        running--;
        KeyState state = keys.get(entry.task.key());
        state.unacknowledged--;
        Entry next = next(state);
        if (state.idle()) {
            keys.remove(entry.task.key());
        }
        return next;
    }
}
