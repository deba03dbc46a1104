package io.herald.ingest.suppression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.ingest.core.PublishException;
import io.herald.schema.SuppressionEntry;
import io.herald.schema.SuppressionList;
import io.herald.schema.Topics;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaSuppressionStoreTest {

    private static final SuppressionEntry ENTRY = new SuppressionEntry("+4791234567", SuppressionEntry.SOURCE_API,
            null, Instant.parse("2026-11-27T10:00:00Z"), "shop");

    private static KafkaSuppressionStore store(MockProducer<String, byte[]> producer) {
        return new KafkaSuppressionStore(producer,
                new SuppressionList(new MockConsumer<>("earliest"), Topics.SUPPRESSIONS), Duration.ofSeconds(1));
    }

    @Test
    void addWritesTheJsonEntryKeyedByOwnerAndRecipientAndRemoveWritesATombstoneOfTheOwnersKey() {
        // given
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer());
        KafkaSuppressionStore writer = store(producer);
        // when
        writer.add(ENTRY);
        writer.remove("shop", "+4791234567");
        // then
        assertThat(producer.history()).hasSize(2);
        assertThat(producer.history().get(0).topic()).isEqualTo(Topics.SUPPRESSIONS);
        assertThat(producer.history().get(0).key()).isEqualTo("shop +4791234567");
        assertThat(SuppressionEntry.fromJson(producer.history().get(0).value())).isEqualTo(ENTRY);
        assertThat(producer.history().get(1).key()).isEqualTo("shop +4791234567");
        assertThat(producer.history().get(1).value()).isNull();
    }

    @Test
    void aNegativeAcknowledgementIsAPublishException() {
        MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(),
                new ByteArraySerializer());
        KafkaSuppressionStore writer = store(producer);
        Thread failer = new Thread(() -> {
            while (!producer.errorNext(new TimeoutException("no ack"))) {
                Thread.onSpinWait();
            }
        });
        failer.start();

        assertThatThrownBy(() -> writer.add(ENTRY)).isInstanceOf(PublishException.class);
    }

    @Test
    void countsAreRefusedUntilTheListWasRead() {
        KafkaSuppressionStore store = store(new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer()));

        assertThat(store.isLoaded()).isFalse();
        assertThatThrownBy(() -> store.count("shop")).isInstanceOf(SuppressionListUnavailableException.class);
        assertThatThrownBy(() -> store.contains("shop", "+4791234567"))
                .isInstanceOf(SuppressionListUnavailableException.class);
    }
}
