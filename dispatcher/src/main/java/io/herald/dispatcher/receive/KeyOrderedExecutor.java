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
    private final Map<String, ArrayDeque<Task>> queues = new HashMap<>();
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
     */
    public void submit(Task task) {
        boolean start;
        synchronized (this) {
            ArrayDeque<Task> queue = queues.get(task.key());
            pending++;
            if (queue == null) {
                queues.put(task.key(), new ArrayDeque<>());
                running++;
                start = true;
            } else {
                queue.addLast(task);
                start = false;
            }
        }
        if (start) {
            start(task);
        }
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
        for (ArrayDeque<Task> queue : queues.values()) {
            for (Iterator<Task> it = queue.iterator(); it.hasNext(); ) {
                Task task = it.next();
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

    private void start(Task task) {
        try {
            pool.execute(() -> run(task));
        } catch (RuntimeException e) {
            // Pool shut down or saturated: finish the key so that it does not stay blocked forever.
            LOG.error("Could not start task for partition {} offset {}", task.partition(), task.offset(), e);
            finished(task);
        }
    }

    private void run(Task task) {
        CompletionStage<?> stage;
        try {
            stage = task.task().get();
        } catch (Throwable t) {
            stage = CompletableFuture.failedFuture(t);
        }
        stage.whenComplete((result, error) -> finished(task));
    }

    private void finished(Task task) {
        Task next;
        synchronized (this) {
            pending--;
            ArrayDeque<Task> queue = queues.get(task.key());
            next = queue == null ? null : queue.pollFirst();
            if (next == null) {
                queues.remove(task.key());
                running--;
            }
        }
        if (next != null) {
            start(next);
        }
    }
}
