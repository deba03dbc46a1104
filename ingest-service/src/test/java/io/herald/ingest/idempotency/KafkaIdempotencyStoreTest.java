package io.herald.ingest.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Kafka store's claim, completion, replay and release of abandoned claims, over a one-partition log that Kafka's
 * own {@link MockProducer} appends to (when a send is acknowledged) and {@link MockConsumer}s read, as a broker would
 * (the store on a real broker and two instances is {@code IdempotencyIT}).
 */
class KafkaIdempotencyStoreTest {

    private static final String TOPIC = "notify.idempotency";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final String HASH = "a".repeat(64);

    /** The partition's records, in offset order. */
    private final List<ConsumerRecord<String, byte[]>> log = new ArrayList<>();
    /** Sends acknowledged so far, appended to {@link #log}. */
    private int appended;
    /** The end offset the consumers report at least (guarded by {@link #log}). */
    private long endOffset;
    /** From this position on, the consumers' {@code position(partition, timeout)} times out (guarded by log). */
    private long positionFailsFrom = Long.MAX_VALUE;
    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    private KafkaIdempotencyStore store;

    @AfterEach
    void stop() throws InterruptedException {
        if (store != null) {
            store.stop();
        }
    }

    @Test
    void shouldClaimCompleteAndReplayTheAnswerReadBackFromTheLog() throws Exception {
        // given
        start();
        IdempotencyStore.Claimed claimed = (IdempotencyStore.Claimed) acknowledging(
                () -> store.begin("c1", "order-1", HASH));

        // when the batch is accepted and the key comes again
        acknowledging(() -> {
            store.complete(claimed.claim(), "batch-1", "{\"batchId\":\"batch-1\"}");
            return null;
        });
        IdempotencyStore.Start again = store.begin("c1", "order-1", HASH);

        // then the answer is replayed from the log, and another body or a running duplicate are refused
        assertThat(again).isEqualTo(new IdempotencyStore.Replay("batch-1", "{\"batchId\":\"batch-1\"}"));
        assertThatThrownBy(() -> store.begin("c1", "order-1", "b".repeat(64)))
                .isInstanceOf(IdempotencyKeyReusedException.class);
        assertThat(acknowledging(() -> store.begin("c2", "order-1", HASH)))
                .as("another client's equal key").isInstanceOf(IdempotencyStore.Claimed.class);
        assertThat(store.size()).isEqualTo(2);
    }

    @Test
    void shouldReleaseAClaimThatTimedOutWhenItLandsLater() throws Exception {
        // given a claim that Kafka does not acknowledge in time (the request gets a 503)
        start();
        assertThatThrownBy(() -> store.begin("c1", "order-2", HASH))
                .isInstanceOf(IdempotencyUnavailableException.class)
                .hasMessageContaining("did not acknowledge the idempotency claim");

        // when Kafka comes back and writes it after all
        ackAll();

        // then this instance releases it, so that the client's retry runs instead of getting 409s for minutes
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            ackAll();
            return log.stream().anyMatch(r -> new String(r.value()).contains("\"RELEASE\""));
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> store.size() == 0);
        assertThat(acknowledging(() -> store.begin("c1", "order-2", HASH)))
                .isInstanceOf(IdempotencyStore.Claimed.class);
    }

    @Test
    void shouldReleaseAClaimTheReaderAppliedButCouldNotReportAsReadInTime() throws Exception {
        // given a reader that applies what it polls but then cannot tell its position (a Kafka timeout while the
        // broker restarts), so that a claim's read-back times out after the claim was applied
        start(Duration.ofSeconds(1));
        synchronized (log) {
            positionFailsFrom = log.size() + 1;
        }
        assertThatThrownBy(() -> acknowledging(() -> store.begin("c1", "order-5", HASH)))
                .hasCauseInstanceOf(IdempotencyUnavailableException.class)
                .hasMessageContaining("did not read it back");

        // when Kafka answers again
        synchronized (log) {
            positionFailsFrom = Long.MAX_VALUE;
        }

        // then this instance releases the claim, so that the client's retry is not refused with 409s until the claim
        // times out (2 minutes)
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            ackAll();
            return store.size() == 0;
        });
        assertThat(log).anyMatch(r -> new String(r.value()).contains("\"RELEASE\""));
        assertThat(acknowledging(() -> store.begin("c1", "order-5", HASH)))
                .isInstanceOf(IdempotencyStore.Claimed.class);
    }

    @Test
    void shouldRetryAReleaseThatCouldNotBeSentOnceKafkaIsBack() throws Exception {
        // given a claimed key whose batch failed while Kafka was unreachable, so that its release could not be sent
        start();
        IdempotencyStore.Claimed claimed = (IdempotencyStore.Claimed) acknowledging(
                () -> store.begin("c1", "order-4", HASH));
        producer.sendException = new TimeoutException("Topic notify.idempotency not present in metadata after 300 ms.");
        store.release(claimed.claim());

        // when Kafka answers again
        producer.sendException = null;

        // then the reader sends the release, and the client's retry runs instead of getting 409s until the timeout
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            ackAll();
            return store.size() == 0;
        });
        assertThat(acknowledging(() -> store.begin("c1", "order-4", HASH)))
                .isInstanceOf(IdempotencyStore.Claimed.class);
    }

    @Test
    void shouldAnswer503UntilTheTopicIsLoaded() {
        // given an end offset the reader never reaches
        synchronized (log) {
            endOffset = 5;
        }
        store = new KafkaIdempotencyStore(producer, new LogConsumer(), new LogConsumer(), TOPIC,
                new IdempotencyRules(Duration.ofHours(24), Duration.ofMinutes(2)), Clock.systemUTC(),
                Duration.ofMillis(300), Duration.ofSeconds(5));
        store.start();

        // when / then
        assertThatThrownBy(() -> store.begin("c1", "order-3", HASH)).isInstanceOf(IdempotencyUnavailableException.class)
                .hasMessageContaining("not loaded");
        assertThat(producer.history()).isEmpty();
    }

    private void start() {
        start(Duration.ofSeconds(5));
    }

    private void start(Duration syncTimeout) {
        store = new KafkaIdempotencyStore(producer, new LogConsumer(), new LogConsumer(), TOPIC,
                new IdempotencyRules(Duration.ofHours(24), Duration.ofMinutes(2)), Clock.systemUTC(),
                Duration.ofMillis(300), syncTimeout);
        store.start();
        await().atMost(Duration.ofSeconds(10)).until(store::isLoaded);
    }

    /** Runs a store call on another thread while acknowledging every send, as a live broker would. */
    private <T> T acknowledging(Callable<T> call) throws Exception {
        FutureTask<T> task = new FutureTask<>(call);
        Thread thread = new Thread(task);
        thread.start();
        while (!task.isDone()) {
            ackAll();
            Thread.sleep(5);
        }
        return task.get();
    }

    /** Acknowledges every pending send and appends it to the log. */
    private void ackAll() {
        synchronized (log) {
            while (producer.completeNext()) {
                ProducerRecord<String, byte[]> sent = producer.history().get(appended++);
                log.add(new ConsumerRecord<>(TOPIC, 0, log.size(), sent.timestamp(),
                        TimestampType.CREATE_TIME, 0, 0, sent.key(), sent.value(),
                        new RecordHeaders(), Optional.empty()));
            }
        }
    }

    /** A consumer of {@link #log}: returns its records from the position on, as a fetch would. */
    private final class LogConsumer extends MockConsumer<String, byte[]> {
        LogConsumer() {
            super("earliest");
            updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, Node.noNode(), new Node[0], new Node[0])));
            updateBeginningOffsets(Map.of(PARTITION, 0L));
        }

        @Override
        public synchronized Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
            synchronized (log) {
                return Map.of(PARTITION, Math.max(endOffset, log.size()));
            }
        }

        @Override
        public synchronized long position(TopicPartition partition, Duration timeout) {
            long position = position(partition);
            synchronized (log) {
                if (position >= positionFailsFrom) {
                    throw new TimeoutException("Timeout of " + timeout.toMillis() + "ms expired before the position"
                            + " for partition " + partition + " could be determined");
                }
            }
            return position;
        }

        @Override
        public synchronized ConsumerRecords<String, byte[]> poll(Duration timeout) {
            super.poll(Duration.ZERO);  // throws WakeupException after wakeup()
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            if (assignment().contains(PARTITION)) {
                synchronized (log) {
                    long from = position(PARTITION);
                    for (int i = (int) from; i < log.size(); i++) {
                        records.add(log.get(i));
                    }
                }
                if (!records.isEmpty()) {
                    seek(PARTITION, records.get(records.size() - 1).offset() + 1);
                }
            }
            if (records.isEmpty()) {
                try {
                    wait(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return ConsumerRecords.empty();
            }
            Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> byPartition = new HashMap<>();
            byPartition.put(PARTITION, records);
            return new ConsumerRecords<>(byPartition, Map.of());
        }
    }
}
