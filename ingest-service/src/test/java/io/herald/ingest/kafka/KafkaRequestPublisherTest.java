package io.herald.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.herald.ingest.core.PublishException;
import io.herald.schema.Channel;
import io.herald.schema.NotificationRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Uses Kafka's own {@link MockProducer} (not a mock of KafkaProducer) to drive acknowledgements. */
class KafkaRequestPublisherTest {

    private static final String TOPIC = "notify.requests";

    private final MockProducer<String, SpecificRecord> producer = new MockProducer<>(false, null,
            new StringSerializer(), (topic, value) -> value.toString().getBytes());
    private final KafkaRequestPublisher publisher =
            new KafkaRequestPublisher(producer, lane -> TOPIC, Duration.ofSeconds(30), Duration.ofSeconds(30));

    @Test
    void shouldReturnOnlyAfterEveryRecordIsAcknowledged() {
        // given
        List<NotificationRequest> requests = List.of(request("+4791234567"), request("+4791234568"));

        // when publishing, with acknowledgements arriving one by one
        CompletableFuture<Void> publish = CompletableFuture.runAsync(() -> publisher.publish(requests));
        awaitSent(2);
        producer.completeNext();

        // then not done until the last ack
        assertThat(publish).isNotDone();
        producer.completeNext();
        publish.join();
        assertThat(producer.history()).extracting(ProducerRecord::topic, ProducerRecord::key)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(TOPIC, "+4791234567"),
                        org.assertj.core.groups.Tuple.tuple(TOPIC, "+4791234568"));
    }

    @Test
    void shouldFailWhenAnyRecordIsNotAcknowledged() {
        // given
        List<NotificationRequest> requests = List.of(request("+4791234567"), request("+4791234568"));

        // when the broker refuses the second record
        CompletableFuture<Void> publish = CompletableFuture.runAsync(() -> publisher.publish(requests));
        awaitSent(2);
        producer.completeNext();
        producer.errorNext(new NotEnoughReplicasException("not enough in-sync replicas"));

        // then
        assertThatThrownBy(publish::join)
                .hasCauseInstanceOf(PublishException.class)
                .cause().hasMessageContaining("record 2 of 2 not acknowledged")
                .hasCauseInstanceOf(NotEnoughReplicasException.class)
                .satisfies(e -> {
                    assertThat(((PublishException) e).acknowledged()).as("the first was written").isEqualTo(1);
                    assertThat(((PublishException) e).total()).isEqualTo(2);
                });
    }

    @Test
    void shouldFailWithoutSendingTheRestWhenASendThrows() {
        // given sends fail at once, as when max.block.ms passes without metadata
        producer.sendException = new TimeoutException("Topic notify.requests not present in metadata after 5000 ms.");

        // when / then
        assertThatThrownBy(() -> publisher.publish(List.of(request("+4791234567"), request("+4791234568"))))
                .isInstanceOf(PublishException.class)
                .hasMessageContaining("could not send record 1 of 2");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void shouldFailWhenNoAcknowledgementComesWithinTheIdleTimeout() {
        // given a publisher that waits 300 ms for the next acknowledgement, though delivery.timeout.ms is 30 s
        KafkaRequestPublisher impatient =
                new KafkaRequestPublisher(producer, lane -> TOPIC, Duration.ofMillis(300), Duration.ofSeconds(30));

        // when the broker never answers (it went away after the metadata was fetched)
        // then the batch fails long before the delivery timeout, saying how much was written
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(
                () -> impatient.publish(List.of(request("+4791234567"), request("+4791234568"))))
                .isInstanceOf(PublishException.class)
                .hasMessageContaining("2 of 2 records not acknowledged: none for 300 ms")
                .satisfies(e -> assertThat(((PublishException) e).acknowledged()).isZero()));
    }

    @Test
    void shouldWaitLongerThanTheIdleTimeoutWhileAcknowledgementsKeepComing() throws Exception {
        // given a publisher that waits 1 s for the next acknowledgement
        KafkaRequestPublisher patient =
                new KafkaRequestPublisher(producer, lane -> TOPIC, Duration.ofSeconds(1), Duration.ofSeconds(30));
        List<NotificationRequest> requests = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            requests.add(request("+479123456" + i));
        }

        // when the 8 acknowledgements come 200 ms apart: 1.6 s in all
        CompletableFuture<Void> publish = CompletableFuture.runAsync(() -> patient.publish(requests));
        awaitSent(8);
        for (int i = 0; i < 8; i++) {
            Thread.sleep(200);
            producer.completeNext();
        }

        // then the batch succeeds
        publish.get(10, TimeUnit.SECONDS);
        assertThat(publish).isCompleted();
    }

    @Test
    void shouldCloseTheProducerOnStop() {
        // when
        publisher.stop();

        // then
        assertThat(producer.closed()).isTrue();
    }

    private void awaitSent(int count) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> producer.history().size() == count);
    }

    private static NotificationRequest request(String recipient) {
        return NotificationRequest.newBuilder()
                .setMessageId(UUID.randomUUID().toString())
                .setBatchId("b")
                .setChannel(Channel.SMS)
                .setRecipient(recipient)
                .setSender("HERALD")
                .setText("Hi")
                .setCreatedAt(Instant.parse("2026-11-22T10:00:00Z"))
                .build();
    }
}
