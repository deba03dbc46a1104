package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.local.SmscMessage;
import io.herald.schema.DeliveryState;
import io.herald.schema.DeliveryStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Pause, resume and cancel of a batch that is already sending, on the shared stack: ingest writes the control to
 * {@code notify.batch-control}, both dispatchers read it; a paused batch's requests wait in
 * {@code notify.requests.held}. The simulator answers each submit_sm after a latency set for the test, so that a batch
 * takes some seconds to send. Times are compared on the simulator's own clock ({@code receivedAt}), which is this
 * machine's.
 */
@ExtendWith(HeraldStackExtension.class)
class BatchControlIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    /** What the issue allows between a pause's (or cancel's) answer and the last message of the batch at the SMSC. */
    private static final Duration STOP_WITHIN = Duration.ofSeconds(2);

    private final HeraldTestStack stack;

    BatchControlIT(HeraldTestStack stack) {
        this.stack = stack;
    }

    @AfterEach
    void fastSmscAgain() {
        stack.smsc().smppLatency(0);
    }

    /** Posts one SMS batch: one message per entry of {@code numbers}, text {@code <tag> {{n}}} with n its index. */
    private static Batch post(IngestHttp ingest, String tag, List<String> numbers) {
        List<IngestHttp.Recipient> recipients = new ArrayList<>();
        for (int i = 0; i < numbers.size(); i++) {
            recipients.add(new IngestHttp.Recipient(numbers.get(i), Map.of("n", Integer.toString(i))));
        }
        IngestHttp.Response response = ingest.postBatch(IngestHttp.batch("HERALD", tag + " {{n}}", recipients));
        assertThat(response.status()).as("%s", response.body()).isEqualTo(202);
        assertThat(response.body().get("accepted").asInt()).isEqualTo(numbers.size());
        Map<String, Integer> indexById = new HashMap<>();
        for (JsonNode message : response.body().get("messages")) {
            indexById.put(message.get("messageId").asText(), message.get("index").asInt());
        }
        return new Batch(response.body().get("batchId").asText(), indexById);
    }

    /** A posted batch: its id, and each message's index in the request. */
    private record Batch(String id, Map<String, Integer> indexById) {

        /** @return the messages of this batch the simulator holds, in arrival order */
        List<SmscMessage> at(HeraldTestStack stack) {
            return stack.smsc().messages(null).stream()
                    .filter(message -> indexById.containsKey(message.heraldMessageId())).toList();
        }
    }

    /** GET the batch; a 503 (the status view starting or rebalancing, with Retry-After) is asked again. */
    private static JsonNode status(IngestHttp ingest, String batchId) {
        IngestHttp.Response response = untilAnswered(() -> ingest.getBatch(batchId));
        assertThat(response.status()).as("%s", response.body()).isEqualTo(200);
        return response.body();
    }

    /** POST a control; a 503 (the status view starting or rebalancing, with Retry-After) is asked again. */
    private static IngestHttp.Response control(IngestHttp ingest, String batchId, String action) {
        return untilAnswered(() -> ingest.controlBatch(batchId, action));
    }

    private static IngestHttp.Response untilAnswered(Supplier<IngestHttp.Response> request) {
        AtomicReference<IngestHttp.Response> answer = new AtomicReference<>();
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
            answer.set(request.get());
            return answer.get().status() != 503;
        });
        return answer.get();
    }

    @Test
    void aCancelledBatchSendsNothingMoreAndEveryMessageEndsOnceSentOrCancelled() {
        // given a slow SMSC and a batch of 400 that is sending
        stack.smsc().smppLatency(200);
        IngestHttp ingest = stack.ingestHttp();
        Batch batch = post(ingest, "cancel", TestRecipients.norwegianMobiles(400));
        await().atMost(TIMEOUT).until(() -> batch.at(stack).size() >= 20);

        // then another client may not cancel it, nor even learn it exists
        IngestHttp other = new IngestHttp(stack.ingestUrl(), HeraldTestStack.OTHER_CLIENT_KEY);
        assertThat(control(other, batch.id(), "cancel").status()).isEqualTo(404);

        // when its client cancels it
        IngestHttp.Response cancel = control(ingest, batch.id(), "cancel");
        Instant answered = Instant.now();
        assertThat(cancel.status()).as("%s", cancel.body()).isEqualTo(200);
        assertThat(cancel.body().get("state").asText()).isEqualTo("cancelled");
        assertThat(cancel.body().get("notSent").asLong()).isPositive();

        // then every message ends: no status pending, the batch cancelled
        await().atMost(TIMEOUT).untilAsserted(() -> {
            JsonNode view = status(ingest, batch.id());
            assertThat(view.get("pending").asLong()).isZero();
            assertThat(view.get("state").asText()).isEqualTo("cancelled");
        });
        JsonNode view = status(ingest, batch.id());
        assertThat(view.get("cancelled").asLong()).isPositive();

        // and nothing of the batch reached the SMSC later than 2 s after the answer
        List<SmscMessage> received = batch.at(stack);
        assertThat(received).allSatisfy(message -> assertThat(Instant.parse(message.receivedAt()))
                .isBefore(answered.plus(STOP_WITHIN)));

        // and each message has exactly one outcome: sent (and at the SMSC once), or cancelled (and never there)
        Set<String> atSmsc = new HashSet<>();
        for (SmscMessage message : received) {
            assertThat(atSmsc.add(message.heraldMessageId())).as("sent once: %s", message).isTrue();
        }
        Map<String, List<DeliveryState>> outcomes = outcomes(batch, 400);
        Set<String> cancelled = new HashSet<>();
        outcomes.forEach((messageId, states) -> {
            boolean wasCancelled = states.contains(DeliveryState.CANCELLED);
            boolean wasSent = states.contains(DeliveryState.SENT);
            assertThat(wasCancelled ^ wasSent).as("%s: %s", messageId, states).isTrue();
            if (wasCancelled) {
                assertThat(states).as("%s", messageId).containsExactly(DeliveryState.CANCELLED);
                cancelled.add(messageId);
            }
        });
        assertThat(cancelled).hasSize(400 - atSmsc.size()).doesNotContainAnyElementsOf(atSmsc);
        assertThat(view.get("cancelled").asLong()).isEqualTo(cancelled.size());

        // and a cancelled batch stays cancelled
        IngestHttp.Response resume = control(ingest, batch.id(), "resume");
        assertThat(resume.status()).isEqualTo(409);
        assertThat(resume.body().get("type").asText()).isEqualTo("https://herald.dev/problems/batch-cancelled");
    }

    @Test
    void aPausedBatchWaitsWithoutHoldingOthersAndAfterARestartResumesEachRecipientInOrder() {
        // given a slow SMSC and a batch that has every one of 150 recipients twice: first "p1 <i>", then "p2 <i>"
        stack.smsc().smppLatency(100);
        IngestHttp ingest = stack.ingestHttp();
        List<String> numbers = TestRecipients.norwegianMobiles(150);
        List<String> twice = new ArrayList<>(numbers);
        twice.addAll(numbers);
        Batch paused = post(ingest, "paused", twice);
        await().atMost(TIMEOUT).until(() -> paused.at(stack).size() >= 10);

        // when its client pauses it
        IngestHttp.Response pause = control(ingest, paused.id(), "pause");
        Instant answered = Instant.now();
        assertThat(pause.status()).as("%s", pause.body()).isEqualTo(200);
        assertThat(pause.body().get("state").asText()).isEqualTo("paused");

        // then another batch to some of the same recipients goes through meanwhile
        Batch other = post(ingest, "other", numbers.subList(0, 20));
        await().atMost(TIMEOUT).until(() -> other.at(stack).size() == 20);
        assertThat(status(ingest, paused.id()).get("state").asText()).isEqualTo("paused");

        // and nothing of the paused batch reached the SMSC later than 2 s after the answer
        sleep(STOP_WITHIN.plusSeconds(1));
        int sentWhilePaused = paused.at(stack).size();
        assertThat(sentWhilePaused).isLessThan(300);
        assertThat(paused.at(stack)).allSatisfy(message -> assertThat(Instant.parse(message.receivedAt()))
                .isBefore(answered.plus(STOP_WITHIN)));

        // when a dispatcher crashes and comes back while the batch is paused, it still holds it
        stack.killDispatcher(0);
        stack.restartDispatcher(0);
        sleep(Duration.ofSeconds(3));
        assertThat(paused.at(stack)).hasSize(sentWhilePaused);

        // when its client resumes it
        IngestHttp.Response resume = control(ingest, paused.id(), "resume");
        assertThat(resume.status()).as("%s", resume.body()).isEqualTo(200);
        assertThat(resume.body().get("state").asText()).isEqualTo("running");

        // then every message arrives, and each recipient's first arrivals are in the batch's order
        await().atMost(TIMEOUT).until(() -> paused.at(stack).stream().map(SmscMessage::heraldMessageId)
                .collect(Collectors.toSet()).size() == 300);
        Map<String, List<Integer>> firstArrivals = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (SmscMessage message : paused.at(stack)) {
            if (seen.add(message.heraldMessageId())) {
                firstArrivals.computeIfAbsent(message.recipient(), r -> new ArrayList<>())
                        .add(paused.indexById().get(message.heraldMessageId()));
            }
        }
        assertThat(firstArrivals).hasSize(150).allSatisfy((recipient, indexes) -> {
            assertThat(indexes).as(recipient).hasSize(2);
            assertThat(indexes.get(0)).as(recipient).isLessThan(indexes.get(1));
        });
        await().atMost(TIMEOUT).untilAsserted(() -> {
            JsonNode view = status(ingest, paused.id());
            assertThat(view.get("pending").asLong()).isZero();
            assertThat(view.get("state").asText()).isEqualTo("complete");
            assertThat(view.get("cancelled").asLong()).isZero();
        });
    }

    /** @return each message's states on notify.status, once every one of {@code count} messages has a final one */
    private Map<String, List<DeliveryState>> outcomes(Batch batch, int count) {
        try (StatusReader reader = new StatusReader(stack, Set.of(batch.id()))) {
            Map<String, List<DeliveryState>> states = new HashMap<>();
            await().atMost(TIMEOUT).until(() -> {
                states.clear();
                for (DeliveryStatus event : reader.poll()) {
                    states.computeIfAbsent(event.getMessageId(), id -> new ArrayList<>()).add(event.getState());
                }
                return states.size() == count;
            });
            return states;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
