package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.cli.HeraldCli;
import io.herald.local.HeraldHome;
import io.herald.local.IngestServiceProcess;
import io.herald.schema.DeliveryState;
import io.herald.schema.DeliveryStatus;
import io.herald.schema.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A client with a valid key, used as an attacker would, on the real stack (beside {@link BadInputIT}, which covers
 * malformed input): each attempt gets its 4xx problem (RFC 9457), nothing reaches Kafka, ingest stays up and healthy,
 * and a valid batch is accepted afterwards. Covered: SSRF spellings of callback URLs, render bombs, cross-client
 * template and suppression writes, sender allowlists, admin tasks, and dates no record can hold.
 *
 * <p>The stack allows callbacks to {@value HeraldTestStack#CALLBACK_RECEIVER_HOST} over http (its tests' receivers
 * listen there); every other internal address stays refused, as in production.
 */
@ExtendWith(HeraldStackExtension.class)
class HostileClientIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path work;

    @Test
    void renderBombsGetTheir4xxFromAnIngestWithASmallHeapWhichStaysUp(HeraldTestStack stack) throws Exception {
        // given an ingest service of its own with a 192 MiB heap, exiting on OutOfMemoryError
        try (IngestServiceProcess ingest = IngestServiceProcess.start(HeraldHome.locate(),
                HeraldTestStack.testIngest(IngestServiceProcess.Options.in(work).name("ingest-small-heap")
                        .kafka(stack.bootstrapServers(), stack.registryUrl()).port(0).adminPort(0)
                        .maxHeap("192m").jvmOption("-XX:+ExitOnOutOfMemoryError")))) {
            IngestHttp client = IngestHttp.of(ingest);

            // when an e-mail whose 100,000-character text is 20,000 placeholders gets a 10,000-character value
            // (2 x 10^8 characters, 400 MB, if rendered in full) for each of 50 recipients
            List<IngestHttp.Recipient> big = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                big.add(new IngestHttp.Recipient("r" + i + "@example.com", Map.of("a", "x".repeat(10_000))));
            }
            IngestHttp.Response perRecipient = client.postBatch(email("{{a}}".repeat(20_000), big));

            // then every recipient is rejected at the text, so the batch is a 400, and nothing was rendered in full
            assertThat(perRecipient.status()).as(perRecipient.raw()).isEqualTo(400);
            assertThat(perRecipient.raw()).contains("more than the maximum 100000 characters");

            // when 3,000 recipients each get a 100,000-character body from 5-character values (6 x 10^8 bytes as
            // Java strings in all, from a request of about 250 KB)
            List<IngestHttp.Recipient> many = new ArrayList<>();
            for (int i = 0; i < 3_000; i++) {
                many.add(new IngestHttp.Recipient("r" + i + "@example.com", Map.of("a", "12345")));
            }
            IngestHttp.Response perBatch = client.postBatch(email("{{a}}".repeat(20_000), many));

            // then a 413 problem: the batch passed its rendering budget
            assertThat(perBatch.status()).as(perBatch.raw()).isEqualTo(413);
            assertThat(perBatch.contentType()).startsWith("application/problem+json");
            assertThat(perBatch.raw()).contains("maxRenderedCharsPerBatch");

            // and the same process is alive, and accepts a normal batch
            assertThat(ingest.isAlive()).isTrue();
            IngestHttp.Response normal = client.postBatch(IngestHttp.batch("HERALD", "after the bombs",
                    List.of(new IngestHttp.Recipient(TestRecipients.norwegianMobiles(1).get(0), Map.of()))));
            assertThat(normal.status()).as(normal.raw()).isEqualTo(202);
        }
    }

    @Test
    void aClientSendsOnlyFromItsOwnSenders(HeraldTestStack stack) {
        // given the stack's client "limited", whose only sender is HERALD
        IngestHttp limited = new IngestHttp(stack.ingestUrl(), stack.ingest().limitedApiKey());
        String to = TestRecipients.norwegianMobiles(1).get(0);

        // when it sends as another sender, then a 403 problem pointing at /from
        IngestHttp.Response bank = limited.postBatch(IngestHttp.batch("MYBANK", "Your code",
                List.of(new IngestHttp.Recipient(to, Map.of()))));
        assertThat(bank.status()).as(bank.raw()).isEqualTo(403);
        assertThat(bank.contentType()).startsWith("application/problem+json");
        assertThat(bank.raw()).contains("sender-not-allowed", "\"pointer\":\"/from\"");

        // and as its own sender, a 202
        IngestHttp.Response own = limited.postBatch(IngestHttp.batch(IngestServiceProcess.LIMITED_SENDER,
                "Your code", List.of(new IngestHttp.Recipient(to, Map.of()))));
        assertThat(own.status()).as(own.raw()).isEqualTo(202);
    }

    @Test
    void aClientCannotReadReplaceOrDeleteAnotherClientsTemplate(HeraldTestStack stack) {
        // given a template of the client "local"
        String id = "hostile-" + UUID.randomUUID().toString().substring(0, 8);
        IngestHttp local = stack.ingestHttp();
        assertThat(local.putTemplate(id, "Local {{code}}", null).status()).isEqualTo(201);
        IngestHttp other = new IngestHttp(stack.ingestUrl(), HeraldTestStack.OTHER_CLIENT_KEY);

        // when another client reads it, deletes it, or names it in a batch, then 404s and a 400 at /template
        IngestHttp.Response read = other.getTemplate(id);
        assertThat(read.status()).isEqualTo(404);
        assertThat(read.contentType()).startsWith("application/problem+json");
        assertThat(other.deleteTemplate(id).status()).isEqualTo(404);
        ObjectNode batch = IngestHttp.batch("HERALD", "ignored",
                List.of(new IngestHttp.Recipient(TestRecipients.norwegianMobiles(1).get(0), Map.of("code", "1"))));
        batch.remove("text");
        batch.put("template", id);
        IngestHttp.Response named = other.postBatch(batch);
        assertThat(named.status()).as(named.raw()).isEqualTo(400);
        assertThat(named.raw()).contains("\"pointer\":\"/template\"");

        // and local's template is as it wrote it, and still renders its batches
        IngestHttp.Response own = local.getTemplate(id);
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.body().get("text").asText()).isEqualTo("Local {{code}}");
        assertThat(local.postBatch(batch).status()).isEqualTo(202);
    }

    @Test
    void aClientCannotRemoveAnotherClientsOrAnOperatorsSuppressionOnlyTheCliCan(HeraldTestStack stack) {
        // given three fresh recipients: one suppressed by the client "local", one by the operator (a shared entry,
        // as an MO STOP is), one not at all
        List<String> to = TestRecipients.norwegianMobiles(3);
        String byLocal = to.get(0);
        String byOperator = to.get(1);
        String free = to.get(2);
        IngestHttp local = stack.ingestHttp();
        assertThat(local.putSuppression(byLocal).status()).isEqualTo(200);
        assertThat(cli(stack, "suppressions", "add", byOperator, "--reason", "STOP by phone")).startsWith(
                "suppressions add: ");

        // when another client deletes both (204 each: a DELETE removes only the caller's own entry)
        IngestHttp other = new IngestHttp(stack.ingestUrl(), HeraldTestStack.OTHER_CLIENT_KEY);
        assertThat(other.deleteSuppression(byLocal).status()).isEqualTo(204);
        assertThat(other.deleteSuppression(byOperator).status()).isEqualTo(204);

        // then both stay suppressed for every client's messages, and the third is sent
        Map<String, DeliveryState> outcome = sendOneEach(stack, other, to);
        assertThat(outcome).containsEntry(byLocal, DeliveryState.SUPPRESSED)
                .containsEntry(byOperator, DeliveryState.SUPPRESSED).containsEntry(free, DeliveryState.SENT);
        // and the operator sees both entries where they are
        assertThat(cli(stack, "suppressions", "show", byLocal))
                .contains("client " + IngestServiceProcess.LOCAL_CLIENT, "entries=1");
        assertThat(cli(stack, "suppressions", "show", byOperator)).contains("shared", "operator", "entries=1");

        // when the operator removes the shared entry with the CLI, and "local" its own through the API
        assertThat(cli(stack, "suppressions", "remove", byOperator)).startsWith("suppressions remove: ");
        assertThat(local.deleteSuppression(byLocal).status()).isEqualTo(204);

        // then both are sent again
        Map<String, DeliveryState> after = sendOneEach(stack, local, List.of(byLocal, byOperator));
        assertThat(after).containsEntry(byLocal, DeliveryState.SENT).containsEntry(byOperator, DeliveryState.SENT);
    }

    @Test
    void adminTasksAreNotServedAndExtremeDatesAreRefused(HeraldTestStack stack) throws Exception {
        Map<TopicPartition, Long> before = TopicRecords.endOffsets(stack.bootstrapServers(), Topics.REQUESTS,
                Topics.BATCHES);
        // when a caller posts Dropwizard's mutating tasks to ingest's admin port (no key is asked there)
        for (String task : List.of("/tasks/log-level?logger=ROOT&level=OFF", "/tasks/gc", "/tasks")) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(stack.ingest().adminUrl()
                    + task)).POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            // then none is served
            assertThat(answer.statusCode()).as(task).isEqualTo(404);
        }

        // when a client sends dates outside what a record can hold, in every form
        IngestHttp client = stack.ingestHttp();
        SoftAssertions softly = new SoftAssertions();
        List<List<String>> dates = List.of(
                List.of("sendAt", "\"+1000000000-01-01T00:00:00Z\""),
                List.of("expiresAt", "\"+10000-01-01T00:00:00Z\""),
                List.of("sendAt", "\"0000-12-31T23:59:59Z\""),
                List.of("sendAt", "1e999999"),
                List.of("expiresAt", "1700000000"));
        for (List<String> date : dates) {
            String field = date.get(0);
            IngestHttp.Response response = client.post("/v1/batches", "{\"from\":\"HERALD\",\"text\":\"x\","
                    + "\"recipients\":[{\"to\":\"+4791234567\"}],\"" + field + "\":" + date.get(1) + "}",
                    "application/json");
            // then each is a 400 problem pointing at the field
            softly.assertThat(response.status()).as("%s=%s: %s", field, date.get(1), response.raw())
                    .isEqualTo(400);
            softly.assertThat(response.contentType()).as(field).startsWith("application/problem+json");
            softly.assertThat(response.raw()).as(field).contains("\"pointer\":\"/" + field + "\"");
        }
        softly.assertAll();

        // and nothing was written, ingest is healthy, and a valid batch is accepted
        assertUnharmed(stack, client, before, "after the dates");
    }

    /**
     * Asserts that the attempts wrote nothing to {@code notify.requests} or {@code notify.batches}, that ingest's
     * {@code /healthcheck} is healthy, and that a valid batch is still accepted.
     */
    private static void assertUnharmed(HeraldTestStack stack, IngestHttp client, Map<TopicPartition, Long> before,
                                       String text) throws Exception {
        assertThat(TopicRecords.endOffsets(stack.bootstrapServers(), Topics.REQUESTS, Topics.BATCHES))
                .isEqualTo(before);
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(stack.ingest().adminUrl()
                + "/healthcheck")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        IngestHttp.Response valid = client.postBatch(IngestHttp.batch("HERALD", text,
                List.of(new IngestHttp.Recipient(TestRecipients.norwegianMobiles(1).get(0), Map.of()))));
        assertThat(valid.status()).as(valid.raw()).isEqualTo(202);
    }

    /** Sends one batch per recipient; @return each recipient's first SENT or SUPPRESSED state (waits for all) */
    private static Map<String, DeliveryState> sendOneEach(HeraldTestStack stack, IngestHttp client,
                                                        List<String> recipients) {
        Map<String, String> recipientByBatch = new HashMap<>();
        for (String to : recipients) {
            IngestHttp.Response accepted = client.postBatch(IngestHttp.batch("HERALD", "Suppression check",
                    List.of(new IngestHttp.Recipient(to, Map.of()))));
            assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
            recipientByBatch.put(accepted.body().get("batchId").asText(), to);
        }
        Map<String, DeliveryState> outcome = new HashMap<>();
        try (StatusReader statuses = new StatusReader(stack, recipientByBatch.keySet())) {
            await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
                for (DeliveryStatus status : statuses.poll()) {
                    if (status.getState() == DeliveryState.SENT || status.getState() == DeliveryState.SUPPRESSED) {
                        outcome.putIfAbsent(recipientByBatch.get(status.getBatchId()), status.getState());
                    }
                }
                assertThat(outcome).hasSameSizeAs(recipients);
            });
        }
        return outcome;
    }

    /** Runs {@code herald ARGS} against the stack's Kafka; @return what it printed; fails unless it exits 0 */
    private static String cli(HeraldTestStack stack, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = HeraldCli.commandLine();
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--bootstrap-server");
        all.add(stack.bootstrapServers());
        int exit = command.execute(all.toArray(String[]::new));
        assertThat(exit).as("herald %s: %s", String.join(" ", args), err).isZero();
        return out.toString();
    }

    private static ObjectNode email(String text, List<IngestHttp.Recipient> recipients) {
        ObjectNode batch = IngestHttp.batch("Herald <noreply@herald.dev>", text, recipients);
        batch.put("channel", "email").put("subject", "Hi");
        return batch;
    }

    @Test
    void callbacksCannotBeAimedAtInternalAddressesInAnySpelling(HeraldTestStack stack) throws Exception {
        // given the ingest service's own admin port (Dropwizard's POST /tasks/log-level takes its parameters from the
        // query string), and the spellings of loopback, metadata and private addresses an attacker would try
        int admin = URI.create(stack.ingest().adminUrl()).getPort();
        String marker = "SSRF" + UUID.randomUUID().toString().replace("-", "");
        List<String> urls = List.of(
                "http://127.0.0.1:" + admin + "/tasks/log-level?logger=ROOT&level=OFF",
                "https://127.0.0.1:" + admin + "/tasks/gc",
                "http://localhost:" + admin + "/tasks/log-level?logger=ROOT&level=OFF",
                "http://127.1:" + admin + "/tasks/gc",
                "http://2130706433:" + admin + "/tasks/gc",
                "http://0x7f000001:" + admin + "/tasks/gc",
                "http://0177.0.0.1:" + admin + "/tasks/gc",
                "http://0.0.0.0:" + admin + "/tasks/gc",
                "http://0:" + admin + "/tasks/gc",
                "http://[::1]:" + admin + "/tasks/gc",
                "http://[::]:" + admin + "/tasks/gc",
                "http://[::ffff:127.0.0.1]:" + admin + "/tasks/gc",
                "http://[::ffff:7f00:1]:" + admin + "/tasks/gc",
                "http://127.0.0.3:" + admin + "/tasks/gc",
                "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                "http://[fd00:ec2::254]/latest/meta-data/",
                "http://100.100.100.200/latest/meta-data/",
                "http://[::ffff:a9fe:a9fe]/latest/meta-data/",
                "http://10.0.0.1/", "http://172.16.0.1/", "http://192.168.1.1/", "http://[fe80::1]/",
                "http://[fc00::1]/", "http://224.0.0.1/", "http://255.255.255.255/");
        Map<TopicPartition, Long> before = TopicRecords.endOffsets(stack.bootstrapServers(), Topics.REQUESTS,
                Topics.BATCHES);
        IngestHttp client = stack.ingestHttp();

        // when a batch with each is submitted
        SoftAssertions softly = new SoftAssertions();
        for (String url : urls) {
            ObjectNode batch = IngestHttp.batch("HERALD", marker,
                    List.of(new IngestHttp.Recipient(TestRecipients.norwegianMobiles(1).get(0), Map.of())));
            batch.put("callbackUrl", url);
            IngestHttp.Response response = client.postBatch(batch);

            // then each is a 400 problem pointing at /callbackUrl
            softly.assertThat(response.status()).as("%s: %s", url, response.raw()).isEqualTo(400);
            softly.assertThat(response.contentType()).as("%s: Content-Type", url).startsWith("application/problem+json");
            softly.assertThat(response.raw()).as(url).contains("\"pointer\":\"/callbackUrl\"");
        }
        softly.assertAll();

        // and nothing was written, the service is healthy, and a valid batch is accepted
        assertUnharmed(stack, client, before, marker);
    }
}
