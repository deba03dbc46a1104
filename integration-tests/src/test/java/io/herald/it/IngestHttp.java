package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.ingest.api.BatchRequest;
import io.herald.ingest.api.RecipientRequest;
import io.herald.local.IngestServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ingest-service's REST API over plain HTTP, for tests that check what a client sees on the wire: every status (also
 * 4xx and 5xx, as answers, not exceptions), headers and raw bodies, and bodies no client library would send.
 * Well-formed batch bodies are built from the API's own types ({@link BatchRequest}, {@link RecipientRequest} of
 * ingest-api); the typed client a Java user calls is ingest-api's {@link io.herald.ingest.client.IngestClient}.
 */
final class IngestHttp {

    static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final String authorization;

    /**
     * @param baseUrl the service's base URL, {@code http://127.0.0.1:PORT}
     * @param apiKey the key sent as {@code Authorization: Bearer}
     */
    IngestHttp(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.authorization = "Bearer " + apiKey;
    }

    /** @return a client of that instance, with its key of client {@code local} */
    static IngestHttp of(IngestServiceProcess ingest) {
        return new IngestHttp(ingest.url(), ingest.apiKey());
    }

    /**
     * The answer to a request: status, Content-Type, the parsed JSON body (null if empty), for the status endpoints
     * the instance whose store answered ({@code Herald-Served-By}, else null), the body as sent, and the headers.
     */
    record Response(int status, String contentType, JsonNode body, String servedBy, String raw,
                    HttpHeaders headers) {
    }

    /** A recipient of a batch: the number as the client writes it and its template variables. */
    record Recipient(String to, Map<String, String> vars) {
    }

    /**
     * @param count how many
     * @return that many recipients without variables, distinct Norwegian mobiles not used before in this test run
     *     ({@link TestRecipients#norwegianMobiles})
     */
    static List<Recipient> recipients(int count) {
        return TestRecipients.norwegianMobiles(count).stream().map(number -> new Recipient(number, Map.of())).toList();
    }

    /**
     * Builds a batch body: {@code {"from": …, "text": …, "recipients": [{"to": …, "vars": {…}}, …]}}, written from
     * ingest-api's {@link BatchRequest} (fields left null are left out), as an object a test may add fields to.
     */
    static ObjectNode batch(String from, String text, List<Recipient> recipients) {
        List<RecipientRequest> list = recipients.stream()
                .map(recipient -> new RecipientRequest(recipient.to(), recipient.vars(), null)).toList();
        return JSON.valueToTree(new BatchRequest(from, text, list, null, null));
    }

    Response postBatch(JsonNode body) {
        return post("/v1/batches", body.toString(), "application/json");
    }

    /**
     * {@code POST /v1/batches} of a batch whose every recipient must be accepted.
     *
     * @param body the batch
     * @return the message ids of the 202 answer
     * @throws AssertionError if the answer is not a 202 accepting every recipient
     */
    Set<String> postAccepted(ObjectNode body) {
        Response response = postBatch(body);
        assertThat(response.status()).as("%s", response.body()).isEqualTo(202);
        Set<String> ids = new HashSet<>();
        response.body().get("messages").forEach(message -> ids.add(message.get("messageId").asText()));
        assertThat(ids).hasSize(body.get("recipients").size());
        return ids;
    }

    /** {@code POST /v1/batches} with an {@code Idempotency-Key}. */
    Response postBatch(JsonNode body, String idempotencyKey) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/batches"))
                .header("Content-Type", "application/json")
                .header(BatchRequest.IDEMPOTENCY_KEY_HEADER, idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    Response post(String path, String body, String contentType) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * {@code PUT /v1/templates/{id}} with {@code {"text": …}}.
     *
     * @param ifMatch the {@code If-Match} version, or null for none
     */
    Response putTemplate(String id, String text, Long ifMatch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/templates/" + id))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("text", text).toString()));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch.toString());
        }
        return send(request);
    }

    /** {@code GET /v1/templates/{id}}. */
    Response getTemplate(String id) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/templates/" + id)).GET());
    }

    /** {@code GET /v1/batches/{id}}. */
    Response getBatch(String batchId) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/batches/" + batchId)).GET());
    }

    /**
     * {@code POST /v1/batches/{id}/{action}} without a body.
     *
     * @param action {@code pause}, {@code resume} or {@code cancel}
     */
    Response controlBatch(String batchId, String action) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/batches/" + batchId + "/" + action))
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    /**
     * {@code GET /v1/batches}, a page of the client's batches.
     *
     * @param query the query string without {@code ?}, e.g. {@code limit=5&before=<batchId>}; empty for none
     */
    Response listBatches(String query) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/batches" + (query.isEmpty() ? "" : "?" + query)))
                .GET());
    }

    /** {@code GET /v1/batches/{id}/report.csv}: the CSV is in the answer's text, its body (JSON) null. */
    Response getReport(String batchId) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/batches/" + batchId + "/report.csv")).GET());
    }

    /** {@code GET /v1/batches/{id}/rejected}. */
    Response getRejected(String batchId) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/batches/" + batchId + "/rejected")).GET());
    }

    /** {@code GET /v1/messages/{id}}. */
    Response getMessage(String messageId) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/messages/" + messageId)).GET());
    }

    /** {@code DELETE /v1/templates/{id}}. */
    Response deleteTemplate(String id) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/templates/" + id)).DELETE());
    }

    /** {@code PUT /v1/suppressions/{recipient}}, the recipient URL-encoded ({@code +} as {@code %2B}). */
    Response putSuppression(String recipient) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/suppressions/"
                + URLEncoder.encode(recipient, StandardCharsets.UTF_8))).PUT(HttpRequest.BodyPublishers.noBody()));
    }

    /** {@code DELETE /v1/suppressions/{recipient}}, the recipient URL-encoded ({@code +} as {@code %2B}). */
    Response deleteSuppression(String recipient) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/suppressions/"
                + URLEncoder.encode(recipient, StandardCharsets.UTF_8))).DELETE());
    }

    private Response send(HttpRequest.Builder builder) {
        HttpRequest request = builder.timeout(Duration.ofSeconds(60)).header("Authorization", authorization).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String type = response.headers().firstValue("Content-Type").orElse("");
            JsonNode json = response.body().isEmpty() || !type.contains("json") ? null : JSON.readTree(response.body());
            return new Response(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), json,
                    response.headers().firstValue("Herald-Served-By").orElse(null), response.body(),
                    response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
