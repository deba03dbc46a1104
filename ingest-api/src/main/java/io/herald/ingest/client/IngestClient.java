package io.herald.ingest.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.herald.ingest.api.BatchAccepted;
import io.herald.ingest.api.BatchControlAnswer;
import io.herald.ingest.api.BatchRequest;
import io.herald.ingest.api.BatchView;
import io.herald.ingest.api.Problem;
import io.herald.ingest.api.StoredTemplate;
import io.herald.ingest.api.Suppression;
import io.herald.ingest.api.SuppressionRequest;
import io.herald.ingest.api.TemplateRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A small client of the ingest service's REST API ({@code docs/openapi.yaml}) on {@code java.net.http}: batches,
 * batch status, named templates and suppressions, as the API's own types ({@link io.herald.ingest.api}). Every request
 * carries {@code Authorization: Bearer <apiKey>}.
 *
 * <p>Errors: an answer outside 2xx throws {@link IngestApiException} (status, the problem document, Retry-After); a
 * transport failure (connection refused, timeout) throws {@link UncheckedIOException}; an interrupt restores the
 * thread's flag and throws {@link IllegalStateException}. The client retries nothing itself: a caller that retries a
 * batch gives the same idempotency key each time ({@link #submit(BatchRequest, String)}). Thread-safe.
 */
public final class IngestClient {

    private final URI baseUrl;
    private final String authorization;
    private final Duration timeout;
    private final HttpClient http;
    /** How bodies are written and answers read: ISO-8601 instants, null fields left out, unknown fields ignored. */
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private IngestClient(URI baseUrl, String apiKey, Duration timeout, HttpClient http) {
        String url = baseUrl.toString();
        this.baseUrl = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        this.authorization = "Bearer " + Objects.requireNonNull(apiKey, "apiKey");
        this.timeout = timeout;
        this.http = http;
    }

    /**
     * @param baseUrl the service's base URL, e.g. {@code http://127.0.0.1:18080}
     * @param apiKey the client's API key
     * @param timeout the longest one request may take, connect to last byte
     * @return a client with its own {@link HttpClient} (connect timeout: {@code timeout}, at most 10 s)
     */
    public static IngestClient create(URI baseUrl, String apiKey, Duration timeout) {
        Duration connect = timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10);
        return new IngestClient(baseUrl, apiKey, timeout, HttpClient.newBuilder().connectTimeout(connect).build());
    }

    /** @return the service's base URL, without a trailing slash */
    public URI baseUrl() {
        return baseUrl;
    }

    /**
     * {@code POST /v1/batches}: validates, renders and queues a batch; answers once Kafka acknowledged every record.
     *
     * @param batch the batch
     * @param idempotencyKey 1–255 printable ASCII characters, the same on every retry of this batch; null for none
     * @return the 202 answer: batch id, accepted count, segments, rejected recipients
     * @throws IngestApiException 400 (invalid batch, with pointers), 401, 413, 429, 503 (Kafka unavailable, busy)…
     */
    public BatchAccepted submit(BatchRequest batch, String idempotencyKey) {
        HttpRequest.Builder request = request("/v1/batches").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(write(batch)));
        if (idempotencyKey != null) {
            request.header(BatchRequest.IDEMPOTENCY_KEY_HEADER, idempotencyKey);
        }
        return read(send("POST /v1/batches", request), BatchAccepted.class);
    }

    /**
     * {@code GET /v1/batches/{batchId}}: the batch's counters from the status view.
     *
     * @param batchId the batch's id
     * @return its status; empty if the service does not know it (404: not yet, or not this client's)
     * @throws IngestApiException on any other error, e.g. 503 while the status view is not ready
     */
    public Optional<BatchView> batch(String batchId) {
        return optional("GET /v1/batches/" + batchId, request("/v1/batches/" + encode(batchId)).GET(),
                BatchView.class);
    }

    /**
     * {@code POST /v1/batches/{batchId}/pause}: no new message of the batch reaches a gateway within about 2 s; the
     * rest wait until {@link #resume}.
     *
     * @param batchId the batch's id
     * @return its new state ({@code paused}) and how many of its messages had no status yet
     * @throws IngestApiException 404 (not this client's batch, or unknown), 409 {@code batch-cancelled}, 503…
     */
    public BatchControlAnswer pause(String batchId) {
        return control(batchId, "pause");
    }

    /**
     * {@code POST /v1/batches/{batchId}/resume}: a paused batch sends the rest, each recipient's messages in order.
     *
     * @param batchId the batch's id
     * @return its new state ({@code running}) and how many of its messages had no status yet
     * @throws IngestApiException 404, 409 {@code batch-cancelled}, 503…
     */
    public BatchControlAnswer resume(String batchId) {
        return control(batchId, "resume");
    }

    /**
     * {@code POST /v1/batches/{batchId}/cancel}: every message of the batch no gateway has accepted yet ends
     * CANCELLED.
     *
     * @param batchId the batch's id
     * @return its new state ({@code cancelled}) and how many of its messages had no status yet
     * @throws IngestApiException 404, 503…
     */
    public BatchControlAnswer cancel(String batchId) {
        return control(batchId, "cancel");
    }

    private BatchControlAnswer control(String batchId, String action) {
        return read(send("POST /v1/batches/" + batchId + "/" + action,
                request("/v1/batches/" + encode(batchId) + "/" + action).POST(HttpRequest.BodyPublishers.noBody())),
                BatchControlAnswer.class);
    }

    /**
     * {@code PUT /v1/templates/{id}}: creates a named template or makes a new version of it.
     *
     * @param id the template's id
     * @param template its text
     * @return the stored template, with its version
     */
    public StoredTemplate putTemplate(String id, TemplateRequest template) {
        return read(send("PUT /v1/templates/" + id, request("/v1/templates/" + encode(id))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(write(template)))), StoredTemplate.class);
    }

    /**
     * {@code GET /v1/templates/{id}}.
     *
     * @param id the template's id
     * @return the template; empty if there is none (404)
     */
    public Optional<StoredTemplate> template(String id) {
        return optional("GET /v1/templates/" + id, request("/v1/templates/" + encode(id)).GET(),
                StoredTemplate.class);
    }

    /**
     * {@code DELETE /v1/templates/{id}}.
     *
     * @param id the template's id
     * @throws IngestApiException 404 if there is none
     */
    public void deleteTemplate(String id) {
        send("DELETE /v1/templates/" + id, request("/v1/templates/" + encode(id)).DELETE());
    }

    /**
     * {@code PUT /v1/suppressions/{recipient}}: no message of this client goes to the recipient any more.
     *
     * @param recipient an E.164 number or an e-mail address
     * @param reason why, or null
     * @return the entry as stored
     */
    public Suppression suppress(String recipient, String reason) {
        return read(send("PUT /v1/suppressions", request("/v1/suppressions/" + encode(recipient))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(write(new SuppressionRequest(reason))))),
                Suppression.class);
    }

    /**
     * {@code DELETE /v1/suppressions/{recipient}}: removes this client's own entry, if any (never another client's
     * or a shared one); 204 either way.
     *
     * @param recipient an E.164 number or an e-mail address
     */
    public void unsuppress(String recipient) {
        send("DELETE /v1/suppressions", request("/v1/suppressions/" + encode(recipient)).DELETE());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout)
                .header("Authorization", authorization).header("Accept", "application/json");
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private <T> Optional<T> optional(String what, HttpRequest.Builder request, Class<T> type) {
        try {
            return Optional.of(read(send(what, request), type));
        } catch (IngestApiException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private HttpResponse<byte[]> send(String what, HttpRequest.Builder request) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(what + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IngestApiException(what, response.statusCode(), problem(response), retryAfter(response));
        }
        return response;
    }

    /** @return the answer's problem document (RFC 9457; read from any JSON object body), or null if none */
    private Problem problem(HttpResponse<byte[]> response) {
        byte[] body = response.body();
        if (body.length == 0 || body[0] != '{') {
            return null;
        }
        try {
            return JSON.readValue(response.body(), Problem.class);
        } catch (IOException e) {
            return null;
        }
    }

    private static Duration retryAfter(HttpResponse<byte[]> response) {
        return response.headers().firstValue("Retry-After").filter(value -> value.matches("\\d{1,9}"))
                .map(value -> Duration.ofSeconds(Long.parseLong(value))).orElse(null);
    }

    private <T> T read(HttpResponse<byte[]> response, Class<T> type) {
        try {
            return JSON.readValue(response.body(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable answer from " + response.uri() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The JSON body this client sends for a batch, for callers that send it themselves: to time the request alone, or
     * to compare a replay's answer byte for byte.
     *
     * @param batch the batch
     * @return its body, UTF-8 JSON, fields that are null left out
     * @throws UncheckedIOException if it cannot be written (a bug)
     */
    public static byte[] requestBody(BatchRequest batch) {
        return write(batch);
    }

    private static byte[] write(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
