package io.herald.dispatcher.status;

import static io.herald.dispatcher.Fixtures.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.dispatcher.Fixtures;
import io.herald.dispatcher.admin.DispatcherStats;
import io.herald.dispatcher.receive.ConsumedValue;
import io.herald.dispatcher.send.DeliveryOutcome;
import io.herald.dispatcher.send.SendResult;
import io.herald.schema.Channel;
import io.herald.schema.DeliveryState;
import io.herald.schema.DeliveryStatus;
import io.herald.schema.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** StatusPublisher and DeadLetterRouter against Kafka's MockProducer, acks completed by hand. */
class StatusPublisherTest {

    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final StatusPublisher publisher = new StatusPublisher(producer, Fixtures.statusSerializer());
    private final DispatcherStats stats = new DispatcherStats();
    private final Clock clock = Clock.fixed(Fixtures.NOW, ZoneOffset.UTC);

    private static DeliveryStatus sent(String messageId) {
        return StatusEvents.sent(Fixtures.request(messageId, Channel.SMS, null), "smpp",
                SendResult.accepted(java.util.List.of("gw-1")), 1, Fixtures.NOW);
    }

    @Test
    void statusIsKeyedByMessageIdAndCompletesOnlyWhenKafkaAcknowledges() {
        // given a status event
        // when it is published
        CompletableFuture<?> acked = publisher.publish(sent("m-1"));
        // then it went to notify.status keyed by messageId, but is not complete before the ack
        assertThat(producer.history()).hasSize(1);
        ProducerRecord<byte[], byte[]> record = producer.history().get(0);
        assertThat(record.topic()).isEqualTo(Topics.STATUS);
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("m-1");
        assertThat(Fixtures.status(record.value()).getState()).isEqualTo(DeliveryState.SENT);
        assertThat(acked).isNotDone();
        // when Kafka acknowledges it, then it completes
        producer.completeNext();
        assertThat(acked).isCompleted();
    }

    @Test
    void statusFailsWhenKafkaDoesNotAcknowledge() {
        // given a published status
        CompletableFuture<?> acked = publisher.publish(sent("m-2"));
        // when the send fails after the producer's retries
        producer.errorNext(new TimeoutException("delivery.timeout.ms passed"));
        // then the future fails with that error
        assertThatThrownBy(acked::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(TimeoutException.class);
    }

    @Test
    void serializationErrorFailsTheFutureInsteadOfThrowing() {
        // given a serializer that cannot write the value
        StatusPublisher broken = new StatusPublisher(producer, (topic, status) -> {
            throw new SerializationException("schema not registered");
        });
        // when a status is published
        CompletableFuture<?> acked = broken.publish(sent("m-3"));
        // then nothing is sent and the future has failed
        assertThat(producer.history()).isEmpty();
        assertThatThrownBy(acked::join).hasCauseInstanceOf(SerializationException.class);
    }

    @Test
    void deadLetterKeepsOriginalBytesAndHeadersAndAddsHeraldHeaders() {
        // given an unreadable record at partition 4, offset 42, with an original header
        byte[] raw = {1, 2, 3, (byte) 0xFF};
        ConsumerRecord<byte[], ConsumedValue> record = Fixtures.record(4, 42,
                ConsumedValue.poison(raw, new SerializationException("Unknown magic byte!")));
        // when it is dead-lettered
        CompletableFuture<?> acked = publisher.deadLetter(record, SerializationException.class.getName(),
                "Unknown magic byte!", "DESERIALIZATION_FAILED", 0);
        // then the DLQ record has the original key, value and headers plus the herald.* headers
        ProducerRecord<byte[], byte[]> dlq = producer.history().get(0);
        assertThat(dlq.topic()).isEqualTo(Topics.REQUESTS_DLQ);
        assertThat(dlq.key()).isEqualTo(record.key());
        assertThat(dlq.value()).isEqualTo(raw);
        assertThat(header(dlq.headers(), "trace")).isEqualTo("abc");
        assertThat(header(dlq.headers(), DeadLetterHeaders.ERROR_CLASS))
                .isEqualTo(SerializationException.class.getName());
        assertThat(header(dlq.headers(), DeadLetterHeaders.ERROR_MESSAGE)).isEqualTo("Unknown magic byte!");
        assertThat(header(dlq.headers(), DeadLetterHeaders.ERROR_CODE)).isEqualTo("DESERIALIZATION_FAILED");
        assertThat(header(dlq.headers(), DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo("notify.requests");
        assertThat(header(dlq.headers(), DeadLetterHeaders.ORIGINAL_PARTITION)).isEqualTo("4");
        assertThat(header(dlq.headers(), DeadLetterHeaders.ORIGINAL_OFFSET)).isEqualTo("42");
        assertThat(header(dlq.headers(), DeadLetterHeaders.ATTEMPTS)).isEqualTo("0");
        // and it completes only on the ack
        assertThat(acked).isNotDone();
        producer.completeNext();
        assertThat(acked).isCompleted();
    }

    @Test
    void deadLetterTruncatesLongErrorMessagesTo1000Characters() {
        // given an error message of 5000 characters
        ConsumerRecord<byte[], ConsumedValue> record = Fixtures.record(0, 1,
                ConsumedValue.poison(new byte[] {9}, new SerializationException("x")));
        // when dead-lettered
        publisher.deadLetter(record, "E", "y".repeat(5000), null, 0);
        // then herald.error.message has 1000 characters and there is no herald.error.code
        ProducerRecord<byte[], byte[]> dlq = producer.history().get(0);
        assertThat(header(dlq.headers(), DeadLetterHeaders.ERROR_MESSAGE)).hasSize(1000);
        assertThat(dlq.headers().lastHeader(DeadLetterHeaders.ERROR_CODE)).isNull();
    }

    @Test
    void routerWritesFailedStatusAndDlqAndCompletesOnlyWhenBothAreAcknowledged() {
        // given a request the gateway refused permanently after 1 attempt
        ConsumerRecord<byte[], ConsumedValue> record = Fixtures.record(3, 7,
                Fixtures.read(Fixtures.request("m-4", Channel.SMS, null)));
        DeadLetterRouter router = new DeadLetterRouter(publisher, "smpp", stats, clock);
        DeliveryOutcome outcome = new DeliveryOutcome(
                SendResult.permanentFailure("ESME_RINVDSTADR", "invalid destination address"), 1, false);
        // when routed
        CompletableFuture<Void> done = router.route(record, outcome).toCompletableFuture();
        // then a FAILED status keyed by messageId and a DLQ record with code and attempts were sent
        assertThat(producer.history()).extracting(ProducerRecord::topic)
                .containsExactly(Topics.STATUS, Topics.REQUESTS_DLQ);
        ProducerRecord<byte[], byte[]> status = producer.history().get(0);
        assertThat(new String(status.key(), StandardCharsets.UTF_8)).isEqualTo("m-4");
        DeliveryStatus failed = Fixtures.status(status.value());
        assertThat(failed.getState()).isEqualTo(DeliveryState.FAILED);
        assertThat(failed.getErrorCode()).isEqualTo("ESME_RINVDSTADR");
        assertThat(failed.getAttempt()).isEqualTo(1);
        assertThat(failed.getGateway()).isEqualTo("smpp");
        ProducerRecord<byte[], byte[]> dlq = producer.history().get(1);
        assertThat(dlq.value()).isEqualTo(record.value().raw());
        assertThat(header(dlq.headers(), DeadLetterHeaders.ERROR_CLASS)).isEqualTo(DeadLetterRouter.SEND_FAILURE);
        assertThat(header(dlq.headers(), DeadLetterHeaders.ERROR_CODE)).isEqualTo("ESME_RINVDSTADR");
        assertThat(header(dlq.headers(), DeadLetterHeaders.ATTEMPTS)).isEqualTo("1");
        // when only the status is acknowledged, it is not done; when the DLQ record is too, it is
        producer.completeNext();
        assertThat(done).isNotDone();
        producer.completeNext();
        assertThat(done).isCompleted();
    }

    @Test
    void routerNamesTheGatewayOfTheLastAttemptOrNoneWhenNoneWasTried() {
        // given a failure through the routed gateway "backup", and one no gateway was tried for
        DeadLetterRouter router = new DeadLetterRouter(publisher, "smpp", stats, clock);
        router.route(Fixtures.record(1, 1, Fixtures.read(Fixtures.request("m-7", Channel.SMS, null))),
                new DeliveryOutcome(SendResult.permanentFailure("HTTP_400", "bad request"), 2, false, "backup"));
        router.route(Fixtures.record(1, 2, Fixtures.read(Fixtures.request("m-8", Channel.EMAIL, null))),
                new DeliveryOutcome(SendResult.permanentFailure("CHANNEL_NOT_SUPPORTED", "no gateway"), 0, false));

        // then the FAILED statuses name "backup" and no gateway
        assertThat(producer.history()).extracting(ProducerRecord::topic)
                .containsExactly(Topics.STATUS, Topics.REQUESTS_DLQ, Topics.STATUS, Topics.REQUESTS_DLQ);
        assertThat(Fixtures.status(producer.history().get(0).value()).getGateway()).isEqualTo("backup");
        assertThat(Fixtures.status(producer.history().get(2).value()).getGateway()).isNull();
    }

    @Test
    void routerFailsWhenTheDlqRecordIsNotAcknowledged() {
        // given a routed failure
        ConsumerRecord<byte[], ConsumedValue> record = Fixtures.record(0, 0,
                Fixtures.read(Fixtures.request("m-5", Channel.SMS, null)));
        CompletableFuture<Void> done = new DeadLetterRouter(publisher, "smpp", stats, clock)
                .route(record, new DeliveryOutcome(SendResult.permanentFailure("ESME_RINVMSGLEN", "bad"), 1, false))
                .toCompletableFuture();
        // when the status is acknowledged but the DLQ record fails
        producer.completeNext();
        producer.errorNext(new TimeoutException("delivery.timeout.ms passed"));
        // then the route fails, so the record is not committed
        assertThat(done).isCompletedExceptionally();
    }
}
