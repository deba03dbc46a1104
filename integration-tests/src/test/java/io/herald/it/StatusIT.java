package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.herald.local.HeraldHome;
import io.herald.local.IngestServiceProcess;
import io.herald.local.SmscMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch and message status on real parts, with two ingest instances: the status view (Kafka Streams over
 * {@code notify.status} and {@code notify.batches}) splits its stores between them, and either instance answers for
 * every batch, forwarding to the owner. The counters are checked against what the SMSC simulator received, and the
 * completion callback (refused once, then delivered) against an HTTP receiver in this JVM.
 */
@ExtendWith(HeraldStackExtension.class)
class StatusIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final int BATCHES = 12;
    private static final int PER_BATCH = 100;

    @TempDir
    Path work;

    @Test
    void eitherInstanceAnswersForEveryBatchWithCountersThatMatchTheSmsc(HeraldTestStack stack) throws Exception {
        List<Map<String, String>> callbacks = new CopyOnWriteArrayList<>();
        HttpServer receiver = callbackReceiver(callbacks);
        try (IngestServiceProcess second = IngestServiceProcess.start(HeraldHome.locate(),
                HeraldTestStack.testIngest(IngestServiceProcess.Options.in(work).name("ingest-2")
                        .kafka(stack.bootstrapServers(), stack.registryUrl()).port(0).adminPort(0)
                        .apiKey(stack.ingestApiKey())))) {
            IngestHttp first = stack.ingestHttp();
            IngestHttp other = IngestHttp.of(second);

            // given 12 batches of 100 recipients (2 invalid in each), the first with a completion callback
            Map<String, Set<String>> messageIds = new LinkedHashMap<>();
            Map<String, Integer> rejectedByBatch = new HashMap<>();
            for (int b = 0; b < BATCHES; b++) {
                List<IngestHttp.Recipient> recipients = new ArrayList<>();
                for (String number : TestRecipients.norwegianMobiles(PER_BATCH - 2)) {
                    recipients.add(new IngestHttp.Recipient(number, Map.of("n", Integer.toString(b))));
                }
                recipients.add(new IngestHttp.Recipient("12", Map.of("n", "x")));
                recipients.add(new IngestHttp.Recipient("+47000", Map.of("n", "x")));
                ObjectNode batch = IngestHttp.batch("HERALD", "Status check {{n}}", recipients);
                if (b == 0) {
                    batch.put("callbackUrl", "http://" + HeraldTestStack.CALLBACK_RECEIVER_HOST + ":"
                            + receiver.getAddress().getPort() + "/hook");
                }
                IngestHttp.Response response = (b % 2 == 0 ? first : other).postBatch(batch);
                assertThat(response.status()).as("%s", response.body()).isEqualTo(202);
                Set<String> ids = new HashSet<>();
                response.body().get("messages").forEach(m -> ids.add(m.get("messageId").asText()));
                assertThat(ids).hasSize(PER_BATCH - 2);
                messageIds.put(response.body().get("batchId").asText(), ids);
                rejectedByBatch.put(response.body().get("batchId").asText(), response.body().get("rejected").size());
            }

            // then every batch completes, and both instances give the same counters for it
            Set<String> servedBy = new HashSet<>();
            for (Map.Entry<String, Set<String>> batch : messageIds.entrySet()) {
                String batchId = batch.getKey();
                await("batch " + batchId + " delivered").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                        .untilAsserted(() -> {
                            IngestHttp.Response status = first.getBatch(batchId);
                            assertThat(status.status()).as("%s", status.body()).isEqualTo(200);
                            assertThat(status.body().get("pending").asLong()).isZero();
                            assertThat(status.body().get("delivered").asLong()).isEqualTo(PER_BATCH - 2);
                        });
                IngestHttp.Response viaFirst = first.getBatch(batchId);
                IngestHttp.Response viaOther = other.getBatch(batchId);
                assertThat(viaOther.status()).isEqualTo(200);
                assertThat(viaOther.body()).isEqualTo(viaFirst.body());
                assertThat(viaOther.servedBy()).isEqualTo(viaFirst.servedBy()).isNotNull();
                servedBy.add(viaFirst.servedBy());

                JsonNode view = viaFirst.body();
                long atSmsc = smscCount(stack, batch.getValue());
                assertThat(view.get("source").asText()).isEqualTo("REST");
                assertThat(view.get("total").asLong()).isEqualTo(PER_BATCH);
                assertThat(view.get("accepted").asLong()).isEqualTo(PER_BATCH - 2);
                assertThat(view.get("rejected").asLong()).isEqualTo(rejectedByBatch.get(batchId).longValue());
                assertThat(view.get("delivered").asLong() + view.get("sent").asLong()).isEqualTo(atSmsc);
                assertThat(view.get("failed").asLong()).isZero();
                assertThat(view.get("progress").asDouble()).isEqualTo(1.0);
                assertThat(view.get("completedAt").isNull()).isFalse();
            }
            assertThat(servedBy).as("the stores are split between the two instances").hasSize(2);
            assertThat(servedBy).as("opaque instance tags, no internal address").allMatch(tag ->
                    tag.matches("ingest-[0-9a-f]{8}"));

            // and either instance lists the client's batches newest first, 5 to a page, each with its counters
            List<String> newestFirst = new ArrayList<>(messageIds.keySet());
            java.util.Collections.reverse(newestFirst);
            for (IngestHttp ingest : List.of(first, other)) {
                List<String> listed = new ArrayList<>();
                String before = null;
                int pages = 0;
                do {
                    IngestHttp.Response page = ingest.listBatches("limit=5" + (before == null ? "" : "&before="
                            + before));
                    assertThat(page.status()).as("%s", page.raw()).isEqualTo(200);
                    page.body().get("batches").forEach(b -> {
                        if (messageIds.containsKey(b.get("batchId").asText())) {
                            listed.add(b.get("batchId").asText());
                            assertThat(b.get("delivered").asLong()).isEqualTo(PER_BATCH - 2);
                            assertThat(b.get("state").asText()).isEqualTo("complete");
                        }
                    });
                    assertThat(page.body().get("batches").size()).isLessThanOrEqualTo(5);
                    before = page.body().get("next").isNull() ? null : page.body().get("next").asText();
                    pages++;
                } while (before != null && pages < 100);
                // batches of earlier tests on the shared stack come after this test's, which are the newest
                assertThat(listed).isEqualTo(newestFirst);
            }
            IngestHttp.Response badLimit = first.listBatches("limit=1000");
            assertThat(badLimit.status()).isEqualTo(400);
            assertThat(badLimit.body().get("errors").get(0).get("pointer").asText()).isEqualTo("/query/limit");
            IngestHttp.Response badCursor = other.listBatches("before=no-such-batch");
            assertThat(badCursor.status()).isEqualTo(400);
            assertThat(badCursor.body().get("errors").get(0).get("pointer").asText()).isEqualTo("/query/before");

            // and each batch's report, from either instance, has every accepted message once, in its final state
            for (Map.Entry<String, Set<String>> batch : messageIds.entrySet()) {
                for (IngestHttp ingest : List.of(first, other)) {
                    IngestHttp.Response report = ingest.getReport(batch.getKey());
                    assertThat(report.status()).as("%s", report.raw()).isEqualTo(200);
                    assertThat(report.contentType()).startsWith("text/csv");
                    List<String> lines = report.raw().lines().toList();
                    assertThat(lines.get(0)).isEqualTo("messageId,state,updatedAt");
                    Map<String, String> states = new HashMap<>();
                    for (String line : lines.subList(1, lines.size())) {
                        String[] cells = line.split(",", -1);
                        assertThat(cells).hasSize(3);
                        assertThat(Instant.parse(cells[2])).isBefore(Instant.now().plusSeconds(60));
                        assertThat(states.put(cells[0], cells[1])).as("message %s listed once", cells[0]).isNull();
                    }
                    assertThat(states.keySet()).isEqualTo(batch.getValue());
                    assertThat(states.values()).containsOnly("DELIVERED");
                }
            }

            // and each batch's rejected recipients, from either instance, as the 202 answer listed them
            for (String id : messageIds.keySet()) {
                for (IngestHttp ingest : List.of(first, other)) {
                    IngestHttp.Response rejected = ingest.getRejected(id);
                    assertThat(rejected.status()).as("%s", rejected.raw()).isEqualTo(200);
                    assertThat(rejected.body().get("source").asText()).isEqualTo("REST");
                    assertThat(rejected.body().get("rejected").asLong()).isEqualTo(2);
                    assertThat(rejected.body().get("truncated").asBoolean()).isFalse();
                    JsonNode listed = rejected.body().get("recipients");
                    assertThat(listed).hasSize(2);
                    assertThat(listed.get(0).get("index").asInt()).isEqualTo(PER_BATCH - 2);
                    assertThat(listed.get(0).get("to").asText()).isEqualTo("12");
                    assertThat(listed.get(1).get("to").asText()).isEqualTo("+47000");
                    assertThat(listed.get(1).get("pointer").asText())
                            .isEqualTo("/recipients/" + (PER_BATCH - 1) + "/to");
                    assertThat(listed.get(1).get("reason").asText()).isNotBlank();
                }
            }

            // and a message's state and history, asked of either instance
            String batchId = messageIds.keySet().iterator().next();
            String messageId = messageIds.get(batchId).iterator().next();
            for (IngestHttp ingest : List.of(first, other)) {
                JsonNode message = ingest.getMessage(messageId).body();
                assertThat(message.get("state").asText()).isEqualTo("DELIVERED");
                assertThat(message.get("batchId").asText()).isEqualTo(batchId);
                List<String> states = new ArrayList<>();
                message.get("history").forEach(event -> states.add(event.get("state").asText()));
                assertThat(states).containsExactly("SENT", "DELIVERED");
            }
            // and another client, on either instance, learns nothing of them: its answers are those of unknown ids
            for (IngestServiceProcess instance : List.of(stack.ingest(), second)) {
                IngestHttp intruder = new IngestHttp(instance.url(), HeraldTestStack.OTHER_CLIENT_KEY);
                IngestHttp.Response batch = intruder.getBatch(batchId);
                assertThat(batch.status()).as("%s", batch.body()).isEqualTo(404);
                assertThat(batch.body().get("type").asText()).endsWith("/batch-not-found");
                assertThat(batch.body().toString()).doesNotContain("delivered");
                assertThat(intruder.getMessage(messageId).status()).isEqualTo(404);
                assertThat(intruder.getReport(batchId).status()).isEqualTo(404);
                assertThat(intruder.getRejected(batchId).status()).isEqualTo(404);
                IngestHttp.Response theirs = intruder.listBatches("");
                assertThat(theirs.status()).as("%s", theirs.raw()).isEqualTo(200);
                theirs.body().get("batches").forEach(b -> assertThat(messageIds).doesNotContainKey(
                        b.get("batchId").asText()));
                assertThat(intruder.listBatches("before=" + batchId).status()).as("another client's cursor")
                        .isEqualTo(400);
                IngestHttp.Response keyless = new IngestHttp(instance.url(), "").getBatch(batchId);
                assertThat(keyless.status()).isEqualTo(401);
                assertThat(keyless.body().get("type").asText()).endsWith("/unauthorized");
            }
            for (IngestHttp ingest : List.of(first, other)) {
                IngestHttp.Response unknown = ingest.getBatch("no-such-batch");
                assertThat(unknown.status()).isEqualTo(404);
                assertThat(unknown.contentType()).isEqualTo("application/problem+json");
                assertThat(unknown.body().get("type").asText()).endsWith("/batch-not-found");
                assertThat(ingest.getMessage("no-such-message").status()).isEqualTo(404);
            }

            // and the first batch's callback came, signed with the client's key: refused once with a 503, then
            // delivered on the next attempt (1 s later), and never again
            await("callback").atMost(Duration.ofSeconds(30)).until(() -> callbacks.size() >= 2);
            // a third POST would come within 3 s
            await("no third callback").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> callbacks.size() == 2);
            assertThat(callbacks.get(1).get("body")).isEqualTo(callbacks.get(0).get("body"));
            Map<String, String> callback = callbacks.get(1);
            JsonNode body = IngestHttp.JSON.readTree(callback.get("body"));
            assertThat(body.get("batchId").asText()).isEqualTo(batchId);
            assertThat(body.get("pending").asLong()).isZero();
            assertThat(body.get("accepted").asLong()).isEqualTo(PER_BATCH - 2);
            assertThat(callback.get("delivery")).isEqualTo(batchId);
            String signature = callback.get("signature");
            String t = signature.substring(2, signature.indexOf(','));
            assertThat(Math.abs(Long.parseLong(t) - Instant.now().getEpochSecond())).isLessThan(600);
            assertThat(signature.substring(signature.indexOf("v1=") + 3))
                    .isEqualTo(CallbackSignatures.hmac(IngestServiceProcess.LOCAL_CALLBACK_KEY, t + "." + callback.get("body")));
        } finally {
            receiver.stop(0);
        }
    }

    /** How many of these messages the SMSC simulator received (distinct Herald message ids). */
    private static long smscCount(HeraldTestStack stack, Set<String> ids) {
        return stack.smsc().messages(null).stream().map(SmscMessage::heraldMessageId).filter(ids::contains)
                .collect(Collectors.toSet()).size();
    }

    private static HttpServer callbackReceiver(List<Map<String, String>> callbacks) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(HeraldTestStack.CALLBACK_RECEIVER_HOST, 0), 0);
        server.createContext("/hook", exchange -> {
            callbacks.add(Map.of(
                    "body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    "signature", String.valueOf(exchange.getRequestHeaders().getFirst("Herald-Signature")),
                    "delivery", String.valueOf(exchange.getRequestHeaders().getFirst("Herald-Delivery"))));
            // The first attempt fails, as a receiver that is briefly down would: Herald must try again.
            exchange.sendResponseHeaders(callbacks.size() == 1 ? 503 : 204, -1);
            exchange.close();
        });
        server.start();
        return server;
    }
}
