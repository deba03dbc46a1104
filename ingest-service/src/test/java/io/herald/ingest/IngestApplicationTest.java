package io.herald.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.herald.auth.ApiKeys;
import io.herald.ingest.api.BatchAccepted;
import io.herald.ingest.api.Problem;
import io.herald.ingest.auth.TestAuth;
import io.herald.ingest.batch.BatchControlStore;
import io.herald.ingest.core.PublishException;
import io.herald.ingest.core.RecordingPublisher;
import io.herald.ingest.core.RequestPublisher;
import io.herald.ingest.idempotency.IdempotencyStore;
import io.herald.ingest.idempotency.InMemoryIdempotencyStore;
import io.herald.ingest.suppression.RecordingSuppressionStore;
import io.herald.ingest.suppression.SuppressionStore;
import io.herald.ingest.template.InMemoryTemplateStore;
import io.herald.ingest.template.TemplateStore;
import io.herald.schema.BatchControl;
import io.herald.schema.NotificationRequest;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole application, from the committed {@code config.yml}, with a fake of our publisher port and no Kafka at
 * the configured address: checks the wiring (server factory, mappers, JSON rules, health) rather than the rules.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class IngestApplicationTest {

    private static final RecordingPublisher PUBLISHER = new RecordingPublisher();
    private static final RecordingSuppressionStore SUPPRESSIONS = new RecordingSuppressionStore();
    private static final String SLOW_KEY = ApiKeys.generate();
    private static final String METRICS_KEY = ApiKeys.generate();

    private static final DropwizardAppExtension<IngestConfiguration> APP = new DropwizardAppExtension<>(
            FakePublisherApplication.class, "config.yml", offline(
                    // Even if a user turns Dropwizard's mappers back on, errors stay problem+json.
                    ConfigOverride.config("server.registerDefaultExceptionMappers", "true"),
                    ConfigOverride.config("kafka.healthCheckTimeout", "300ms"),
                    ConfigOverride.config("auth.clients.app-test.keyHashes", ApiKeys.hash(TestAuth.KEY)),
                    ConfigOverride.config("auth.clients.slow.keyHashes", ApiKeys.hash(SLOW_KEY)),
                    ConfigOverride.config("auth.clients.slow.requestsPerSecond", "1"),
                    ConfigOverride.config("auth.clients.metrics-test.keyHashes", ApiKeys.hash(METRICS_KEY)),
                    ConfigOverride.config("maxRequestSize", "64KiB"),
                    ConfigOverride.config("maxInFlightBytes", "96KiB")));

    /**
     * @param more more overrides
     * @return the overrides that run the application without Kafka on free ports (the Streams applications and the
     *     callback consumer off: they would only retry connecting), then {@code more}
     */
    static ConfigOverride[] offline(ConfigOverride... more) {
        List<ConfigOverride> overrides = new ArrayList<>(List.of(
                ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                ConfigOverride.config("server.adminConnectors[0].port", "0"),
                ConfigOverride.config("kafka.bootstrapServers", "127.0.0.1:1"),
                ConfigOverride.config("kafka.createTopics", "false"),
                ConfigOverride.config("streams.statusEnabled", "false"),
                ConfigOverride.config("streams.bulkEnabled", "false"),
                ConfigOverride.config("callbacks.enabled", "false")));
        overrides.addAll(List.of(more));
        return overrides.toArray(ConfigOverride[]::new);
    }

    /** The application with {@link #PUBLISHER} in place of the Kafka producer and templates in memory. */
    public static final class FakePublisherApplication extends IngestApplication {
        @Override
        protected RequestPublisher createPublisher(IngestConfiguration configuration, Environment environment,
                                                   MeterRegistry registry) {
            return PUBLISHER;
        }

        @Override
        protected TemplateStore createTemplateStore(IngestConfiguration configuration, Environment environment) {
            return new InMemoryTemplateStore(Clock.systemUTC());
        }

        @Override
        protected IdempotencyStore createIdempotencyStore(IngestConfiguration configuration,
                                                          Environment environment) {
            return new InMemoryIdempotencyStore(configuration.getIdempotency().rules(), Clock.systemUTC());
        }

        @Override
        protected SuppressionStore createSuppressionStore(IngestConfiguration configuration,
                                                            Environment environment) {
            return SUPPRESSIONS;
        }

        @Override
        protected BatchControlStore createBatchControlStore(IngestConfiguration configuration,
                                                            Environment environment) {
            return new BatchControlStore() {
                private final Map<String, BatchControl> controls = new ConcurrentHashMap<>();

                @Override
                public BatchControl control(String batchId) {
                    return controls.get(batchId);
                }

                @Override
                public void set(BatchControl control) {
                    controls.put(control.batchId(), control);
                }
            };
        }
    }

    @Test
    void shouldAcceptABatchThroughTheWholeApplication() {
        // given a national number, read in the configured default region NO
        String body = """
                {"from": "HERALD", "text": "Hi {{name}}", "recipients": [{"to": "912 34 567", "vars": {"name": "Ola"}}]}""";

        // when
        Response response = post(body, MediaType.APPLICATION_JSON);

        // then
        assertThat(response.getStatus()).isEqualTo(202);
        BatchAccepted accepted = response.readEntity(BatchAccepted.class);
        assertThat(accepted.accepted()).isEqualTo(1);
        assertThat(PUBLISHER.published()).extracting(NotificationRequest::getRecipient).contains("+4791234567");
        assertThat(PUBLISHER.published()).extracting(NotificationRequest::getClientId).containsOnly("app-test");
    }

    @Test
    void shouldAnswerMalformedJsonWithAProblemEvenWithDropwizardMappersRequested() {
        // when
        Response response = post("{\"from\": ", MediaType.APPLICATION_JSON);

        // then
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(response.readEntity(Problem.class).type()).isEqualTo("https://herald.dev/problems/malformed-json");
    }

    @Test
    void shouldAnswerAnUnknownFieldWith400() {
        // when
        Response response = post("{\"from\": \"HERALD\", \"txt\": \"x\", \"recipients\": [{\"to\": \"+4791234567\"}]}",
                MediaType.APPLICATION_JSON);

        // then
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.readEntity(Problem.class).errors()).extracting("pointer").containsExactly("/txt");
    }

    @Test
    void shouldAnswerUnknownPathsAndContentTypesWithProblems() {
        // when
        Response notFound = APP.client().target(appUrl("/v2/batches")).request().header(HttpHeaders.AUTHORIZATION, TestAuth.BEARER).get();
        Response unsupported = post("<batch/>", MediaType.APPLICATION_XML);

        // then
        assertThat(notFound.getStatus()).isEqualTo(404);
        assertThat(notFound.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(unsupported.getStatus()).isEqualTo(415);
        assertThat(unsupported.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
    }

    @Test
    void shouldServeNoAdminTaskThatCouldChangeTheService() {
        // given the admin port, where Dropwizard serves POST /tasks/log-level and /tasks/gc
        String admin = "http://127.0.0.1:" + APP.getAdminPort();

        // when a client asks it to silence every logger, or to run a collection
        Response logLevel = APP.client().target(admin + "/tasks/log-level?logger=ROOT&level=OFF").request()
                .post(Entity.text(""));
        Response gc = APP.client().target(admin + "/tasks/gc").request().post(Entity.text(""));
        Response list = APP.client().target(admin + "/tasks").request().get();

        // then each is a 404, and the root logger's level is as configured
        assertThat(logLevel.getStatus()).isEqualTo(404);
        assertThat(gc.getStatus()).isEqualTo(404);
        assertThat(list.getStatus()).isEqualTo(404);
        assertThat(((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME)).getLevel()).isNotEqualTo(ch.qos.logback.classic.Level.OFF);
    }

    @Test
    void shouldReportUnhealthyWhenKafkaDoesNotAnswer() {
        // given no broker at 127.0.0.1:1
        // when
        Response response = APP.client().target("http://127.0.0.1:" + APP.getAdminPort() + "/healthcheck")
                .request().header(HttpHeaders.AUTHORIZATION, TestAuth.BEARER).get();

        // then
        assertThat(response.getStatus()).isEqualTo(500);
        JsonNode kafka = response.readEntity(JsonNode.class).get("kafka");
        assertThat(kafka.get("healthy").asBoolean()).isFalse();
        assertThat(kafka.get("message").asText()).contains("did not answer");
    }

    @Test
    void shouldServeNamedTemplatesAndUseThemInBatches() {
        // given
        Response created = APP.client().target(appUrl("/v1/templates/app-otp")).request().header(HttpHeaders.AUTHORIZATION, TestAuth.BEARER)
                .put(Entity.entity("{\"text\": \"Code {{code}}\"}", MediaType.APPLICATION_JSON));

        // when
        Response batch = post("""
                {"from": "HERALD", "template": "app-otp", "recipients": [{"to": "+4791234567", "vars": {"code": "1"}}]}""",
                MediaType.APPLICATION_JSON);

        // then
        assertThat(created.getStatus()).isEqualTo(201);
        assertThat(batch.getStatus()).isEqualTo(202);
        assertThat(PUBLISHER.published()).extracting(NotificationRequest::getText).contains("Code 1");
        Response missing = APP.client().target(appUrl("/v1/templates/nothing")).request().header(HttpHeaders.AUTHORIZATION, TestAuth.BEARER).get();
        assertThat(missing.getStatus()).isEqualTo(404);
        assertThat(missing.readEntity(Problem.class).type())
                .isEqualTo("https://herald.dev/problems/template-not-found");
    }

    @Test
    void shouldRegisterTheIngestMetrics() {
        assertThat(APP.getEnvironment().metrics().getNames()).contains(
                "io.herald.ingest.recipients.accepted", "io.herald.ingest.recipients.rejected",
                "io.herald.ingest.publish.latency");
    }

    @Test
    void shouldServePrometheusMetricsOnTheAdminPortThatCountEveryBatchAnswer() throws Exception {
        // given the series before, and a client of its own ("metrics-test")
        HttpClient http = HttpClient.newHttpClient();
        String before = scrape(http).body();
        String valid = "{\"from\": \"HERALD\", \"text\": \"Hi\", \"recipients\": [{\"to\": \"+4791234567\"},"
                + " {\"to\": \"+4791234568\"}, {\"to\": \"12345\"}]}";

        // when: a batch without a key (401), one with a wrong Content-Type (415), a malformed one (400), one over
        // maxRequestSize (413, from the servlet filter), one that is accepted (2 recipients written, 1 rejected) and
        // one that Kafka does not acknowledge (503)
        int unauthorized = http.send(HttpRequest.newBuilder(URI.create(appUrl("/v1/batches")))
                .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON)
                .POST(HttpRequest.BodyPublishers.ofString(valid)).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
        int unsupported = http.send(metricsPost(valid, MediaType.TEXT_PLAIN), HttpResponse.BodyHandlers.ofString())
                .statusCode();
        int malformed = http.send(metricsPost("{\"from\": ", MediaType.APPLICATION_JSON),
                HttpResponse.BodyHandlers.ofString()).statusCode();
        // (only the head is sent: the length it declares is refused before any of the body is read, and the server
        // closes the connection with nothing unread, so the client gets the whole answer)
        String tooLarge = rawExchange("POST /v1/batches HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + METRICS_KEY + "\r\nContent-Type: application/json\r\nContent-Length: " + 65 * 1024
                + "\r\nConnection: close\r\n\r\n");
        int accepted = http.send(metricsPost(valid, MediaType.APPLICATION_JSON), HttpResponse.BodyHandlers.ofString())
                .statusCode();
        int unavailable;
        PUBLISHER.failWith(new PublishException("Kafka did not acknowledge every record of the batch (test)", null));
        try {
            unavailable = http.send(metricsPost(valid, MediaType.APPLICATION_JSON),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
        } finally {
            // succeed again, and forget this client's records: the other tests expect only "app-test" ones
            PUBLISHER.reset();
        }
        HttpResponse<String> scraped = scrape(http);
        String after = scraped.body();

        // then every answer is counted under its status, and by client once the client is known
        assertThat(List.of(unauthorized, unsupported, malformed, accepted, unavailable))
                .containsExactly(401, 415, 400, 202, 503);
        assertThat(tooLarge).startsWith("HTTP/1.1 413 ");
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.headers().firstValue(HttpHeaders.CONTENT_TYPE))
                .contains("text/plain; version=0.0.4; charset=utf-8");
        assertThat(moved(before, after, "herald_ingest_batches_total", "client", "unknown", "status", "401"))
                .isEqualTo(1);
        assertThat(moved(before, after, "herald_ingest_batches_total", "client", "unknown", "status", "415"))
                .as("Jersey refuses the Content-Type before the key is checked").isEqualTo(1);
        assertThat(moved(before, after, "herald_ingest_batches_total", "client", "metrics-test", "status", "400"))
                .isEqualTo(1);
        assertThat(moved(before, after, "herald_ingest_batches_total", "client", "metrics-test", "status", "413"))
                .isEqualTo(1);
        assertThat(moved(before, after, "herald_ingest_batches_total", "client", "metrics-test", "status", "202"))
                .isEqualTo(1);
        assertThat(moved(before, after, "herald_ingest_batches_total", "client", "metrics-test", "status", "503"))
                .isEqualTo(1);
        assertThat(moved(before, after, "herald_ingest_recipients_total", "client", "metrics-test", "result",
                "accepted")).isEqualTo(2);
        assertThat(moved(before, after, "herald_ingest_recipients_total", "client", "metrics-test", "result",
                "rejected")).isEqualTo(1);
        assertThat(moved(before, after, "herald_ingest_kafka_unavailable_total")).isEqualTo(1);
        assertThat(moved(before, after, "herald_ingest_produce_seconds_count", "client", "metrics-test"))
                .isEqualTo(1);
        assertThat(after).contains("herald_ingest_produce_seconds_bucket{client=\"metrics-test\",le=\"",
                "# TYPE herald_ingest_inflight_bytes gauge", "jvm_memory_used_bytes{", "jvm_threads_live_threads ",
                "process_uptime_seconds ", "jvm_classes_loaded_classes ");
        assertThat(after).as("the Dropwizard names stay on /metrics only").doesNotContain("io_herald");
    }

    @Test
    void shouldServeOpenMetricsWhenTheScraperAsksForIt() throws Exception {
        // when
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/prometheus"))
                .header("Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5")
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue(HttpHeaders.CONTENT_TYPE))
                .contains("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(response.body()).contains("# TYPE herald_ingest_kafka_unavailable counter").endsWith("# EOF\n");
    }

    @Test
    void shouldAddAndRemoveASuppressionThroughTheWholeApplication() {
        // when a national number is put on the list and taken off again
        Response put = APP.client().target(appUrl("/v1/suppressions/912%2034%20567")).request().header(HttpHeaders.AUTHORIZATION, TestAuth.BEARER)
                .put(Entity.json("{\"reason\": \"asked\"}"));
        Response delete = APP.client().target(appUrl("/v1/suppressions/%2B4791234567")).request().header(HttpHeaders.AUTHORIZATION, TestAuth.BEARER).delete();

        // then both reached the writer as E.164
        assertThat(put.getStatus()).isEqualTo(200);
        assertThat(put.readEntity(JsonNode.class).get("recipient").asText()).isEqualTo("+4791234567");
        assertThat(delete.getStatus()).isEqualTo(204);
        assertThat(SUPPRESSIONS.added()).extracting(e -> e.recipient()).containsExactly("+4791234567");
        assertThat(SUPPRESSIONS.removed()).containsExactly("app-test +4791234567");
    }

    @Test
    void shouldAnswerAMissingOrWrongKeyWith401AndAChallenge() {
        String body = "{\"from\": \"HERALD\", \"text\": \"x\", \"recipients\": [{\"to\": \"+4791234567\"}]}";
        int published = PUBLISHER.published().size();

        // when
        Response missing = APP.client().target(appUrl("/v1/batches")).request()
                .post(Entity.entity(body, MediaType.APPLICATION_JSON));
        Response wrong = APP.client().target(appUrl("/v1/batches")).request()
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ApiKeys.generate())
                .post(Entity.entity(body, MediaType.APPLICATION_JSON));
        Response basic = APP.client().target(appUrl("/v1/templates/otp")).request()
                .header(HttpHeaders.AUTHORIZATION, "Basic dXNlcjpwYXNz").get();

        // then
        for (Response response : List.of(missing, wrong, basic)) {
            assertThat(response.getStatus()).isEqualTo(401);
            assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
            assertThat(response.getHeaderString("WWW-Authenticate")).isEqualTo("Bearer realm=\"herald\"");
            assertThat(response.readEntity(Problem.class).type()).isEqualTo("https://herald.dev/problems/unauthorized");
        }
        assertThat(PUBLISHER.published()).hasSize(published);
    }

    @Test
    void shouldAnswer429WithRetryAfterOverTheRequestQuota() throws Exception {
        // given the client "slow", allowed 1 request per second, and a client that does not retry by itself (the test
        // client, Apache HttpClient 5, repeats a 429 after its Retry-After)
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(appUrl("/v1/templates/otp")))
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + SLOW_KEY).GET().build();
        List<HttpResponse<String>> responses = new ArrayList<>();

        // when it sends five in a row
        for (int i = 0; i < 5; i++) {
            responses.add(http.send(request, HttpResponse.BodyHandlers.ofString()));
        }

        // then the first passes (404: no such template) and a later one is shed with a problem and Retry-After
        assertThat(responses.get(0).statusCode()).isEqualTo(404);
        HttpResponse<String> limited = responses.stream().filter(r -> r.statusCode() == 429).findFirst()
                .orElseThrow(() -> new AssertionError("no 429 among " + responses.stream()
                        .map(HttpResponse::statusCode).toList()));
        assertThat(limited.headers().firstValue("Retry-After")).contains("1");
        assertThat(limited.headers().firstValue("Content-Type")).contains(Problem.MEDIA_TYPE);
        assertThat(APP.getObjectMapper().readValue(limited.body(), Problem.class).type())
                .isEqualTo("https://herald.dev/problems/quota-exceeded");
    }

    @Test
    void shouldAnswer413ForABodyOverMaxRequestSizeDeclaredOrChunked() throws Exception {
        byte[] big = bodyOfSize(70 * 1024);
        int published = PUBLISHER.published().size();

        // when one declares its length and one is sent chunked (no Content-Length), one after the other through one
        // client, and another request follows (the server closes a connection whose body it did not read: the
        // client may reuse it only if the answer did not say so)
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> declared = http.send(batchPost(HttpRequest.BodyPublishers.ofByteArray(big)),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> chunked = http.send(batchPost(HttpRequest.BodyPublishers
                .ofInputStream(() -> new ByteArrayInputStream(big))), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> next = http.send(HttpRequest.newBuilder(URI.create(appUrl("/v1/templates/otp")))
                .header("Authorization", TestAuth.BEARER).build(), HttpResponse.BodyHandlers.ofString());

        // then both are 413 problems that close their connection, the next is answered, and nothing was written
        assertThat(next.statusCode()).as(next.body()).isEqualTo(404);
        for (HttpResponse<String> response : List.of(declared, chunked)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
            assertThat(response.headers().firstValue("Connection")).contains("close");
            assertThat(APP.getObjectMapper().readValue(response.body(), Problem.class).type())
                    .isEqualTo("https://herald.dev/problems/payload-too-large");
        }
        assertThat(PUBLISHER.published()).hasSize(published);
    }

    @Test
    void shouldCloseTheConnectionOfAnErrorWhoseBodyWasNotReadAndOnlyThen() throws Exception {
        // given a 60 KiB body whose first field is of the wrong type, and a client that pools its connections
        HttpClient http = HttpClient.newHttpClient();
        String json = "{\"from\": [1], \"text\": \"" + "x".repeat(60 * 1024) + "\", \"recipients\": []}";

        // when it is sent, and then a body read to its end that is refused too
        HttpResponse<String> early = http.send(batchPost(HttpRequest.BodyPublishers.ofString(json)),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> whole = http.send(batchPost(HttpRequest.BodyPublishers.ofString("{\"from\": 5}")),
                HttpResponse.BodyHandlers.ofString());

        // then the first is a 400 that closes its connection (Jackson stopped reading at [1]), the second a 400 that
        // keeps it
        assertThat(early.statusCode()).as(early.body()).isEqualTo(400);
        assertThat(early.headers().firstValue("Connection")).contains("close");
        assertThat(whole.statusCode()).as(whole.body()).isEqualTo(400);
        assertThat(whole.headers().firstValue("Connection")).isEmpty();
    }

    @Test
    void shouldShedABodyThatDoesNotFitTheInFlightBudgetWith503() throws Exception {
        // given a request that declared a 60 KiB body and sent only part of it yet (the budget is 96 KiB)
        HttpClient http = HttpClient.newHttpClient();
        byte[] first = bodyOfSize(60 * 1024);
        try (Socket slow = new Socket("127.0.0.1", APP.getLocalPort())) {
            OutputStream out = slow.getOutputStream();
            out.write(("POST /v1/batches HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + TestAuth.BEARER
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + first.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(first, 0, 20 * 1024);
            out.flush();
            await().atMost(Duration.ofSeconds(30)).until(() -> (Long) APP.getEnvironment().metrics().getGauges()
                    .get("io.herald.ingest.inflight.bytes").getValue() >= first.length);

            // when a 50 KiB batch comes meanwhile
            HttpResponse<String> shed = http.send(batchPost(HttpRequest.BodyPublishers.ofByteArray(
                    bodyOfSize(50 * 1024))), HttpResponse.BodyHandlers.ofString());

            // then it is shed with a retriable problem, and the first completes once its body is all there
            assertThat(shed.statusCode()).as(shed.body()).isEqualTo(503);
            assertThat(shed.headers().firstValue("Retry-After")).isPresent();
            assertThat(shed.headers().firstValue("Connection")).contains("close");
            assertThat(APP.getObjectMapper().readValue(shed.body(), Problem.class).type())
                    .isEqualTo("https://herald.dev/problems/ingest-busy");
            out.write(first, 20 * 1024, first.length - 20 * 1024);
            out.flush();
            String answer = new String(slow.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 202");
        }
        // the budget is given back once the request's processing ends, which may be a moment after its answer was
        // written (a fresh-clone CI run once sent the next batch in between and met a 503)
        await().atMost(Duration.ofSeconds(10)).until(() -> (Long) APP.getEnvironment().metrics().getGauges()
                .get("io.herald.ingest.inflight.bytes").getValue() == 0L);
        HttpResponse<String> after = http.send(batchPost(HttpRequest.BodyPublishers.ofByteArray(
                bodyOfSize(50 * 1024))), HttpResponse.BodyHandlers.ofString());
        assertThat(after.statusCode()).as("the budget is given back").isEqualTo(202);
    }

    @Test
    void shouldAnswerWhatJettyRefusesBeforeAnyResourceWithProblems() throws Exception {
        // when a request's header fields are over Jetty's 8 KiB, its URI is too, and a request line is not HTTP
        String headers = rawExchange("GET /v1/batches/x HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");
        String uri = rawExchange("GET /v1/batches/" + "b".repeat(20_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\n\r\n");
        String garbage = rawExchange("GET /v1/batches HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\n\r\n");

        // then each is a problem+json of its status, without HTML
        assertRawProblem(headers, 431, "https://herald.dev/problems/headers-too-large");
        assertRawProblem(uri, 414, "https://herald.dev/problems/uri-too-long");
        assertRawProblem(garbage, 400, "https://herald.dev/problems/bad-http-request");
    }

    private static String rawExchange(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", APP.getLocalPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void assertRawProblem(String response, int status, String type) throws Exception {
        assertThat(response).as(response).startsWith("HTTP/1.1 " + status + " ");
        assertThat(response.toLowerCase(Locale.ROOT)).contains("content-type: application/problem+json")
                .doesNotContain("<html");
        Problem problem = APP.getObjectMapper().readValue(response.substring(response.indexOf("\r\n\r\n") + 4),
                Problem.class);
        assertThat(problem.status()).isEqualTo(status);
        assertThat(problem.type()).isEqualTo(type);
    }

    /** A valid one-recipient batch padded with spaces to exactly {@code size} bytes. */
    private static byte[] bodyOfSize(int size) {
        String json = "{\"from\": \"HERALD\", \"text\": \"Hi\", \"recipients\": [{\"to\": \"+4791234567\"}]}";
        return (json + " ".repeat(size - json.length())).getBytes(StandardCharsets.UTF_8);
    }

    private static HttpRequest batchPost(HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(URI.create(appUrl("/v1/batches")))
                .header(HttpHeaders.AUTHORIZATION, TestAuth.BEARER)
                .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON)
                .POST(body).build();
    }

    private static HttpRequest metricsPost(String body, String mediaType) {
        return HttpRequest.newBuilder(URI.create(appUrl("/v1/batches")))
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + METRICS_KEY)
                .header(HttpHeaders.CONTENT_TYPE, mediaType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpResponse<String> scrape(HttpClient http) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/prometheus"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * @param before a scrape
     * @param after a later scrape
     * @param name a series name, e.g. {@code herald_ingest_batches_total}
     * @param labels label names and values, alternating; the series has exactly these labels
     * @return how much the series' value grew from {@code before} to {@code after} (0 where it is missing)
     */
    private static double moved(String before, String after, String name, String... labels) {
        return sample(after, name, labels) - sample(before, name, labels);
    }

    private static double sample(String scrape, String name, String... labels) {
        StringBuilder series = new StringBuilder(name);
        for (int i = 0; i < labels.length; i += 2) {
            series.append(i == 0 ? "{" : ",").append(labels[i]).append("=\"").append(labels[i + 1]).append('"');
        }
        if (labels.length > 0) {
            series.append('}');
        }
        return scrape.lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).strip()))
                .findFirst().orElse(0);
    }

    private static Response post(String body, String mediaType) {
        return APP.client().target(appUrl("/v1/batches")).request().header(HttpHeaders.AUTHORIZATION, TestAuth.BEARER).post(Entity.entity(body, mediaType));
    }

    private static String appUrl(String path) {
        return "http://127.0.0.1:" + APP.getLocalPort() + path;
    }
}
