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
 * Runs tasks on a thread pool with at most one task per key in flight, and the tasks of one key strictly in the order
 * they were submitted: a key's next task starts only when the {@link CompletionStage} its previous task returned has
 * completed. Tasks of different keys run in parallel.
 *
 * <p>The dispatcher keys tasks by the record key (the recipient), so that a recipient's messages reach the gateway in
 * offset order while thousands of recipients are served at once. A task's stage completes when its record has
 * <em>completed</em> (sent and status acknowledged), so ordering holds across retries too.
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
     * @param task starts the work and returns a stage that completes when it is done
     */
    public record Task(String key, TopicPartition partition, long offset, Supplier<CompletionStage<?>> task) {
    }

    private final Executor pool;
    /** A submitted task and the stage {@link #submit} returned for it. */
    private record Entry(Task task, CompletableFuture<Void> done) {
    }

    private final Map<String, ArrayDeque<Entry>> queues = new HashMap<>();
    private int pending;
    private int running;

    /**
     * @param pool the threads tasks start on; a task's stage may complete on any thread, the key's next task is then
     *     started on this pool again
     */
    public KeyOrderedExecutor(Executor pool) {
        this.pool = pool;
    }

    /**
     * Queues a task behind the running and queued tasks of its key, or starts it if the key is idle.
     *
     * @param task the task
     * @return a stage that completes as the task's own stage does (normally, or exceptionally with its error); it
     *     completes exceptionally with the pool's exception (e.g. {@link java.util.concurrent.RejectedExecutionException})
     *     if the task could not be started. It never completes if the task is {@link #drop dropped} before it starts.
     */
    public CompletionStage<Void> submit(Task task) {
        Entry entry = new Entry(task, new CompletableFuture<>());
        boolean start;
        synchronized (this) {
            ArrayDeque<Entry> queue = queues.get(task.key());
            pending++;
            if (queue == null) {
                queues.put(task.key(), new ArrayDeque<>());
                running++;
                start = true;
            } else {
                queue.addLast(entry);
                start = false;
            }
        }
        if (start) {
            start(entry);
        }
        return entry.done();
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
        for (ArrayDeque<Entry> queue : queues.values()) {
            for (Iterator<Entry> it = queue.iterator(); it.hasNext(); ) {
                Task task = it.next().task();
                if (set.contains(task.partition())) {
                    it.remove();
                    dropped.add(task);
                }
            }
        }
        pending -= dropped.size();
        return dropped;
    }

    /** @return tasks submitted and not finished: queued behind their key, or running */
    public synchronized int pending() {
        return pending;
    }

    /** @return tasks running (started, stage not complete) */
    public synchronized int running() {
        return running;
    }

    /** @return keys with a running task */
    public synchronized int activeKeys() {
        return queues.size();
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
                        current.task().partition(), current.task().offset(), e);
                current.done().completeExceptionally(e);
                entry = finished(current);
            }
        }
    }

    private void run(Entry entry) {
        CompletionStage<?> stage;
        try {
            stage = entry.task().task().get();
        } catch (Throwable t) {
            stage = CompletableFuture.failedFuture(t);
        }
        stage.whenComplete((result, error) -> {
            if (error != null) {
                entry.done().completeExceptionally(error);
            } else {
                entry.done().complete(null);
            }
            Entry next = finished(entry);
            if (next != null) {
                start(next);
            }
        });
    }

    /**
     * Marks a task finished.
     *
     * @return the key's next task, now counted as running, or null if the key is idle
     */
    private Entry finished(Entry entry) {
        synchronized (this) {
            pending--;
            ArrayDeque<Entry> queue = queues.get(entry.task().key());
            Entry next = queue == null ? null : queue.pollFirst();
            if (next == null) {
                queues.remove(entry.task().key());
                running--;
            }
            return next;
        }
    }
}
