package io.herald.dispatcher.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.dispatcher.Fixtures;
import io.herald.dispatcher.MovableClock;
import io.herald.dispatcher.admin.DispatcherStats;
import io.herald.dispatcher.receive.ConsumedValue;
import io.herald.dispatcher.send.DeliveryOutcome;
import io.herald.dispatcher.send.SendResult;
import io.herald.dispatcher.status.DeadLetterHeaders;
import io.herald.dispatcher.status.DeadLetterRouter;
import io.herald.dispatcher.status.StatusPublisher;
import io.herald.schema.Channel;
import io.herald.schema.DeliveryState;
import io.herald.schema.DeliveryStatus;
import io.herald.schema.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** Where a failed message goes: the next retry tier with its headers, or FAILED + DLQ. */
class RetryTopicRouterTest {

    private static final List<RetryTier> TIERS = RetryTier.parseAll(List.of("30s", "5m", "30m"));
    private static final SendResult SYSERR = SendResult.transientFailure("ESME_RSYSERR", "system error");

    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final StatusPublisher publisher = new StatusPublisher(producer, Fixtures.statusSerializer());
    private final DispatcherStats stats = new DispatcherStats();
    private final MovableClock clock = new MovableClock(Fixtures.NOW);
    private final RetryTopicRouter router = new RetryTopicRouter(TIERS, publisher,
            new DeadLetterRouter(publisher, "smpp", stats, clock), stats, clock);

    private static ConsumerRecord<byte[], ConsumedValue> in(String topic, Headers headers, Instant expiresAt) {
        ConsumerRecord<byte[], ConsumedValue> original = Fixtures.record(4, 17,
                Fixtures.read(Fixtures.request("m-1", Channel.SMS, expiresAt)));
        if (headers != null) {
            headers.forEach(h -> original.headers().add(h));
        }
        return new ConsumerRecord<>(topic, original.partition(), original.offset(), original.timestamp(),
                TimestampType.CREATE_TIME, original.serializedKeySize(), original.serializedValueSize(),
                original.key(), original.value(), original.headers(), Optional.empty());
    }

    private ProducerRecord<byte[], byte[]> only() {
        assertThat(producer.history()).hasSize(1);
        return producer.history().get(0);
    }

    @Test
    void firstTransientFailureGoesToTheFirstTierWithRetryHeaders() {
        // given a notify.requests record that failed 3 inline attempts with ESME_RSYSERR
        ConsumerRecord<byte[], ConsumedValue> record = in(Topics.REQUESTS, null, null);
        // when routed
        assertThat(router.route(record, new DeliveryOutcome(SYSERR, 3, false)).toCompletableFuture()).isDone();
        // then one copy on notify.requests.retry.30s: same partition, key and bytes, original headers kept
        ProducerRecord<byte[], byte[]> copy = only();
        assertThat(copy.topic()).isEqualTo("notify.requests.retry.30s");
        assertThat(copy.key()).isEqualTo(record.key());
        assertThat(copy.value()).isEqualTo(record.value().raw());
        assertThat(Fixtures.header(copy.headers(), "trace")).isEqualTo("abc");
        // and the retry headers: attempts, first failure = now, last error, due = now + 30 s, tier
        long now = Fixtures.NOW.toEpochMilli();
        assertThat(Fixtures.header(copy.headers(), RetryHeaders.ATTEMPTS)).isEqualTo("3");
        assertThat(Fixtures.header(copy.headers(), RetryHeaders.FIRST_FAILURE)).isEqualTo(Long.toString(now));
        assertThat(Fixtures.header(copy.headers(), RetryHeaders.LAST_ERROR)).isEqualTo("ESME_RSYSERR: system error");
        assertThat(Fixtures.header(copy.headers(), RetryHeaders.DUE)).isEqualTo(Long.toString(now + 30_000));
        assertThat(Fixtures.header(copy.headers(), RetryHeaders.TIER)).isEqualTo("30s");
        assertThat(stats.retryScheduled()).isEqualTo(1);
        assertThat(stats.failed()).isZero();
    }

    @Test
    void aRecordOfATierGoesToTheNextKeepingItsFirstFailureAndAddingAttempts() {
        // given a record of the 30s tier, first failed 40 s ago after 3 attempts
        long first = Fixtures.NOW.toEpochMilli();
        clock.now = Fixtures.NOW.plusSeconds(40);
        ProducerRecord<byte[], byte[]> earlier = new ProducerRecord<>("x", new byte[0]);
        RetryHeaders.set(earlier.headers(), 3, first, "ESME_RSYSERR: system error", first + 30_000, "30s");
        ConsumerRecord<byte[], ConsumedValue> record = in("notify.requests.retry.30s", earlier.headers(), null);
        // when it fails 2 more attempts
        router.route(record, new DeliveryOutcome(SendResult.transientFailure("SMPP_TIMEOUT", "no answer"), 2, false));
        // then it goes to the 5m tier: attempts 5, first failure unchanged, due in 5 minutes, one header of each
        ProducerRecord<byte[], byte[]> copy = only();
        assertThat(copy.topic()).isEqualTo("notify.requests.retry.5m");
        assertThat(Fixtures.header(copy.headers(), RetryHeaders.ATTEMPTS)).isEqualTo("5");
        assertThat(Fixtures.header(copy.headers(), RetryHeaders.FIRST_FAILURE)).isEqualTo(Long.toString(first));
        assertThat(Fixtures.header(copy.headers(), RetryHeaders.LAST_ERROR)).isEqualTo("SMPP_TIMEOUT: no answer");
        assertThat(Fixtures.header(copy.headers(), RetryHeaders.DUE))
                .isEqualTo(Long.toString(clock.millis() + Duration.ofMinutes(5).toMillis()));
        assertThat(copy.headers().headers(RetryHeaders.ATTEMPTS)).hasSize(1);
    }

    @Test
    void afterTheLastTierItIsDeadLetteredAndFailed() {
        // given a record of the last tier with 7 attempts so far
        ProducerRecord<byte[], byte[]> earlier = new ProducerRecord<>("x", new byte[0]);
        RetryHeaders.set(earlier.headers(), 7, 1L, "ESME_RSYSERR: x", 2L, "30m");
        ConsumerRecord<byte[], ConsumedValue> record = in("notify.requests.retry.30m", earlier.headers(), null);
        // when it fails once more
        router.route(record, new DeliveryOutcome(SYSERR, 1, false));
        // then a FAILED status and a DLQ record with 8 attempts, the retry headers kept
        assertThat(producer.history()).extracting(ProducerRecord::topic)
                .containsExactlyInAnyOrder(Topics.STATUS, Topics.REQUESTS_DLQ);
        ProducerRecord<byte[], byte[]> dlq = producer.history().stream()
                .filter(r -> r.topic().equals(Topics.REQUESTS_DLQ)).findFirst().orElseThrow();
        assertThat(Fixtures.header(dlq.headers(), DeadLetterHeaders.ATTEMPTS)).isEqualTo("8");
        assertThat(Fixtures.header(dlq.headers(), DeadLetterHeaders.ERROR_MESSAGE)).contains("retries exhausted");
        assertThat(Fixtures.header(dlq.headers(), DeadLetterHeaders.ORIGINAL_TOPIC))
                .isEqualTo("notify.requests.retry.30m");
        assertThat(Fixtures.header(dlq.headers(), RetryHeaders.TIER)).isEqualTo("30m");
        DeliveryStatus status = status();
        assertThat(status.getState()).isEqualTo(DeliveryState.FAILED);
        assertThat(status.getErrorCode()).isEqualTo("ESME_RSYSERR");
        assertThat(stats.deadLettered()).isEqualTo(1);
        assertThat(stats.retryScheduled()).isZero();
    }

    @Test
    void aMessageThatExpiresBeforeItsNextRetryIsDeadLettered() {
        // given a request that expires in 10 s, while the first tier waits 30 s
        ConsumerRecord<byte[], ConsumedValue> record = in(Topics.REQUESTS, null, Fixtures.NOW.plusSeconds(10));
        // when it fails transiently
        router.route(record, new DeliveryOutcome(SYSERR, 3, false));
        // then FAILED + DLQ, no retry copy
        assertThat(producer.history()).extracting(ProducerRecord::topic)
                .containsExactlyInAnyOrder(Topics.STATUS, Topics.REQUESTS_DLQ);
        assertThat(status().getErrorText()).contains("expiresAt");
    }

    @Test
    void aRetriedMessageWhoseExpiresAtPassedWhileWaitingIsDeadLettered() {
        // given a record of the 5m tier, 6 attempts so far, that expired before it could be tried again
        ProducerRecord<byte[], byte[]> earlier = new ProducerRecord<>("x", new byte[0]);
        RetryHeaders.set(earlier.headers(), 6, 1L, "ESME_RSYSERR: system error", 2L, "5m");
        ConsumerRecord<byte[], ConsumedValue> record = in("notify.requests.retry.5m", earlier.headers(),
                Fixtures.NOW.minusSeconds(1));
        // when routed with an expired outcome and no attempt made in this tier
        router.route(record, new DeliveryOutcome(null, 0, true));
        // then FAILED + DLQ, the last error taken from the headers, attempts 6
        assertThat(producer.history()).extracting(ProducerRecord::topic)
                .containsExactlyInAnyOrder(Topics.STATUS, Topics.REQUESTS_DLQ);
        DeliveryStatus status = status();
        assertThat(status.getState()).isEqualTo(DeliveryState.FAILED);
        assertThat(status.getErrorCode()).isEqualTo(RetryTopicRouter.EXPIRED_IN_RETRY);
        assertThat(status.getErrorText()).contains("ESME_RSYSERR");
        assertThat(status.getAttempt()).isEqualTo(6);
    }

    @Test
    void permanentFailuresSkipTheTiers() {
        // given a notify.requests record refused with ESME_RINVDSTADR
        router.route(in(Topics.REQUESTS, null, null), new DeliveryOutcome(
                SendResult.permanentFailure("ESME_RINVDSTADR", "invalid destination address"), 1, false));
        // then FAILED + DLQ at once
        assertThat(producer.history()).extracting(ProducerRecord::topic)
                .containsExactlyInAnyOrder(Topics.STATUS, Topics.REQUESTS_DLQ);
        assertThat(status().getErrorCode()).isEqualTo("ESME_RINVDSTADR");
    }

    @Test
    void withoutTiersATransientFailureIsDeadLettered() {
        RetryTopicRouter none = new RetryTopicRouter(List.of(), publisher,
                new DeadLetterRouter(publisher, "smpp", stats, clock), stats, clock);
        none.route(in(Topics.REQUESTS, null, null), new DeliveryOutcome(SYSERR, 3, false));
        assertThat(producer.history()).extracting(ProducerRecord::topic)
                .containsExactlyInAnyOrder(Topics.STATUS, Topics.REQUESTS_DLQ);
    }

    private DeliveryStatus status() {
        return Fixtures.status(producer.history().stream().filter(r -> r.topic().equals(Topics.STATUS))
                .findFirst().orElseThrow().value());
    }
}
