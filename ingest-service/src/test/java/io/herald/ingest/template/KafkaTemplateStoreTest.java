package io.herald.ingest.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.herald.ingest.api.StoredTemplate;
import io.herald.ingest.api.TemplateVersion;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store's loading, read-your-writes and version rules, on Kafka's own {@link MockConsumer} and
 * {@link MockProducer} (a broker-backed test is {@code TemplatesIT}).
 */
class KafkaTemplateStoreTest {

    private static final String TOPIC = "notify.templates";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final Instant NOW = Instant.parse("2026-11-27T21:00:00.123Z");

    /**
     * Kafka's MockConsumer, whose empty poll waits up to 10 ms as a broker fetch waits for data, releasing its monitor,
     * instead of spinning with it held (which starved the test thread's {@code schedulePollTask}).
     */
    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest") {
        @Override
        public synchronized ConsumerRecords<String, byte[]> poll(Duration timeout) {
            ConsumerRecords<String, byte[]> records = super.poll(timeout);
            if (records.isEmpty()) {
                try {
                    wait(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return records;
        }
    };
    private KafkaTemplateStore store;

    @AfterEach
    void stop() throws InterruptedException {
        if (store != null) {
            store.stop();
        }
    }

    /** A producer whose acknowledged records the consumer reads next, as a broker would give them back. */
    private final class LoopbackProducer extends MockProducer<String, byte[]> {
        LoopbackProducer() {
            super(true, null, new StringSerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
            Future<RecordMetadata> ack = super.send(record, callback);
            try {
                RecordMetadata metadata = ack.get();
                consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>(TOPIC, metadata.partition(),
                        metadata.offset(), record.key(), record.value())));
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException(e);
            }
            return ack;
        }
    }

    private KafkaTemplateStore start(MockProducer<String, byte[]> producer, long endOffset, Duration syncTimeout) {
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, Node.noNode(), new Node[0],
                new Node[0])));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        consumer.updateEndOffsets(Map.of(PARTITION, endOffset));
        store = new KafkaTemplateStore(producer, consumer, TOPIC, Clock.fixed(NOW, ZoneOffset.UTC),
                Duration.ofSeconds(1), syncTimeout);
        store.start();
        return store;
    }

    private static byte[] json(String id, long version, String text) {
        return TemplateJson.write(new StoredTemplate(id, version, text, NOW), List.of());
    }

    @Test
    void shouldLoadTheTopicFromTheBeginningApplyingTombstonesAndSkippingBadRecords() {
        // given three records before the end offset 4: a template, another one and its tombstone, a bad value
        consumer.schedulePollTask(() -> {
            consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 0, "otp", json("otp", 2, "Code {{code}}")));
            consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 1, "gone", json("gone", 1, "x")));
            consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 2, "gone", null));
            consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 3, "bad", "not json".getBytes(StandardCharsets.UTF_8)));
        });

        // when
        start(new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()), 4,
                Duration.ofSeconds(5));

        // then
        await().atMost(Duration.ofSeconds(10)).until(store::isLoaded);
        assertThat(store.get("otp")).hasValueSatisfying(t -> assertThat(t.version()).isEqualTo(2));
        assertThat(store.get("gone")).isEmpty();
        assertThat(store.get("bad")).isEmpty();
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void shouldRefuseReadsOfUnknownIdsAndWritesUntilLoaded() {
        // given an end offset the reader never reaches
        start(new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()), 5,
                Duration.ofSeconds(5));

        // when / then
        assertThat(store.isLoaded()).isFalse();
        assertThatThrownBy(() -> store.get("otp")).isInstanceOf(TemplateStoreUnavailableException.class)
                .hasMessageContaining("not loaded");
        assertThatThrownBy(() -> store.put("otp", "x", null)).isInstanceOf(TemplateStoreUnavailableException.class);
    }

    @Test
    void shouldReadItsOwnWritesBeforeReturning() {
        // given an empty topic
        LoopbackProducer producer = new LoopbackProducer();
        start(producer, 0, Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(10)).until(store::isLoaded);

        // when
        StoredTemplate first = store.put("otp", "Code {{code}}", null);
        StoredTemplate second = store.put("otp", "New code {{code}}", 1L);

        // then each write is visible as soon as it returned, with the next version
        assertThat(first.version()).isEqualTo(1);
        assertThat(second.version()).isEqualTo(2);
        assertThat(store.get("otp")).contains(second);
        assertThat(producer.history()).extracting(ProducerRecord::key).containsExactly("otp", "otp");
        assertThat(TemplateJson.read("otp", producer.history().get(1).value()).template()).isEqualTo(second);
        assertThat(store.history("otp")).extracting(TemplateVersion::version, TemplateVersion::text)
                .containsExactly(tuple(2L, "New code {{code}}"), tuple(1L, "Code {{code}}"));

        // and after four more writes, the five newest versions are kept
        for (long version = 2; version < 6; version++) {
            store.put("otp", "Code " + (version + 1) + " {{code}}", version);
        }
        assertThat(store.history("otp")).extracting(TemplateVersion::version).containsExactly(6L, 5L, 4L, 3L, 2L);
        assertThat(TemplateJson.read("otp", producer.history().get(5).value()).previous())
                .extracting(TemplateVersion::version).containsExactly(5L, 4L, 3L, 2L);

        // when deleted
        store.delete("otp", 6L);

        // then a tombstone was written and the template is gone, with its versions
        assertThat(producer.history().get(6).value()).isNull();
        assertThat(store.get("otp")).isEmpty();
        assertThat(store.history("otp")).isEmpty();
        assertThatThrownBy(() -> store.delete("otp", null)).isInstanceOf(TemplateNotFoundException.class);
    }

    @Test
    void shouldWriteNothingWhenIfMatchIsStale() {
        // given version 1
        LoopbackProducer producer = new LoopbackProducer();
        start(producer, 0, Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(10)).until(store::isLoaded);
        store.put("otp", "v1", null);

        // when / then
        assertThatThrownBy(() -> store.put("otp", "v2", 7L)).isInstanceOf(TemplateVersionMismatchException.class);
        assertThatThrownBy(() -> store.delete("otp", 7L)).isInstanceOf(TemplateVersionMismatchException.class);
        assertThat(producer.history()).hasSize(1);
    }

    @Test
    void shouldAnswerUnavailableWhenItsWriteIsNotReadBackInTime() {
        // given a producer whose records never come back to the reader
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer());
        start(producer, 0, Duration.ofMillis(300));
        await().atMost(Duration.ofSeconds(10)).until(store::isLoaded);

        // when / then
        assertThatThrownBy(() -> store.put("otp", "x", null)).isInstanceOf(TemplateStoreUnavailableException.class)
                .hasMessageContaining("did not read it back within 300 ms");
    }

    @Test
    void shouldAnswerUnavailableWhenKafkaRefusesTheWrite() {
        // given a producer that fails every send
        MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(),
                new ByteArraySerializer());
        start(producer, 0, Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(10)).until(store::isLoaded);
        Thread failer = new Thread(() -> {
            await().atMost(Duration.ofSeconds(10)).until(() -> !producer.history().isEmpty());
            producer.errorNext(new org.apache.kafka.common.errors.NotEnoughReplicasException("test"));
        });
        failer.start();

        // when / then
        assertThatThrownBy(() -> store.put("otp", "x", null)).isInstanceOf(TemplateStoreUnavailableException.class)
                .hasMessageContaining("did not acknowledge");
    }
}
