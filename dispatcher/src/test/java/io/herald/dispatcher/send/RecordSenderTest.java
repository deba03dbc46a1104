package io.herald.dispatcher.send;

import static io.herald.dispatcher.Fixtures.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.dispatcher.Fixtures;
import io.herald.dispatcher.MovableClock;
import io.herald.dispatcher.admin.DispatcherStats;
import io.herald.dispatcher.receive.ConsumedValue;
import io.herald.dispatcher.receive.Handling;
import io.herald.dispatcher.retry.RetryHeaders;
import io.herald.dispatcher.schedule.DelayRouter;
import io.herald.dispatcher.schedule.DelayTier;
import io.herald.dispatcher.status.DeadLetterHeaders;
import io.herald.dispatcher.status.DeadLetterRouter;
import io.herald.dispatcher.status.StatusPublisher;
import io.herald.schema.Channel;
import io.herald.schema.DeliveryState;
import io.herald.schema.DeliveryStatus;
import io.herald.schema.NotificationRequest;
import io.herald.schema.SuppressionEntry;
import io.herald.schema.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * RecordSender with the real RetryingSender, StatusPublisher and DeadLetterRouter; the gateway (our port) is scripted,
 * Kafka is MockProducer with acks completed by hand, retries run at once on the calling thread.
 */
class RecordSenderTest {

    private static final int MAX_ATTEMPTS = 3;

    private final ScriptedGateway gateway = new ScriptedGateway();
    private final MovableClock clock = new MovableClock(Fixtures.NOW);
    private final DispatcherStats stats = new DispatcherStats();
    private final List<Long> delaysMs = new ArrayList<>();
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final StatusPublisher publisher = new StatusPublisher(producer, Fixtures.statusSerializer());
    private final Set<String> suppressedRecipients = new HashSet<>();
    private final RecordSender sender = new RecordSender(
            new RetryingSender(gateway, new RetryPolicy(MAX_ATTEMPTS, 200, 5000), Fixtures.guard(clock), stats,
                    (LongFunction<Executor>) delayMs -> {
                delaysMs.add(delayMs);
                return Runnable::run;
            }, clock),
            "smpp", publisher, new DeadLetterRouter(publisher, "smpp", stats, clock), null,
            new DelayRouter(DelayTier.parseAll(List.of("5s", "1m", "1h")), publisher, stats, clock), stats, clock,
            (recipient, clientId) -> suppressedRecipients.contains(recipient), RecordSender.Ordering.STRICT);

    private static ConsumerRecord<byte[], ConsumedValue> sms(String messageId, Instant expiresAt) {
        return Fixtures.record(2, 10, Fixtures.read(Fixtures.request(messageId, Channel.SMS, expiresAt)));
    }

    private List<String> topics() {
        return producer.history().stream().map(ProducerRecord::topic).toList();
    }

    private DeliveryStatus onlyStatus() {
        List<ProducerRecord<byte[], byte[]>> statuses = producer.history().stream()
                .filter(r -> r.topic().equals(Topics.STATUS)).toList();
        assertThat(statuses).hasSize(1);
        return Fixtures.status(statuses.get(0).value());
    }

    private ProducerRecord<byte[], byte[]> onlyDlq() {
        List<ProducerRecord<byte[], byte[]>> dlq = producer.history().stream()
                .filter(r -> r.topic().equals(Topics.REQUESTS_DLQ)).toList();
        assertThat(dlq).hasSize(1);
        return dlq.get(0);
    }

    private void ackAll() {
        while (producer.completeNext()) {
            // acknowledge every pending send
        }
    }

    private RecordSender withOrdering(RecordSender.Ordering ordering) {
        return new RecordSender(new RetryingSender(gateway, new RetryPolicy(MAX_ATTEMPTS, 200, 5000),
                Fixtures.guard(clock), stats, (LongFunction<Executor>) delayMs -> Runnable::run, clock),
                "smpp", publisher, new DeadLetterRouter(publisher, "smpp", stats, clock), null,
                new DelayRouter(DelayTier.parseAll(List.of("5s", "1m", "1h")), publisher, stats, clock), stats, clock,
                (recipient, clientId) -> suppressedRecipients.contains(recipient), ordering);
    }

    @Test
    void acceptedOrderingReleasesTheRecipientWhenTheGatewayAcceptedAndCompletesOnTheAck() {
        // given ordering=accepted and a gateway that accepts
        gateway.script.add(SendResult.accepted(List.of("gw-1")));
        // when the record is handled
        Handling handling = withOrdering(RecordSender.Ordering.ACCEPTED).handle(sms("m-acc", null));
        // then the recipient is released as soon as the SENT status was handed to the producer
        assertThat(topics()).containsExactly(Topics.STATUS);
        assertThat(handling.released().toCompletableFuture()).isDone();
        // but the record completes (may be committed) only when Kafka acknowledged it
        assertThat(handling.completed().toCompletableFuture()).isNotDone();
        ackAll();
        assertThat(handling.completed().toCompletableFuture()).isCompletedWithValueMatching(v -> true);
    }

    @Test
    void strictOrderingReleasesTheRecipientOnlyOnTheAck() {
        // given ordering=strict and a gateway that accepts
        gateway.script.add(SendResult.accepted(List.of("gw-1")));
        // when the record is handled
        Handling handling = withOrdering(RecordSender.Ordering.STRICT).handle(sms("m-strict", null));
        // then neither stage is done before Kafka acknowledged the status
        assertThat(topics()).containsExactly(Topics.STATUS);
        assertThat(handling.released().toCompletableFuture()).isNotDone();
        ackAll();
        assertThat(handling.released().toCompletableFuture()).isDone();
        assertThat(handling.completed().toCompletableFuture()).isDone();
    }

    @Test
    void acceptedOrderingReleasesTheRecipientWhenTheOutcomeCannotBeWritten() {
        // given ordering=accepted and a producer that fails the status write
        gateway.script.add(SendResult.accepted(List.of("gw-1")));
        Handling handling = withOrdering(RecordSender.Ordering.ACCEPTED).handle(sms("m-err", null));
        // when Kafka refuses the record
        producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("delivery.timeout.ms passed"));
        // then the record fails (is never committed) and the recipient is released
        assertThat(handling.completed().toCompletableFuture()).isCompletedExceptionally();
        assertThat(handling.released().toCompletableFuture()).isDone();
    }

    @Test
    void acceptedMessageGetsSentStatusWithGatewayIdSegmentsAndAttempt() {
        // given a gateway that throttles once, then accepts two segments
        gateway.script.add(SendResult.transientFailure(SendResult.TransientCause.THROTTLED, "ESME_RTHROTTLED",
                "throttled"));
        gateway.script.add(SendResult.accepted(List.of("gw-a", "gw-b")));
        // when the record is handled
        CompletableFuture<?> done = sender.handle(sms("m-1", null)).completed().toCompletableFuture();
        // then one SENT status for the message was written and nothing went to the DLQ
        assertThat(topics()).containsExactly(Topics.STATUS);
        DeliveryStatus status = onlyStatus();
        assertThat(status.getMessageId()).isEqualTo("m-1");
        assertThat(status.getState()).isEqualTo(DeliveryState.SENT);
        assertThat(status.getGatewayMessageId()).isEqualTo("gw-a");
        assertThat(status.getSegments()).isEqualTo(2);
        assertThat(status.getAttempt()).isEqualTo(2);
        assertThat(status.getGateway()).isEqualTo("smpp");
        assertThat(gateway.sent).extracting(Message::recipient).containsOnly(Fixtures.RECIPIENT);
        // and it completes only once Kafka acknowledged the status
        assertThat(done).isNotDone();
        producer.completeNext();
        assertThat(done).isCompleted();
        assertThat(stats.sent()).isEqualTo(1);
        assertThat(stats.retries()).isEqualTo(1);
    }

    @Test
    void requestToASuppressedRecipientGetsSuppressedStatusAndIsNotSent() {
        // given the recipient is on the suppression list
        suppressedRecipients.add(Fixtures.RECIPIENT);
        gateway.script.add(SendResult.accepted(List.of("gw-1")));
        // when the record is handled
        CompletableFuture<?> done = sender.handle(sms("m-sup", null)).completed().toCompletableFuture();
        // then the gateway is not called and one SUPPRESSED status is written, nothing to the DLQ
        assertThat(gateway.sent).isEmpty();
        assertThat(topics()).containsExactly(Topics.STATUS);
        DeliveryStatus status = onlyStatus();
        assertThat(status.getMessageId()).isEqualTo("m-sup");
        assertThat(status.getState()).isEqualTo(DeliveryState.SUPPRESSED);
        assertThat(status.getErrorCode()).isEqualTo(RecordSender.SUPPRESSED);
        assertThat(status.getGateway()).isNull();
        assertThat(status.getAttempt()).isEqualTo(1);
        assertThat(status.getErrorText()).doesNotContain(Fixtures.RECIPIENT);
        // and the record completes only once Kafka acknowledged the status
        assertThat(done).isNotDone();
        producer.completeNext();
        assertThat(done).isCompleted();
        assertThat(stats.suppressed()).isEqualTo(1);
        assertThat(stats.sent()).isZero();
        assertThat(stats.deadLettered()).isZero();
    }

    @Test
    void suppressionAddedWhileARequestWaitedForItsNotBeforeAppliesWhenItIsDue() {
        // given a request due in 2 s, held in the 5s tier while its recipient was not suppressed
        NotificationRequest request = Fixtures.request("m-wait", Channel.SMS, null);
        request.setNotBefore(Fixtures.NOW.plusSeconds(2));
        sender.handle(Fixtures.record(1, 3, Fixtures.read(request)));
        assertThat(topics()).containsExactly(Topics.delayTopic("5s"));
        ackAll();
        // when the recipient is suppressed meanwhile and the request is read back once due
        suppressedRecipients.add(Fixtures.RECIPIENT);
        clock.now = clock.now.plusSeconds(5);
        gateway.script.add(SendResult.accepted(List.of("gw-1")));
        sender.handle(Fixtures.record(1, 3, Fixtures.read(request)));
        // then it is not sent but gets SUPPRESSED
        assertThat(gateway.sent).isEmpty();
        assertThat(topics()).containsExactly(Topics.delayTopic("5s"), Topics.STATUS);
        assertThat(onlyStatus().getState()).isEqualTo(DeliveryState.SUPPRESSED);
    }

    @Test
    void requestToAnotherRecipientIsSentWhileSomeoneElseIsSuppressed() {
        suppressedRecipients.add("+4798765432");
        gateway.script.add(SendResult.accepted(List.of("gw-1")));

        sender.handle(sms("m-ok", null));

        assertThat(gateway.sent).extracting(Message::messageId).containsExactly("m-ok");
        assertThat(onlyStatus().getState()).isEqualTo(DeliveryState.SENT);
        assertThat(stats.suppressed()).isZero();
    }

    @Test
    void requestWhoseNotBeforeIsAheadIsHeldInTheLongestDelayTierThatDoesNotPassIt() {
        // given a request due in 90 s (tiers 5s, 1m, 1h)
        NotificationRequest request = Fixtures.request("m-later", Channel.SMS, null);
        request.setNotBefore(Fixtures.NOW.plusSeconds(90));
        ConsumerRecord<byte[], ConsumedValue> record = Fixtures.record(2, 10, Fixtures.read(request));
        // when the record is handled
        CompletableFuture<?> done = sender.handle(record).completed().toCompletableFuture();
        // then it is not sent but copied, bytes, key and headers unchanged, to the 1m tier, due in 60 s
        assertThat(gateway.sent).isEmpty();
        assertThat(topics()).containsExactly(Topics.delayTopic("1m"));
        ProducerRecord<byte[], byte[]> copy = producer.history().get(0);
        assertThat(copy.value()).isEqualTo(record.value().raw());
        assertThat(copy.key()).isEqualTo(record.key());
        assertThat(copy.headers().lastHeader("trace").value()).isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
        assertThat(RetryHeaders.dueMs(copy.headers())).isEqualTo(Fixtures.NOW.toEpochMilli() + 60_000);
        assertThat(new String(copy.headers().lastHeader(DelayRouter.TIER).value(), StandardCharsets.UTF_8))
                .isEqualTo("1m");
        // and it completes once Kafka acknowledged the copy
        assertThat(done).isNotDone();
        ackAll();
        assertThat(done).isCompleted();
        assertThat(stats.delayed()).isEqualTo(1);
        assertThat(stats.sent()).isZero();
    }

    @Test
    void requestDueSoonerThanTheShortestTierWaitsInItAndIsSentOnceItsTimeHasCome() {
        // given a request due in 2 s, read back from the 5s tier
        NotificationRequest request = Fixtures.request("m-soon", Channel.SMS, null);
        request.setNotBefore(Fixtures.NOW.plusSeconds(2));
        sender.handle(Fixtures.record(1, 3, Fixtures.read(request)));
        // then it waits in the shortest tier (late rather than early)
        assertThat(topics()).containsExactly(Topics.delayTopic("5s"));
        ackAll();
        // when it is handled again once its time has come
        clock.now = clock.now.plusSeconds(5);
        gateway.script.add(SendResult.accepted(List.of("gw-1")));
        sender.handle(Fixtures.record(1, 3, Fixtures.read(request)));
        // then it is sent
        assertThat(gateway.sent).extracting(Message::messageId).containsExactly("m-soon");
        assertThat(topics()).containsExactly(Topics.delayTopic("5s"), Topics.STATUS);
    }

    @Test
    void requestWhoseNotBeforeHasPassedIsSentAtOnce() {
        NotificationRequest request = Fixtures.request("m-past", Channel.SMS, null);
        request.setNotBefore(Fixtures.NOW.minusSeconds(1));
        gateway.script.add(SendResult.accepted(List.of("gw-1")));

        sender.handle(Fixtures.record(0, 1, Fixtures.read(request)));

        assertThat(gateway.sent).extracting(Message::messageId).containsExactly("m-past");
        assertThat(topics()).containsExactly(Topics.STATUS);
        assertThat(stats.delayed()).isZero();
    }

    @Test
    void transientFailureIsRetriedUpToMaxAttemptsThenFailedAndDeadLettered() {
        // given a gateway that always answers ESME_RSYSERR
        // when the record is handled
        CompletableFuture<?> done = sender.handle(sms("m-2", null)).completed().toCompletableFuture();
        // then the gateway was tried retry.inline.max.attempts times with growing backoff
        assertThat(gateway.sent).hasSize(MAX_ATTEMPTS);
        assertThat(delaysMs).hasSize(MAX_ATTEMPTS - 1);
        assertThat(delaysMs.get(0)).isBetween(160L, 240L);
        assertThat(delaysMs.get(1)).isBetween(320L, 480L);
        // and a FAILED status and a DLQ record were written
        assertThat(topics()).containsExactly(Topics.STATUS, Topics.REQUESTS_DLQ);
        DeliveryStatus status = onlyStatus();
        assertThat(status.getState()).isEqualTo(DeliveryState.FAILED);
        assertThat(status.getErrorCode()).isEqualTo("ESME_RSYSERR");
        assertThat(status.getAttempt()).isEqualTo(MAX_ATTEMPTS);
        ProducerRecord<byte[], byte[]> dlq = onlyDlq();
        assertThat(header(dlq.headers(), DeadLetterHeaders.ERROR_CODE)).isEqualTo("ESME_RSYSERR");
        assertThat(header(dlq.headers(), DeadLetterHeaders.ATTEMPTS)).isEqualTo(String.valueOf(MAX_ATTEMPTS));
        // and it completes when both are acknowledged
        producer.completeNext();
        assertThat(done).isNotDone();
        producer.completeNext();
        assertThat(done).isCompleted();
        assertThat(stats.failed()).isEqualTo(1);
        assertThat(stats.deadLettered()).isEqualTo(1);
        assertThat(stats.retries()).isEqualTo(MAX_ATTEMPTS - 1);
    }

    @Test
    void permanentFailureIsFailedAndDeadLetteredWithoutRetry() {
        // given a gateway that refuses the destination address
        gateway.script.add(SendResult.permanentFailure("ESME_RINVDSTADR", "invalid destination address"));
        // when the record is handled
        CompletableFuture<?> done = sender.handle(sms("m-3", null)).completed().toCompletableFuture();
        ackAll();
        // then it was tried once, and FAILED + DLQ with the SMPP error were written
        assertThat(gateway.sent).hasSize(1);
        assertThat(delaysMs).isEmpty();
        DeliveryStatus status = onlyStatus();
        assertThat(status.getState()).isEqualTo(DeliveryState.FAILED);
        assertThat(status.getErrorCode()).isEqualTo("ESME_RINVDSTADR");
        assertThat(status.getAttempt()).isEqualTo(1);
        ProducerRecord<byte[], byte[]> dlq = onlyDlq();
        assertThat(dlq.value()).isEqualTo(sms("m-3", null).value().raw());
        assertThat(header(dlq.headers(), DeadLetterHeaders.ERROR_CODE)).isEqualTo("ESME_RINVDSTADR");
        assertThat(header(dlq.headers(), DeadLetterHeaders.ATTEMPTS)).isEqualTo("1");
        assertThat(done).isCompleted();
    }

    @Test
    void anUnregisteredRecipientFailsAndGoesOnTheSuppressionListBeforeTheRecordCompletes() {
        // given a gateway that says the recipient no longer exists (APNs 410 Unregistered, FCM UNREGISTERED)
        gateway.script.add(SendResult.unregistered("APNS_UNREGISTERED", "APNs 410 Unregistered"));
        // when the record is handled
        CompletableFuture<?> done = sender.handle(sms("m-9", null)).completed().toCompletableFuture();
        // then FAILED, the DLQ record and a shared suppression entry were written, and the record waits for all three
        assertThat(topics()).containsExactlyInAnyOrder(Topics.STATUS, Topics.REQUESTS_DLQ, Topics.SUPPRESSIONS);
        producer.completeNext();
        producer.completeNext();
        assertThat(done).isNotCompleted();
        producer.completeNext();
        assertThat(done).isCompleted();
        assertThat(onlyStatus().getErrorCode()).isEqualTo("APNS_UNREGISTERED");
        ProducerRecord<byte[], byte[]> entry = producer.history().stream()
                .filter(r -> r.topic().equals(Topics.SUPPRESSIONS)).findFirst().orElseThrow();
        SuppressionEntry read = SuppressionEntry.fromJson(entry.value());
        assertThat(read.recipient()).isEqualTo(Fixtures.request("m-9", Channel.SMS, null).getRecipient());
        assertThat(read.source()).isEqualTo(SuppressionEntry.SOURCE_PUSH_UNREGISTERED);
        assertThat(read.clientId()).isNull();
        assertThat(new String(entry.key(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(read.recipient());
    }

    @Test
    void messageAlreadyPastExpiresAtIsExpiredWithoutAnAttempt() {
        // given a request that expired a second ago
        // when handled
        CompletableFuture<?> done = sender.handle(sms("m-4", Fixtures.NOW.minusSeconds(1))).completed().toCompletableFuture();
        ackAll();
        // then the gateway was not called, an EXPIRED status without a gateway was written and nothing to the DLQ
        assertThat(gateway.sent).isEmpty();
        assertThat(topics()).containsExactly(Topics.STATUS);
        DeliveryStatus status = onlyStatus();
        assertThat(status.getState()).isEqualTo(DeliveryState.EXPIRED);
        assertThat(status.getErrorCode()).isEqualTo(RecordSender.EXPIRED);
        assertThat(status.getGateway()).isNull();
        assertThat(done).isCompleted();
        assertThat(stats.expired()).isEqualTo(1);
    }

    @Test
    void messageThatExpiresBetweenRetriesIsExpiredWithTheAttemptsMade() {
        // given a request expiring in 1 s and a gateway that fails transiently while 2 s pass
        gateway.onSend = () -> clock.now = clock.now.plus(Duration.ofSeconds(2));
        // when handled
        sender.handle(sms("m-5", Fixtures.NOW.plusSeconds(1)));
        ackAll();
        // then one attempt was made and the status is EXPIRED naming the last error
        assertThat(gateway.sent).hasSize(1);
        DeliveryStatus status = onlyStatus();
        assertThat(status.getState()).isEqualTo(DeliveryState.EXPIRED);
        assertThat(status.getAttempt()).isEqualTo(1);
        assertThat(status.getGateway()).isEqualTo("smpp");
        assertThat(status.getErrorText()).contains("ESME_RSYSERR");
        assertThat(topics()).doesNotContain(Topics.REQUESTS_DLQ);
    }

    @Test
    void emailRequestIsFailedAsChannelNotSupportedAndDeadLettered() {
        // given an EMAIL request
        ConsumerRecord<byte[], ConsumedValue> record = Fixtures.record(1, 5,
                Fixtures.read(Fixtures.request("m-6", Channel.EMAIL, null)));
        // when handled
        CompletableFuture<?> done = sender.handle(record).completed().toCompletableFuture();
        ackAll();
        // then the SMS gateway was not called; FAILED + DLQ with CHANNEL_NOT_SUPPORTED and 0 attempts
        assertThat(gateway.sent).isEmpty();
        DeliveryStatus status = onlyStatus();
        assertThat(status.getState()).isEqualTo(DeliveryState.FAILED);
        assertThat(status.getErrorCode()).isEqualTo(RecordSender.CHANNEL_NOT_SUPPORTED);
        ProducerRecord<byte[], byte[]> dlq = onlyDlq();
        assertThat(header(dlq.headers(), DeadLetterHeaders.ERROR_CODE)).isEqualTo(RecordSender.CHANNEL_NOT_SUPPORTED);
        assertThat(header(dlq.headers(), DeadLetterHeaders.ATTEMPTS)).isEqualTo("0");
        assertThat(done).isCompleted();
    }

    @Test
    void poisonRecordGoesToTheDlqOnlyWithDeserializationFailed() {
        // given an unreadable record
        byte[] raw = {0x07, 0x01};
        ConsumerRecord<byte[], ConsumedValue> record = Fixtures.record(0, 3,
                ConsumedValue.poison(raw, new SerializationException("Unknown magic byte!")));
        // when handled
        CompletableFuture<?> done = sender.handle(record).completed().toCompletableFuture();
        // then one DLQ record with the raw bytes and no status (there is no messageId to key it by)
        assertThat(topics()).containsExactly(Topics.REQUESTS_DLQ);
        ProducerRecord<byte[], byte[]> dlq = onlyDlq();
        assertThat(dlq.value()).isEqualTo(raw);
        assertThat(header(dlq.headers(), DeadLetterHeaders.ERROR_CODE)).isEqualTo(RecordSender.DESERIALIZATION_FAILED);
        assertThat(header(dlq.headers(), DeadLetterHeaders.ERROR_CLASS))
                .isEqualTo(SerializationException.class.getName());
        assertThat(done).isNotDone();
        producer.completeNext();
        assertThat(done).isCompleted();
        assertThat(stats.poison()).isEqualTo(1);
        assertThat(gateway.sent).isEmpty();
    }
}
