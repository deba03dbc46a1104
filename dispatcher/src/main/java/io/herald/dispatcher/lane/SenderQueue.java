package io.herald.dispatcher.lane;

import io.herald.schema.PriorityLane;
import java.util.AbstractQueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sender pool's work queue, which serves the priority lanes: a task the poll loop of a lane starts
 * ({@link #executor(PriorityLane)}) waits with its lane's tasks, and a free sender thread takes
 * <ol>
 *   <li>first a task of no lane: a later step of a send already under way (after a rate permit's wait, a backoff, an
 *       open circuit), which already holds its place at the gateway;</li>
 *   <li>then a {@link PriorityLane#HIGH} task: one-time codes and alerts never wait behind the other lanes;</li>
 *   <li>then, between {@link PriorityLane#NORMAL} and {@link PriorityLane#BULK} tasks when both wait, by weight
 *       (smooth weighted round robin: with weights 3 and 1, three normal tasks to one bulk task, interleaved); a lane
 *       alone takes every turn, so neither lane's share of the gateway is lost while the other is idle.</li>
 * </ol>
 * Within a lane, tasks keep their order (FIFO). The queue is unbounded, as the pool's was: what bounds it is each poll
 * loop's {@code max.in.flight}.
 *
 * <p>A high lane with a backlog of its own starves the others: high is meant for a trickle of urgent messages, and
 * {@code auth.clients.<id>.maxPriority} keeps clients that send campaigns out of it.
 *
 * <p>Thread-safe; one lock guards the four queues.
 */
public final class SenderQueue extends AbstractQueue<Runnable> implements BlockingQueue<Runnable> {

    /**
     * A task of a lane.
     *
     * @param lane its lane
     * @param task the work
     */
    record LaneTask(PriorityLane lane, Runnable task) implements Runnable {
        @Override
        public void run() {
            task.run();
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    /** Tasks of no lane (continuations). */
    private final ArrayDeque<Runnable> started = new ArrayDeque<>();
    private final Map<PriorityLane, ArrayDeque<Runnable>> lanes = new EnumMap<>(PriorityLane.class);
    private final int normalWeight;
    private final int bulkWeight;
    private int normalCredit;
    private int bulkCredit;
    private int size;

    /**
     * @param normalWeight the normal lane's weight against the bulk lane's, at least 1
     * @param bulkWeight the bulk lane's weight, at least 1
     * @throws IllegalArgumentException if a weight is below 1
     */
    public SenderQueue(int normalWeight, int bulkWeight) {
        if (normalWeight < 1 || bulkWeight < 1) {
            throw new IllegalArgumentException("weights must be at least 1: normal " + normalWeight + ", bulk "
                    + bulkWeight);
        }
        this.normalWeight = normalWeight;
        this.bulkWeight = bulkWeight;
        for (PriorityLane lane : PriorityLane.values()) {
            lanes.put(lane, new ArrayDeque<>());
        }
    }

    /**
     * @param pool the pool this queue serves
     * @param lane a lane
     * @return an executor that runs each task on {@code pool} as a task of {@code lane}
     */
    public static Executor executor(Executor pool, PriorityLane lane) {
        Objects.requireNonNull(lane, "lane");
        return task -> pool.execute(new LaneTask(lane, task));
    }

    /**
     * @param lane a lane
     * @return its tasks waiting for a sender thread
     */
    public int queued(PriorityLane lane) {
        lock.lock();
        try {
            return lanes.get(lane).size();
        } finally {
            lock.unlock();
        }
    }

    private ArrayDeque<Runnable> queueOf(Runnable task) {
        return task instanceof LaneTask laneTask ? lanes.get(laneTask.lane()) : started;
    }

    /** The next task by the rules of the class comment; null if none. Holds the lock. */
    private Runnable next() {
        if (size == 0) {
            return null;
        }
        Runnable task = started.pollFirst();
        if (task == null) {
            task = lanes.get(PriorityLane.HIGH).pollFirst();
        }
        if (task == null) {
            ArrayDeque<Runnable> normal = lanes.get(PriorityLane.NORMAL);
            ArrayDeque<Runnable> bulk = lanes.get(PriorityLane.BULK);
            if (normal.isEmpty()) {
                task = bulk.pollFirst();
            } else if (bulk.isEmpty()) {
                task = normal.pollFirst();
            } else {
                normalCredit += normalWeight;
                bulkCredit += bulkWeight;
                if (normalCredit >= bulkCredit) {
                    normalCredit -= normalWeight + bulkWeight;
                    task = normal.pollFirst();
                } else {
                    bulkCredit -= normalWeight + bulkWeight;
                    task = bulk.pollFirst();
                }
            }
        }
        size--;
        return task;
    }

    @Override
    public boolean offer(Runnable task) {
        Objects.requireNonNull(task, "task");
        lock.lock();
        try {
            queueOf(task).addLast(task);
            size++;
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void put(Runnable task) {
        offer(task);
    }

    @Override
    public boolean offer(Runnable task, long timeout, TimeUnit unit) {
        return offer(task);
    }

    @Override
    public Runnable take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (size == 0) {
                notEmpty.await();
            }
            return next();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (size == 0) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return next();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Runnable poll() {
        lock.lock();
        try {
            return next();
        } finally {
            lock.unlock();
        }
    }

    /** @return the task a thread would take first, ignoring the weights (normal before bulk); null if none */
    @Override
    public Runnable peek() {
        lock.lock();
        try {
            Runnable task = started.peekFirst();
            for (PriorityLane lane : PriorityLane.values()) {
                task = task != null ? task : lanes.get(lane).peekFirst();
            }
            return task;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int remainingCapacity() {
        return Integer.MAX_VALUE;
    }

    @Override
    public boolean remove(Object task) {
        if (!(task instanceof Runnable runnable)) {
            return false;
        }
        lock.lock();
        try {
            boolean removed = queueOf(runnable).removeFirstOccurrence(runnable);
            if (removed) {
                size--;
            }
            return removed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int drainTo(Collection<? super Runnable> sink) {
        return drainTo(sink, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super Runnable> sink, int maxElements) {
        Objects.requireNonNull(sink, "sink");
        if (sink == this) {
            throw new IllegalArgumentException("cannot drain a queue into itself");
        }
        lock.lock();
        try {
            int drained = 0;
            while (drained < maxElements && size > 0) {
                sink.add(next());
                drained++;
            }
            return drained;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A snapshot, in the order of the class comment (normal before bulk); its {@code remove} removes from the queue.
     */
    @Override
    public Iterator<Runnable> iterator() {
        List<Runnable> copy;
        lock.lock();
        try {
            copy = snapshot();
        } finally {
            lock.unlock();
        }
        Iterator<Runnable> it = copy.iterator();
        return new Iterator<>() {
            private Runnable last;

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Runnable next() {
                last = it.next();
                return last;
            }

            @Override
            public void remove() {
                if (last == null) {
                    throw new IllegalStateException();
                }
                SenderQueue.this.remove(last);
                last = null;
            }
        };
    }

    /** Holds the lock. */
    private List<Runnable> snapshot() {
        List<Runnable> copy = new ArrayList<>(size);
        copy.addAll(started);
        for (PriorityLane lane : PriorityLane.values()) {
            copy.addAll(lanes.get(lane));
        }
        return copy;
    }
}
