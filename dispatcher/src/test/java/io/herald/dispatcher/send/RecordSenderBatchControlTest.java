package io.herald.dispatcher.send;

import static io.herald.dispatcher.Fixtures.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.dispatcher.Fixtures;
import io.herald.dispatcher.MovableClock;
import io.herald.dispatcher.admin.DispatcherStats;
import io.herald.dispatcher.batch.BatchGate;
import io.herald.dispatcher.batch.BatchRates;
import io.herald.dispatcher.receive.ConsumedValue;
import io.herald.dispatcher.receive.DueTime;
import io.herald.dispatcher.retry.RetryHeaders;
import io.herald.dispatcher.schedule.DelayRouter;
import io.herald.dispatcher.schedule.DelayTier;
import io.herald.dispatcher.status.DeadLetterRouter;
import io.herald.dispatcher.status.StatusEvents;
import io.herald.dispatcher.status.StatusPublisher;
import io.herald.schema.BatchControl;
import io.herald.schema.Channel;
import io.herald.schema.DeliveryState;
import io.herald.schema.DeliveryStatus;
import io.herald.schema.HeraldHeaders;
import io.herald.schema.NotificationRequest;
import io.herald.schema.QuietHours;
import io.herald.schema.Topics;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * What a batch's pause and cancel do to its requests in the {@link RecordSender} ({@link BatchGate}), and when the
 * retry loop lets a held or waiting request go ({@link BatchGate#dueTime}). Kafka is MockProducer, acks by hand.
 */
class RecordSenderBatchControlTest {

    private final ScriptedGateway gateway = new ScriptedGateway();
    private final MovableClock clock = new MovableClock(Fixtures.NOW);
    private final DispatcherStats stats = new DispatcherStats();
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final StatusPublisher publisher = new StatusPublisher(producer, Fixtures.statusSerializer());
    private final Map<String, BatchControl> controls = new HashMap<>();
    private final BatchGate gate = new BatchGate(controls::get, publisher, stats, clock,
            new BatchRates(clock, () -> 1.0, Runnable::run));
    private final RecordSender sender = new RecordSender(
            new RetryingSender(gateway, new RetryPolicy(3, 200, 5000), Fixtures.guard(clock), stats,
                    (LongFunction<Executor>) delayMs -> Runnable::run, clock),
            "smpp", publisher, new DeadLetterRouter(publisher, "smpp", stats, clock), null,
            new DelayRouter(DelayTier.parseAll(List.of("5s", "1m", "1h")), publisher, stats, clock), stats, clock,
            (recipient, clientId) -> false, RecordSender.Ordering.ACCEPTED, gate);

    private void control(BatchControl.State state, boolean held) {
        controls.put("batch-1", new BatchControl("batch-1", "shop", state, held, Fixtures.NOW));
    }

    private static ConsumerRecord<byte[], ConsumedValue> from(String topic, NotificationRequest request) {
        ConsumerRecord<byte[], ConsumedValue> record = Fixtures.record(4, 17, Fixtures.read(request));
        return new ConsumerRecord<>(topic, record.partition(), record.offset(), record.timestamp(),
                record.timestampType(), record.serializedKeySize(), record.serializedValueSize(), record.key(),
                record.value(), record.headers(), record.leaderEpoch());
    }

    private static ConsumerRecord<byte[], ConsumedValue> request(String topic) {
        return from(topic, Fixtures.request("m-1", Channel.SMS, null));
    }

    private List<String> topics() {
        return producer.history().stream().map(ProducerRecord::topic).toList();
    }

    @Test
    void aRequestOfACancelledBatchEndsCancelledWithoutReachingTheGateway() {
        control(BatchControl.State.CANCELLED, true);
        gateway.script.add(SendResult.accepted(List.of("gw-1")));

        CompletableFuture<Void> done = sender.handle(request(Topics.REQUESTS)).completed().toCompletableFuture()
                .thenAccept(x -> { });

        assertThat(gateway.sent).isEmpty();
        assertThat(topics()).containsExactly(Topics.STATUS);
        DeliveryStatus status = Fixtures.status(producer.history().get(0).value());
        assertThat(status.getState()).isEqualTo(DeliveryState.CANCELLED);
        assertThat(status.getErrorCode()).isEqualTo(StatusEvents.CANCELLED);
        assertThat(status.getMessageId()).isEqualTo("m-1");
        assertThat(done).as("completes on the ack only").isNotDone();
        producer.completeNext();
        assertThat(done).isCompleted();
        assertThat(stats.cancelled()).isEqualTo(1);
        assertThat(stats.sent()).isZero();
    }

    @Test
    void aRequestOfAPausedBatchIsMovedToTheHeldTopicAsItWasWithWhereItCameFrom() {
        control(BatchControl.State.PAUSED, true);
        ConsumerRecord<byte[], ConsumedValue> record = request(Topics.retryTopic("30s"));
        record.headers().add(RetryHeaders.DUE, "123".getBytes(StandardCharsets.UTF_8));

        sender.handle(record);

        assertThat(gateway.sent).isEmpty();
        assertThat(topics()).containsExactly(Topics.HELD);
        ProducerRecord<byte[], byte[]> held = producer.history().get(0);
        assertThat(held.key()).isEqualTo(record.key());
        assertThat(held.value()).isEqualTo(record.value().raw());
        assertThat(header(held.headers(), "trace")).isEqualTo("abc");
        assertThat(header(held.headers(), RetryHeaders.DUE)).as("due once its batch runs, not at the old time")
                .isNull();
        assertThat(header(held.headers(), HeraldHeaders.HELD_FROM)).isEqualTo(Topics.retryTopic("30s") + ":4:17");
        assertThat(stats.heldForPause()).isEqualTo(1);
    }

    @Test
    void onceResumedTheRestOfABatchStillGoesThroughTheHeldTopicAndIsSentFromThere() {
        // given a batch that was paused and runs again
        control(BatchControl.State.RUNNING, true);
        gateway.script.add(SendResult.accepted(List.of("gw-1")));

        // when one of its requests is read from notify.requests, and another from the held topic
        sender.handle(request(Topics.REQUESTS));
        sender.handle(from(Topics.HELD, Fixtures.request("m-2", Channel.SMS, null)));

        // then the first goes behind the held ones, the second is sent
        assertThat(topics()).containsExactly(Topics.HELD, Topics.STATUS);
        assertThat(gateway.sent).extracting(Message::messageId).containsExactly("m-2");
    }

    @Test
    void aBatchThatWasNeverPausedIsSentAsUsualAndARetryOfAResumedOneToo() {
        gateway.script.add(SendResult.accepted(List.of("gw-1")));
        gateway.script.add(SendResult.accepted(List.of("gw-2")));

        sender.handle(request(Topics.REQUESTS));
        control(BatchControl.State.RUNNING, true);
        sender.handle(from(Topics.retryTopic("30s"), Fixtures.request("m-2", Channel.SMS, null)));

        assertThat(gateway.sent).extracting(Message::messageId).containsExactly("m-1", "m-2");
        assertThat(topics()).containsExactly(Topics.STATUS, Topics.STATUS);
    }

    @Test
    void aScheduledRequestOfACancelledBatchEndsNowInsteadOfWaitingAgain() {
        control(BatchControl.State.CANCELLED, false);
        NotificationRequest request = Fixtures.request("m-later", Channel.SMS, null);
        request.setNotBefore(Fixtures.NOW.plusSeconds(3600));

        sender.handle(from(Topics.delayTopic("1h"), request));

        assertThat(topics()).containsExactly(Topics.STATUS);
        assertThat(Fixtures.status(producer.history().get(0).value()).getState()).isEqualTo(DeliveryState.CANCELLED);
    }

    @Test
    void theRetryLoopHoldsAPausedBatchsRequestsAndLetsACancelledBatchsWaitingOnesGoAtOnce() {
        DueTime due = gate.dueTime(record -> 999L);
        ConsumerRecord<byte[], ConsumedValue> held = request(Topics.HELD);
        ConsumerRecord<byte[], ConsumedValue> retry = request(Topics.retryTopic("5m"));

        // no control: held requests are due at once, retries when their tier says
        assertThat(due.dueMs(held)).isZero();
        assertThat(due.dueMs(retry)).isEqualTo(999L);

        control(BatchControl.State.PAUSED, true);
        assertThat(due.dueMs(held)).isEqualTo(clock.millis() + BatchGate.RECHECK_MS);
        assertThat(due.dueMs(retry)).isEqualTo(999L);

        control(BatchControl.State.RUNNING, true);
        assertThat(due.dueMs(held)).isZero();

        control(BatchControl.State.CANCELLED, true);
        assertThat(due.dueMs(held)).isZero();
        assertThat(due.dueMs(retry)).isZero();
    }

    @Test
    void aRequestOfABatchWithAMaxRateWaitsForItsTurnInADelayTopicAndIsSentAtIt() {
        gateway.script.add(SendResult.accepted(List.of("smsc-1")));
        gateway.script.add(SendResult.accepted(List.of("smsc-2")));
        NotificationRequest first = Fixtures.request("m-1", Channel.SMS, null);
        first.setMaxRate(2);
        NotificationRequest second = Fixtures.request("m-2", Channel.SMS, null);
        second.setMaxRate(2);
        // when two requests of a batch with maxRate 2 (msg/s) come at once
        sender.handle(from(Topics.REQUESTS, first));
        sender.handle(from(Topics.REQUESTS, second));
        // then the first is sent, and the second waits 500 ms in the shortest delay topic, due at its turn
        assertThat(gateway.sent).extracting(Message::messageId).containsExactly("m-1");
        ProducerRecord<byte[], byte[]> waiting = producer.history().stream()
                .filter(r -> r.topic().startsWith("notify.requests.delay.")).findFirst().orElseThrow();
        long turn = Fixtures.NOW.toEpochMilli() + 500;
        assertThat(header(waiting.headers(), HeraldHeaders.RATE_SLOT)).isEqualTo(Long.toString(turn));
        assertThat(header(waiting.headers(), RetryHeaders.DUE)).isEqualTo(Long.toString(turn));
        // when it comes back from there at its turn, it is sent, without a new turn
        clock.now = clock.now.plusMillis(500);
        ConsumerRecord<byte[], ConsumedValue> back = from(waiting.topic(), second);
        BatchRates.mark(back.headers(), turn);
        sender.handle(back);
        assertThat(gateway.sent).extracting(Message::messageId).containsExactly("m-1", "m-2");
    }

    @Test
    void anSmsInItsQuietHoursWaitsInADelayTopicUntilTheyEndInTheRecipientsZone() {
        gateway.script.add(SendResult.accepted(List.of("smsc-1")));
        // given 13:00 in Oslo (12:00 UTC) and quiet hours 12:00-14:00 for a Norwegian recipient
        NotificationRequest request = Fixtures.request("m-1", Channel.SMS, null);
        request.setQuietHours(new QuietHours("12:00", "14:00"));
        sender.handle(from(Topics.REQUESTS, request));
        // then it is not sent, but waits in the 1h delay topic, due at 14:00 Oslo (13:00 UTC)
        assertThat(gateway.sent).isEmpty();
        ProducerRecord<byte[], byte[]> waiting = producer.history().get(0);
        assertThat(waiting.topic()).isEqualTo("notify.requests.delay.1h");
        assertThat(header(waiting.headers(), RetryHeaders.DUE))
                .isEqualTo(Long.toString(Fixtures.NOW.plusSeconds(3600).toEpochMilli()));
        // when it comes back then, it is sent
        clock.now = Fixtures.NOW.plusSeconds(3600);
        sender.handle(from(waiting.topic(), request));
        assertThat(gateway.sent).extracting(Message::messageId).containsExactly("m-1");
    }

    @Test
    void quietHoursThatAreNotTimesEndTheMessageFailedInTheDlq() {
        NotificationRequest request = Fixtures.request("m-1", Channel.SMS, null);
        request.setQuietHours(new QuietHours("25:00", "08:00"));
        sender.handle(from(Topics.REQUESTS, request));
        assertThat(gateway.sent).isEmpty();
        assertThat(topics()).contains(Topics.STATUS, Topics.REQUESTS_DLQ);
    }
}
