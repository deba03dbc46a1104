package io.herald.ingest.callback;

import com.codahale.metrics.Meter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.common.utils.ExponentialBackoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callbacks read and not yet finished, in one queue per API client, and the pool of {@code threads} workers that
 * POSTs them. A client has at most {@code maxConcurrentPerClient} POSTs in flight, so a client whose receiver takes
 * the whole {@code timeout} on every POST holds at most that many workers; and at most {@code maxPendingPerClient}
 * callbacks held (queued, in flight or waiting to be retried): a callback of a client that has that many already is
 * given up at once (logged at WARN with the client, metered {@code abandoned}), so a client never makes the others
 * wait. A retryable failure does not hold a worker: the callback waits on a timer for its next attempt
 * ({@code initialBackoff} doubled up to {@code maxBackoff}; a {@code Retry-After} in seconds up to {@code maxBackoff}
 * wins) while the other callbacks go on. A client's callbacks start in the order they were read, a due retry first.
 *
 * <p>Each callback finishes in its {@link PartitionProgress} when delivered or given up; one whose partition was
 * revoked is forgotten (the partition's next owner sends it again).
 */
final class ClientQueues {

    private static final Logger LOG = LoggerFactory.getLogger(ClientQueues.class);

    private final Function<CallbackSender.Callback, CallbackSender.Outcome> post;
    private final int maxConcurrentPerClient;
    private final int maxPendingPerClient;
    private final int maxAttempts;
    private final Duration maxBackoff;
    /** {@code initialBackoff} doubled per failed attempt, up to {@code maxBackoff}; no jitter. */
    private final ExponentialBackoff backoff;
    private final Meter delivered;
    private final Meter retried;
    private final Meter abandoned;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService timer;
    /** The queues of the clients that hold a callback; guarded by {@code this}. */
    private final Map<String, ClientQueue> queues = new HashMap<>();
    /** Callbacks held in all queues; guarded by {@code this}. */
    private int pending;
    /** Set by {@link #shutdown()}: no POST starts and nothing finishes afterwards; guarded by {@code this}. */
    private boolean shutdown;

    /**
     * @param threads the POST workers
     * @param maxConcurrentPerClient POSTs in flight per client
     * @param maxPendingPerClient callbacks held per client before its next ones are given up
     * @param maxAttempts POSTs per callback
     * @param initialBackoff the wait after a first failure
     * @param maxBackoff the longest wait, and the longest {@code Retry-After} honoured
     * @param post one POST; it must not throw
     * @param delivered meter of callbacks delivered
     * @param retried meter of failed attempts to be retried
     * @param abandoned meter of callbacks given up
     */
    ClientQueues(int threads, int maxConcurrentPerClient, int maxPendingPerClient, int maxAttempts,
                 Duration initialBackoff, Duration maxBackoff,
                 Function<CallbackSender.Callback, CallbackSender.Outcome> post,
                 Meter delivered, Meter retried, Meter abandoned) {
        this.post = post;
        this.maxConcurrentPerClient = maxConcurrentPerClient;
        this.maxPendingPerClient = maxPendingPerClient;
        this.maxAttempts = maxAttempts;
        this.maxBackoff = maxBackoff;
        this.backoff = new ExponentialBackoff(initialBackoff.toMillis(), 2, maxBackoff.toMillis(), 0);
        this.delivered = delivered;
        this.retried = retried;
        this.abandoned = abandoned;
        this.workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                daemons("herald-callback-post-"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemons("herald-callback-retries-"));
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Takes a callback to send, or gives it up at once (finished in its partition) if its client holds
     * {@code maxPendingPerClient} already.
     *
     * @param partition the partition it was read from
     * @param offset its record's offset, already {@linkplain PartitionProgress#read read} in {@code partition}
     * @param callback what to send
     */
    void offer(PartitionProgress partition, long offset, CallbackSender.Callback callback) {
        int held;
        synchronized (this) {
            ClientQueue queue = queues.computeIfAbsent(callback.clientId(), client -> new ClientQueue());
            held = queue.held();
            if (held < maxPendingPerClient) {
                queue.ready.addLast(new Delivery(partition, offset, callback, queue));
                pending++;
                start(queue);
                return;
            }
        }
        abandoned.mark();
        partition.finish(offset);
        LOG.warn("Callback {} ({}) given up at once: client {} already has {} callbacks pending"
                + " (callbacks.maxPendingPerClient)", callback.delivery(), callback.event(), callback.clientId(), held);
    }

    /** @return the callbacks held: queued, in flight or waiting to be retried */
    synchronized int pending() {
        return pending;
    }

    /**
     * Forgets the callbacks of a revoked partition that are queued or waiting to be retried; one in flight is
     * forgotten when its POST ends.
     *
     * @param partition the partition, already {@linkplain PartitionProgress#revoke revoked}
     */
    synchronized void drop(PartitionProgress partition) {
        for (Iterator<ClientQueue> it = queues.values().iterator(); it.hasNext(); ) {
            ClientQueue queue = it.next();
            int before = queue.held();
            queue.ready.removeIf(delivery -> delivery.partition == partition);
            queue.waiting.removeIf(delivery -> {
                if (delivery.partition != partition) {
                    return false;
                }
                delivery.retry.cancel(false);
                return true;
            });
            pending -= before - queue.held();
            if (queue.held() == 0) {
                it.remove();
            }
        }
    }

    /** Starts no POST any more and cancels the retries; POSTs in flight go on (see {@link #awaitPosts}). */
    void shutdown() {
        synchronized (this) {
            shutdown = true;
        }
        timer.shutdownNow();
        workers.shutdown();
    }

    /**
     * @param ms how long to wait for the POSTs in flight to end
     * @return true if none is left
     * @throws InterruptedException if interrupted while waiting
     */
    boolean awaitPosts(long ms) throws InterruptedException {
        return workers.awaitTermination(ms, TimeUnit.MILLISECONDS);
    }

    /** Interrupts the workers; a POST in flight ends when its connection is closed. */
    void shutdownNow() {
        shutdown();
        workers.shutdownNow();
    }

    /** Starts the queue's next callbacks, as many as its client may have in flight. */
    private void start(ClientQueue queue) {
        while (!shutdown && queue.inFlight < maxConcurrentPerClient && !queue.ready.isEmpty()) {
            Delivery delivery = queue.ready.pollFirst();
            queue.inFlight++;
            try {
                workers.execute(() -> attempt(delivery));
            } catch (RejectedExecutionException e) {
                // shutting down: it stays unfinished, so uncommitted
                queue.inFlight--;
                queue.ready.addFirst(delivery);
                return;
            }
        }
    }

    /** One POST of a callback, on a worker, and what follows: finished, or waiting for its next attempt. */
    private void attempt(Delivery delivery) {
        delivery.attempt++;
        CallbackSender.Outcome outcome;
        try {
            outcome = post.apply(delivery.callback);
        } catch (RuntimeException e) {
            outcome = new CallbackSender.Outcome(false, true, 0, e.toString(), Optional.empty());
        }
        // e.g. "batch.completed 5f0c…": the event and its Herald-Delivery id
        String name = delivery.callback.event() + " " + delivery.callback.delivery();
        Duration wait = null;
        synchronized (this) {
            ClientQueue queue = delivery.queue;
            queue.inFlight--;
            if (shutdown || delivery.partition.revoked()) {
                // stopping, or the partition's next owner sends it again
                forget(delivery);
                start(queue);
                return;
            }
            if (outcome.delivered() || !outcome.retryable() || delivery.attempt >= maxAttempts) {
                forget(delivery);
                delivery.partition.finish(delivery.offset);
            } else {
                wait = outcome.retryAfter().filter(after -> after.compareTo(maxBackoff) <= 0)
                        .orElse(Duration.ofMillis(backoff.backoff(delivery.attempt - 1)));
                queue.waiting.add(delivery);
                delivery.retry = timer.schedule(() -> due(delivery), wait.toMillis(), TimeUnit.MILLISECONDS);
            }
            start(queue);
        }
        if (outcome.delivered()) {
            delivered.mark();
            LOG.info("Callback {} delivered (attempt {}, HTTP {})", name, delivery.attempt,
                    outcome.status());
        } else if (wait == null) {
            abandoned.mark();
            LOG.warn("Callback {} given up after {} attempt(s): {}", name, delivery.attempt,
                    outcome.reason());
        } else {
            retried.mark();
            LOG.info("Callback {} failed (attempt {}: {}); next attempt in {} ms", name, delivery.attempt,
                    outcome.reason(), wait.toMillis());
        }
    }

    /** A callback's next attempt is due: it goes first in its client's queue. */
    private synchronized void due(Delivery delivery) {
        ClientQueue queue = delivery.queue;
        if (shutdown || !queue.waiting.remove(delivery)) {
            return;
        }
        queue.ready.addFirst(delivery);
        start(queue);
    }

    /** Drops a callback no longer held (finished, given up or forgotten); guarded by {@code this}. */
    private void forget(Delivery delivery) {
        pending--;
        ClientQueue queue = delivery.queue;
        if (queue.held() == 0) {
            queues.remove(delivery.callback.clientId(), queue);
        }
    }

    /** One client's callbacks; guarded by the {@link ClientQueues}. */
    private static final class ClientQueue {
        final ArrayDeque<Delivery> ready = new ArrayDeque<>();
        final Set<Delivery> waiting = new LinkedHashSet<>();
        int inFlight;

        int held() {
            return ready.size() + waiting.size() + inFlight;
        }
    }

    /** A callback held, with its attempts so far; guarded by the {@link ClientQueues}. */
    private final class Delivery {
        final PartitionProgress partition;
        final long offset;
        final CallbackSender.Callback callback;
        final ClientQueue queue;
        int attempt;
        ScheduledFuture<?> retry;

        Delivery(PartitionProgress partition, long offset, CallbackSender.Callback callback, ClientQueue queue) {
            this.partition = partition;
            this.offset = offset;
            this.callback = callback;
            this.queue = queue;
        }
    }
}
