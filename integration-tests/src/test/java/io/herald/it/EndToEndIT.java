package io.herald.it;

import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.toMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.local.SmscMessage;
import io.herald.schema.DeliveryState;
import io.herald.schema.DeliveryStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole pipeline on real parts: REST batch → ingest-service → Avro on Kafka keyed by recipient → two dispatchers
 * in one consumer group → SMPP → SMSC simulator, with statuses on notify.status.
 */
@ExtendWith(HeraldStackExtension.class)
class EndToEndIT {

    private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(3);

    @Test
    void everyAcceptedRecipientIsReceivedExactlyOnceWithItsRenderedText(HeraldTestStack stack) {
        // given 1,000 distinct recipients, each with its own variables
        IngestHttp ingest = stack.ingestHttp();
        List<String> numbers = TestRecipients.norwegianMobiles(1000);
        Map<String, String> expectedText = new java.util.HashMap<>();
        List<IngestHttp.Recipient> recipients = new ArrayList<>();
        for (int i = 0; i < numbers.size(); i++) {
            String name = i % 3 == 0 ? "Øyvind" + i : i % 3 == 1 ? "Дмитрий" + i : "Ola" + i;
            String code = String.format("%06d", i * 7919 % 1_000_000);
            recipients.add(new IngestHttp.Recipient(numbers.get(i), Map.of("name", name, "code", code)));
            expectedText.put(TestRecipients.smscAddress(numbers.get(i)), "Hi " + name + ", your code is " + code);
        }

        // when they are submitted over HTTP in 4 batches of 250
        Set<String> batchIds = new HashSet<>();
        for (int from = 0; from < recipients.size(); from += 250) {
            IngestHttp.Response response = ingest.postBatch(IngestHttp.batch("HERALD",
                    "Hi {{name}}, your code is {{code}}", recipients.subList(from, from + 250)));
            assertThat(response.status()).as("status of batch starting at %d: %s", from, response.body())
                    .isEqualTo(202);
            assertThat(response.body().get("accepted").asInt()).isEqualTo(250);
            assertThat(response.body().get("rejected")).isEmpty();
            batchIds.add(response.body().get("batchId").asText());
        }
        assertThat(batchIds).hasSize(4);

        // then the simulator receives each recipient's message exactly once, with its own rendered text
        await().atMost(DELIVERY_TIMEOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Map<String, List<SmscMessage>> received = receivedFor(stack, expectedText.keySet());
            assertThat(received).hasSize(expectedText.size());
        });
        Map<String, List<SmscMessage>> received = receivedFor(stack, expectedText.keySet());
        received.forEach((recipient, messages) -> {
            assertThat(messages).as("messages to one recipient").hasSize(1);
            assertThat(messages.get(0).text()).isEqualTo(expectedText.get(recipient));
        });
        assertThat(stack.smsc().stats().duplicates()).isZero();

        // and each message has one SENT status whose gateway message id is the one the SMSC gave it
        Map<String, SmscMessage> byHeraldId = received.values().stream().map(list -> list.get(0))
                .collect(toMap(SmscMessage::heraldMessageId, Function.identity()));
        try (StatusReader statuses = new StatusReader(stack, batchIds)) {
            await().atMost(DELIVERY_TIMEOUT).untilAsserted(() ->
                    assertThat(sentByMessageId(statuses.poll())).hasSize(1000));
            Map<String, List<DeliveryStatus>> sent = sentByMessageId(statuses.poll());
            assertThat(sent.keySet()).isEqualTo(byHeraldId.keySet());
            sent.forEach((messageId, events) -> {
                assertThat(events).hasSize(1);
                assertThat(events.get(0).getGatewayMessageId())
                        .isEqualTo(byHeraldId.get(messageId).smscMessageIds().get(0));
                assertThat(events.get(0).getSegments()).isEqualTo(byHeraldId.get(messageId).segments());
            });
        }
    }

    @Test
    void aBatchWithSendAtIsHeldAndReachesTheSmscNoEarlierThanThat(HeraldTestStack stack) {
        // given recipients and a sendAt 12 s ahead (the dispatchers' shortest delay tier is 5 s)
        IngestHttp ingest = stack.ingestHttp();
        List<String> numbers = TestRecipients.norwegianMobiles(10);
        List<IngestHttp.Recipient> recipients = new ArrayList<>();
        for (int i = 0; i < numbers.size(); i++) {
            recipients.add(new IngestHttp.Recipient(numbers.get(i), Map.of("n", Integer.toString(i))));
        }
        Instant sendAt = Instant.now().plusSeconds(12).truncatedTo(ChronoUnit.MILLIS);
        ObjectNode batch = IngestHttp.batch("HERALD", "Scheduled {{n}}", recipients);
        batch.put("sendAt", sendAt.toString());

        // when the batch is submitted
        IngestHttp.Response response = ingest.postBatch(batch);
        assertThat(response.status()).isEqualTo(202);
        assertThat(response.body().get("accepted").asInt()).isEqualTo(numbers.size());

        // then every message reaches the SMSC once, and none before sendAt
        await().atMost(DELIVERY_TIMEOUT).untilAsserted(() -> {
            for (String number : numbers) {
                assertThat(stack.smsc().messages(TestRecipients.smscAddress(number))).hasSize(1);
            }
        });
        for (String number : numbers) {
            SmscMessage message = stack.smsc().messages(TestRecipients.smscAddress(number)).get(0);
            assertThat(Instant.parse(message.receivedAt())).as("received at").isAfterOrEqualTo(sendAt);
        }
    }

    @Test
    void aSuppressionAddedMidBatchStopsTheRecipientsRemainingMessagesWithin5Seconds(HeraldTestStack stack) {
        // given 24 messages to one recipient, due one a second (sendAt), so that sending takes half a minute
        IngestHttp ingest = stack.ingestHttp();
        String recipient = TestRecipients.norwegianMobiles(1).get(0);
        Instant start = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.MILLIS);
        Map<String, Instant> sendAtByBatch = new HashMap<>();
        for (int i = 0; i < 24; i++) {
            ObjectNode batch = IngestHttp.batch("HERALD", "Reminder {{n}}",
                    List.of(new IngestHttp.Recipient(recipient, Map.of("n", Integer.toString(i)))));
            Instant sendAt = start.plusSeconds(i);
            batch.put("sendAt", sendAt.toString());
            IngestHttp.Response response = ingest.postBatch(batch);
            assertThat(response.status()).isEqualTo(202);
            sendAtByBatch.put(response.body().get("batchId").asText(), sendAt);
        }
        String smscAddress = TestRecipients.smscAddress(recipient);

        // when the recipient opts out once the first messages have arrived
        await().atMost(DELIVERY_TIMEOUT).until(() -> stack.smsc().messages(smscAddress).size() >= 3);
        IngestHttp.Response put = ingest.putSuppression(recipient);
        Instant suppressedAt = Instant.now();
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.body().get("recipient").asText()).isEqualTo(recipient);

        // then every message ends SENT or SUPPRESSED, and both happen
        try (StatusReader statuses = new StatusReader(stack, sendAtByBatch.keySet())) {
            await().atMost(DELIVERY_TIMEOUT).untilAsserted(() ->
                    assertThat(finalStateByBatch(statuses.poll())).hasSize(24));
            Map<String, DeliveryState> states = finalStateByBatch(statuses.poll());
            assertThat(states.values()).containsOnly(DeliveryState.SENT, DeliveryState.SUPPRESSED)
                    .contains(DeliveryState.SENT, DeliveryState.SUPPRESSED);
            // and every message due 5 s or more after the suppression was answered is SUPPRESSED, not sent
            sendAtByBatch.forEach((batchId, sendAt) -> {
                if (!sendAt.isBefore(suppressedAt.plusSeconds(5))) {
                    assertThat(states.get(batchId)).as("message due at %s", sendAt)
                            .isEqualTo(DeliveryState.SUPPRESSED);
                }
            });
            // and the SMSC got exactly the SENT ones, none of them later than 5 s after the suppression
            long sent = states.values().stream().filter(DeliveryState.SENT::equals).count();
            assertThat(stack.smsc().messages(smscAddress)).hasSize((int) sent)
                    .allSatisfy(message -> assertThat(Instant.parse(message.receivedAt()))
                            .isBefore(suppressedAt.plusSeconds(5)));
        }
    }

    /**
     * What became of each batch's one message, by batchId: SUPPRESSED or SENT if it has such an event (a SENT
     * message's receipt adds DELIVERED later), else the state of its first event.
     */
    private static Map<String, DeliveryState> finalStateByBatch(List<DeliveryStatus> events) {
        Map<String, DeliveryState> states = new HashMap<>();
        for (DeliveryStatus event : events) {
            DeliveryState state = event.getState();
            if (state == DeliveryState.SUPPRESSED || state == DeliveryState.SENT) {
                states.put(event.getBatchId(), state);
            } else {
                states.putIfAbsent(event.getBatchId(), state);
            }
        }
        return states;
    }

    @Test
    void fiveMessagesToOneRecipientArriveInSubmissionOrder(HeraldTestStack stack) {
        // given one recipient
        IngestHttp ingest = stack.ingestHttp();
        String recipient = TestRecipients.norwegianMobiles(1).get(0);

        // when five messages are submitted to it in sequence, each in its own batch
        for (int i = 1; i <= 5; i++) {
            IngestHttp.Response response = ingest.postBatch(IngestHttp.batch("HERALD",
                    "Step {{n}} of 5", List.of(new IngestHttp.Recipient(recipient, Map.of("n", "" + i)))));
            assertThat(response.status()).isEqualTo(202);
            assertThat(response.body().get("accepted").asInt()).isEqualTo(1);
        }

        // then they reach the SMSC in that order
        await().atMost(DELIVERY_TIMEOUT).untilAsserted(() ->
                assertThat(stack.smsc().messages(TestRecipients.smscAddress(recipient))).hasSize(5));
        assertThat(stack.smsc().messages(TestRecipients.smscAddress(recipient))).extracting(SmscMessage::text)
                .containsExactly(IntStream.rangeClosed(1, 5).mapToObj(i -> "Step " + i + " of 5").toArray(String[]::new));
    }

    @Test
    void aTemplateBatchReachesTheSmscRenderedFromTheNamedTemplate(HeraldTestStack stack) {
        // given a named template
        IngestHttp ingest = stack.ingestHttp();
        String id = "e2e-otp-" + Long.toString(System.nanoTime(), 36);
        IngestHttp.Response put = ingest.putTemplate(id, "Your Herald code is {{code}}. \\{{not a var}}", null);
        assertThat(put.status()).as("PUT template: %s", put.body()).isEqualTo(201);
        List<String> numbers = TestRecipients.norwegianMobiles(20);
        List<IngestHttp.Recipient> recipients = new ArrayList<>();
        for (int i = 0; i < numbers.size(); i++) {
            recipients.add(new IngestHttp.Recipient(numbers.get(i), Map.of("code", "T" + i)));
        }

        // when a batch names it instead of giving a text
        ObjectNode batch = IngestHttp.batch("HERALD", null, recipients);
        batch.remove("text");
        batch.put("template", id);
        IngestHttp.Response response = ingest.postBatch(batch);

        // then every recipient gets the rendered template, the escaped braces as literal text
        assertThat(response.status()).as("batch: %s", response.body()).isEqualTo(202);
        assertThat(response.body().get("accepted").asInt()).isEqualTo(20);
        await().atMost(DELIVERY_TIMEOUT).untilAsserted(() ->
                assertThat(receivedFor(stack, numbers.stream().map(TestRecipients::smscAddress)
                        .collect(java.util.stream.Collectors.toSet()))).hasSize(20));
        for (int i = 0; i < numbers.size(); i++) {
            assertThat(stack.smsc().messages(TestRecipients.smscAddress(numbers.get(i)))).extracting(SmscMessage::text)
                    .containsExactly("Your Herald code is T" + i + ". {{not a var}}");
        }
    }

    @Test
    void rejectedRecipientsAreReportedAndNeverSent(HeraldTestStack stack) {
        // given a batch with a valid recipient, an invalid number and a recipient missing a variable
        IngestHttp ingest = stack.ingestHttp();
        List<String> numbers = TestRecipients.norwegianMobiles(2);
        List<IngestHttp.Recipient> recipients = List.of(
                new IngestHttp.Recipient(numbers.get(0), Map.of("name", "Kari")),
                new IngestHttp.Recipient("+47 12", Map.of("name", "Nobody")),
                new IngestHttp.Recipient(numbers.get(1), Map.of()));

        // when it is submitted
        IngestHttp.Response response = ingest.postBatch(IngestHttp.batch("HERALD", "Hello {{name}}", recipients));

        // then the valid one is accepted and the others are rejected with their index and a reason
        assertThat(response.status()).isEqualTo(202);
        JsonNode body = response.body();
        assertThat(body.get("accepted").asInt()).isEqualTo(1);
        assertThat(body.get("rejected")).hasSize(2);
        assertThat(body.get("rejected").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(body.get("rejected").get(1).get("index").asInt()).isEqualTo(2);
        assertThat(body.get("rejected").get(1).get("reason").asText()).contains("name");

        // and only the valid one reaches the SMSC
        await().atMost(DELIVERY_TIMEOUT).untilAsserted(() ->
                assertThat(stack.smsc().messages(TestRecipients.smscAddress(numbers.get(0)))).extracting(SmscMessage::text)
                        .containsExactly("Hello Kari"));
        assertThat(stack.smsc().messages(TestRecipients.smscAddress(numbers.get(1)))).isEmpty();
    }

    @Test
    void malformedJsonGetsAProblemBodyNotA500(HeraldTestStack stack) {
        // given the real service
        IngestHttp ingest = stack.ingestHttp();

        // when the body is not JSON
        IngestHttp.Response response = ingest.post("/v1/batches", "{\"from\": \"HERALD\", \"text\": ",
                "application/json");

        // then the answer is a 400 problem+json
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().get("status").asInt()).isEqualTo(400);
        assertThat(response.body().get("title").asText()).isNotBlank();
    }

    private static Map<String, List<SmscMessage>> receivedFor(HeraldTestStack stack, Set<String> recipientDigits) {
        return stack.smsc().messages(null).stream()
                .filter(message -> recipientDigits.contains(TestRecipients.smscAddress(message.recipient())))
                .collect(groupingBy(message -> TestRecipients.smscAddress(message.recipient())));
    }

    private static Map<String, List<DeliveryStatus>> sentByMessageId(List<DeliveryStatus> events) {
        return events.stream().filter(event -> event.getState() == DeliveryState.SENT)
                .collect(groupingBy(DeliveryStatus::getMessageId));
    }
}
