package io.herald.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** CompactedTopicReader against Kafka's MockConsumer: waiting for the topic, Kafka errors, callback errors, stop. */
class CompactedTopicReaderTest {

    private static final String TOPIC = "notify.test";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);

    private final MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
    private final Map<String, String> view = new ConcurrentHashMap<>();
    private CompactedTopicReader<String, String> reader = new CompactedTopicReader<>(consumer, TOPIC, "test",
            Duration.ofMillis(20), record -> view.put(record.key(), record.value()), () -> { });

    @AfterEach
    void stop() throws InterruptedException {
        reader.stop();
    }

    private void topicWithEnd(long end) {
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null)));
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        consumer.updateEndOffsets(Map.of(P0, end));
    }

    @Test
    void waitsForTheTopicThenLoadsIt() {
        // given a reader started before its topic exists
        reader.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> reader.state().startsWith("waiting for topic"));
        assertThat(reader.isLoaded()).isFalse();
        // when the topic appears with one record
        topicWithEnd(1);
        consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 0, "k", "v")));
        // then the reader (retrying after its 1 s backoff) loads it
        await().atMost(Duration.ofSeconds(10)).until(reader::isLoaded);
        assertThat(view).containsEntry("k", "v");
        assertThat(reader.isFailed()).isFalse();
    }

    @Test
    void aKafkaErrorIsRetriedAndReadingGoesOn() {
        // given a loaded reader
        topicWithEnd(0);
        reader.start();
        await().atMost(Duration.ofSeconds(5)).until(reader::isLoaded);
        // when a poll fails once
        consumer.setPollException(new KafkaException("broker said no"));
        await().atMost(Duration.ofSeconds(5)).until(() -> reader.state().startsWith("reading notify.test failed"));
        // then a record written afterwards is still read, and the reader is not failed
        consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 0, "k", "v")));
        await().atMost(Duration.ofSeconds(10)).until(() -> "v".equals(view.get("k")));
        assertThat(reader.isFailed()).isFalse();
    }

    @Test
    void aCallbackErrorEndsTheReaderAsFailedAndClosesTheConsumer() {
        reader = new CompactedTopicReader<>(consumer, TOPIC, "test", Duration.ofMillis(20), record -> {
            throw new IllegalStateException("bug");
        }, () -> { });
        topicWithEnd(1);
        consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 0, "k", "v")));

        reader.start();

        await().atMost(Duration.ofSeconds(5)).until(reader::isFailed);
        assertThat(reader.state()).contains("bug");
        assertThat(reader.isLoaded()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(consumer::closed);
    }

    @Test
    void awaitReadReturnsOnceTheWrittenOffsetWasRead() throws InterruptedException {
        topicWithEnd(0);
        reader.start();
        await().atMost(Duration.ofSeconds(5)).until(reader::isLoaded);
        RecordMetadata written = new RecordMetadata(P0, 0, 0, 0, 1, 1);
        assertThat(reader.awaitRead(written, Duration.ofMillis(100))).isFalse();

        consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 0, "k", "v")));

        assertThat(reader.awaitRead(written, Duration.ofSeconds(5))).isTrue();
        assertThat(view).containsEntry("k", "v");
    }

    @Test
    void stopBeforeItRanClosesTheConsumer() throws InterruptedException {
        reader.stop();

        assertThat(consumer.closed()).isTrue();
        reader.run(); // a thread that starts late does nothing
        assertThat(view).isEmpty();
    }
}
