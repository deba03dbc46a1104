package io.herald.ingest.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thread that reads every partition of a topic from the beginning and keeps polling, handing each record to a
 * callback: the in-memory view of a compacted topic that every ingest instance reads whole (named templates,
 * idempotency keys). No consumer group, no committed offsets: a restarted instance reads it all again.
 *
 * <p>{@link #isLoaded()} turns true once the reader has reached the end offsets the topic had when it started;
 * {@link #awaitRead(RecordMetadata, Duration)} gives a writer read-your-writes.
 */
public final class TopicReader {

    private static final Logger LOG = LoggerFactory.getLogger(TopicReader.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(5);
    private static final long RETRY_DELAY_MS = 1000;

    private final org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer;
    private final String topic;
    private final String name;
    private final Consumer<ConsumerRecord<String, byte[]>> apply;
    private final Runnable afterPoll;
    /** Guards {@link #positions}; notified after each poll. */
    private final Object progress = new Object();
    private final Map<Integer, Long> positions = new HashMap<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean loaded;
    private volatile boolean failed;
    private volatile String state = "not started";

    /**
     * @param consumer a consumer without group id; used by the reader thread only, which closes it
     * @param topic the topic to read
     * @param name what the reader reads, for the thread name and the log, e.g. {@code template}
     * @param apply called on the reader thread with each record, in partition order; must not throw
     * @param afterPoll called on the reader thread after each poll's records were applied (housekeeping)
     */
    public TopicReader(org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer, String topic, String name,
                Consumer<ConsumerRecord<String, byte[]>> apply, Runnable afterPoll) {
        this.consumer = consumer;
        this.topic = topic;
        this.name = name;
        this.apply = apply;
        this.afterPoll = afterPoll;
        this.thread = new Thread(this::read, name + "-reader");
        this.thread.setDaemon(true);
    }

    /** Starts the reader thread; returns at once. */
    public void start() {
        thread.start();
    }

    /** Stops the reader thread (which closes the consumer), waiting up to 10 s. */
    public void stop() throws InterruptedException {
        closing.countDown();
        if (thread.getState() == Thread.State.NEW) {
            consumer.close();  // never started: the thread will not close it
        } else {
            consumer.wakeup();
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    /** @return whether the reader has read the topic up to the end offsets it had when the reader started */
    public boolean isLoaded() {
        return loaded;
    }

    /** @return whether the reader thread died of an error: the view is no longer updated */
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

    /** The reader thread: assign, seek to the beginning, then poll until {@link #stop()}. */
    private void read() {
        try {
            List<TopicPartition> partitions = partitions();
            if (partitions == null) {
                return;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions);
            state = "loading " + topic + " up to offsets " + endOffsets.values();
            LOG.info("{} reader: {}", name, state);
            while (closing.getCount() > 0) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL_TIMEOUT);
                for (ConsumerRecord<String, byte[]> record : records) {
                    apply.accept(record);
                }
                afterPoll.run();
                Map<Integer, Long> now = new HashMap<>();
                for (TopicPartition partition : partitions) {
                    now.put(partition.partition(), consumer.position(partition));
                }
                synchronized (progress) {
                    positions.putAll(now);
                    if (!loaded && endOffsets.entrySet().stream()
                            .allMatch(end -> now.get(end.getKey().partition()) >= end.getValue())) {
                        loaded = true;
                        state = "loaded; reading " + topic;
                        LOG.info("{} reader: loaded {}", name, topic);
                    }
                    progress.notifyAll();
                }
            }
        } catch (WakeupException e) {
            // stop() woke the consumer up
        } catch (RuntimeException e) {
            failed = true;
            state = "reader failed: " + e;
            LOG.error("{} reader failed; {} is no longer read", name, topic, e);
        } finally {
            consumer.close();
        }
    }

    /** @return every partition of the topic, retried until it exists; null if stopped first */
    private List<TopicPartition> partitions() {
        while (closing.getCount() > 0) {
            try {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
                if (infos != null && !infos.isEmpty()) {
                    return infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
                }
                state = "waiting for topic " + topic + " to exist";
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                state = "waiting for Kafka: " + e.getMessage();
            }
            LOG.warn("{} reader: {}", name, state);
            try {
                if (closing.await(RETRY_DELAY_MS, TimeUnit.MILLISECONDS)) {
                    return null;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }
}
