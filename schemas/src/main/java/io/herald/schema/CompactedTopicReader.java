package io.herald.schema;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.utils.ExponentialBackoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a compacted topic whole, from the beginning of every partition, and keeps polling, handing each record to a
 * callback: how every instance keeps its in-memory view of the topics it reads whole (the suppression list in the
 * dispatchers and the ingest service; named templates and idempotency keys in the ingest service). No consumer group
 * and no committed offsets: a restarted instance reads the topic again.
 *
 * <p>The view is <i>loaded</i> once the consumer's position reached, on every partition, the end offset the topic had
 * when the reader assigned it ({@link #isLoaded()}, {@link #awaitLoaded(long)}). {@link #awaitRead(RecordMetadata,
 * Duration)} gives a writer read-your-writes.
 *
 * <p>Errors: while the topic does not exist, or Kafka answers with an error ({@link KafkaException}), the reader logs
 * it, says so in {@link #state()} and tries again after a backoff of 1 s doubling to 30 s (Kafka's
 * {@link ExponentialBackoff}); it never gives up on Kafka. An exception from the callback is a bug: the reader stops
 * reading, {@link #isFailed()} turns true and the health check that watches it fails.
 *
 * <p>Threads: only the reader's thread touches the consumer ({@link #run()}, started by {@link #start()} or by a thread
 * of the caller's); every other method may be called from any thread.
 *
 * @param <K> the record key type
 * @param <V> the record value type
 */
public final class CompactedTopicReader<K, V> implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(CompactedTopicReader.class);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);
    private static final long JOIN_TIMEOUT_MS = 10_000;

    private final org.apache.kafka.clients.consumer.Consumer<K, V> consumer;
    private final String topic;
    private final String name;
    private final Consumer<ConsumerRecord<K, V>> apply;
    private final Runnable afterPoll;
    private final Duration pollTimeout;
    private final ExponentialBackoff backoff = new ExponentialBackoff(1000, 2, 30_000, 0.2);
    /** Guards {@link #positions}; notified after each poll. */
    private final Object progress = new Object();
    private final Map<Integer, Long> positions = new HashMap<>();
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final CountDownLatch closing = new CountDownLatch(1);
    /** Set by whichever comes first: {@link #run()}, which then closes the consumer, or {@link #stop()}. */
    private final AtomicBoolean consumerClaimed = new AtomicBoolean();
    private Map<TopicPartition, Long> loadEnds;
    private Thread thread;
    private volatile boolean failed;
    private volatile String state = "not started";

    /**
     * @param consumer a consumer without a group id; used by the reader's thread only, which closes it
     * @param topic the topic to read
     * @param name what the reader reads, for the thread's name and the log, e.g. {@code template}
     * @param pollTimeout the consumer's poll timeout: with a record written to the topic, about one fetch round-trip
     *     plus this long passes before the reader hands it on
     * @param apply called on the reader's thread with each record, in partition order; an exception from it ends the
     *     reader ({@link #isFailed()})
     * @param afterPoll called on the reader's thread after each poll's records were applied (housekeeping)
     */
    public CompactedTopicReader(org.apache.kafka.clients.consumer.Consumer<K, V> consumer, String topic, String name,
                                Duration pollTimeout, Consumer<ConsumerRecord<K, V>> apply, Runnable afterPoll) {
        this.consumer = consumer;
        this.topic = topic;
        this.name = name;
        this.pollTimeout = pollTimeout;
        this.apply = apply;
        this.afterPoll = afterPoll;
    }

    /** Starts {@link #run()} on a daemon thread of its own, {@code <name>-reader}; returns at once. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException(name + " reader already started");
        }
        thread = new Thread(this, name + "-reader");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Ends {@link #run()}, from any thread; if {@link #start()} started it, waits up to 10 s for the thread to end.
     * Closes the consumer if the reader never ran.
     *
     * @throws InterruptedException if interrupted while waiting for the thread
     */
    public void stop() throws InterruptedException {
        closing.countDown();
        if (consumerClaimed.compareAndSet(false, true)) {
            consumer.close(Duration.ofSeconds(5)); // never ran: nobody else will close it
            return;
        }
        consumer.wakeup();
        Thread started;
        synchronized (this) {
            started = thread;
        }
        if (started != null) {
            started.join(JOIN_TIMEOUT_MS);
        }
    }

    /** @return whether the reader has read the topic up to the end offsets it had when the reader assigned it */
    public boolean isLoaded() {
        return loaded.getCount() == 0;
    }

    /**
     * Waits until the view is loaded.
     *
     * @param timeoutMs the longest wait, in ms
     * @return true if loaded, false if {@code timeoutMs} passed first
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitLoaded(long timeoutMs) throws InterruptedException {
        return loaded.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** @return whether the reader ended on an error of its callback: the view is no longer updated */
    public boolean isFailed() {
        return failed;
    }

    /** @return what the reader is doing or last failed at, for health checks; never record content */
    public String state() {
        return state;
    }

    /**
     * Waits until the reader has read past a written record, so that the view reflects it.
     *
     * @param written the acknowledged record
     * @param timeout how long to wait
     * @return true once read; false if the timeout passed first
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitRead(RecordMetadata written, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (positions.getOrDefault(written.partition(), -1L) <= written.offset()) {
                long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (leftMs <= 0) {
                    return false;
                }
                progress.wait(leftMs);
            }
        }
        return true;
    }

    /**
     * Waits until the reader has read past a written record (read-your-writes), or fails.
     *
     * @param written the acknowledged record
     * @param timeout how long to wait
     * @param what what was written, for the message, e.g. {@code template write}
     * @param failure makes the exception thrown from a message and a cause (which may be null)
     * @param <E> that exception
     * @throws E if the reader did not read it within the timeout, or the wait was interrupted
     */
    public <E extends RuntimeException> void readBack(RecordMetadata written, Duration timeout, String what,
                                                      BiFunction<String, Throwable, E> failure) {
        try {
            if (!awaitRead(written, timeout)) {
                throw failure.apply("the " + what + " was acknowledged (partition " + written.partition()
                        + ", offset " + written.offset() + ") but this instance did not read it back within "
                        + timeout.toMillis() + " ms", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure.apply("interrupted while waiting for the " + name + " reader", e);
        }
    }

    /**
     * Assigns, seeks to the beginning and polls until {@link #stop()}, then closes the consumer. Kafka errors are
     * retried after a backoff; an error of the callback ends it ({@link #isFailed()}).
     */
    @Override
    public void run() {
        if (!consumerClaimed.compareAndSet(false, true)) {
            return; // stopped before it ran
        }
        long attempts = 0;
        try {
            while (closing.getCount() > 0) {
                try {
                    if (loadEnds == null && !assignAll()) {
                        pause(attempts++);
                        continue;
                    }
                    pollOnce();
                    attempts = 0;
                } catch (WakeupException e) {
                    // stop() woke the consumer up; the loop condition ends it
                } catch (KafkaException e) {
                    state = "reading " + topic + " failed, retrying: " + e;
                    LOG.warn("{} reader: {}", name, state);
                    pause(attempts++);
                }
            }
        } catch (RuntimeException e) {
            failed = true;
            state = "reader failed: " + e;
            LOG.error("{} reader failed; {} is no longer read", name, topic, e);
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (KafkaException e) {
                LOG.debug("{} reader: the consumer did not close cleanly: {}", name, e.toString());
            }
        }
    }

    /**
     * Assigns every partition of the topic, seeks to the beginning and notes the end offsets the load must reach.
     *
     * @return false if the topic does not exist (yet)
     * @throws KafkaException if the metadata or the offsets cannot be read
     */
    boolean assignAll() {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            state = "waiting for topic " + topic + " to exist";
            LOG.warn("{} reader: {}", name, state);
            return false;
        }
        List<TopicPartition> partitions = infos.stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        loadEnds = new HashMap<>(consumer.endOffsets(partitions, METADATA_TIMEOUT));
        state = "loading " + topic + " up to offsets " + loadEnds.values();
        LOG.info("{} reader: {}", name, state);
        updatePositions();
        return true;
    }

    /** One poll: applies the records, runs the housekeeping, and checks whether the load is complete. */
    void pollOnce() {
        ConsumerRecords<K, V> records = consumer.poll(pollTimeout);
        for (ConsumerRecord<K, V> record : records) {
            apply.accept(record);
        }
        afterPoll.run();
        updatePositions();
    }

    private void updatePositions() {
        Map<Integer, Long> now = new HashMap<>();
        for (TopicPartition partition : loadEnds.keySet()) {
            now.put(partition.partition(), consumer.position(partition, METADATA_TIMEOUT));
        }
        synchronized (progress) {
            positions.putAll(now);
            if (!isLoaded() && loadEnds.entrySet().stream()
                    .allMatch(end -> now.get(end.getKey().partition()) >= end.getValue())) {
                state = "loaded; reading " + topic;
                loaded.countDown();
                LOG.info("{} reader: loaded {}", name, topic);
            }
            progress.notifyAll();
        }
    }

    private void pause(long attempt) {
        try {
            closing.await(backoff.backoff(attempt), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing.countDown();
        }
    }
}
