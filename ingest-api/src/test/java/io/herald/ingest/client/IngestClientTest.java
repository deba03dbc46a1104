package io.herald.ingest.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.herald.ingest.api.BatchAccepted;
import io.herald.ingest.api.BatchRequest;
import io.herald.ingest.api.RecipientRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** IngestClient against a real HTTP server on 127.0.0.1 that answers as the ingest service does. */
class IngestClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;
    private IngestClient client;
    /** What the server answers per "METHOD path": status, content type, body, extra header (name: value) or null. */
    private final Map<String, String[]> answers = new ConcurrentHashMap<>();
    private final Map<String, HttpExchangeCopy> seen = new ConcurrentHashMap<>();

    private record HttpExchangeCopy(Map<String, List<String>> headers, String body) {
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
        client = IngestClient.create(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
                "secret-key", Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath();
        seen.put(key, new HttpExchangeCopy(Map.copyOf(exchange.getRequestHeaders()),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        String[] answer = answers.getOrDefault(key, new String[] {"404", "application/problem+json",
            "{\"type\":\"https://herald.dev/problems/not-found\",\"title\":\"Not found\",\"status\":404}", null});
        byte[] body = answer[2].getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer[1]);
        if (answer[3] != null) {
            String[] header = answer[3].split(": ", 2);
            exchange.getResponseHeaders().set(header[0], header[1]);
        }
        int status = Integer.parseInt(answer[0]);
        exchange.sendResponseHeaders(status, status == 204 ? -1 : body.length);
        if (status != 204) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    @Test
    void submitPostsTheBatchWithKeyAndIdempotencyKeyAndReadsThe202() throws IOException {
        answers.put("POST /v1/batches", new String[] {"202", "application/json",
            "{\"batchId\":\"b-1\",\"accepted\":1,\"segments\":1,\"rejected\":[],\"messages\":[]}", null});
        BatchRequest batch = new BatchRequest("HERALD", "Hi {{name}}",
                List.of(new RecipientRequest("+4791234567", Map.of("name", "Ola"), "ref-1")),
                Instant.parse("2030-01-01T00:00:00Z"), null);

        BatchAccepted accepted = client.submit(batch, "key-1");

        assertThat(accepted.batchId()).isEqualTo("b-1");
        assertThat(accepted.accepted()).isEqualTo(1);
        HttpExchangeCopy request = seen.get("POST /v1/batches");
        assertThat(request.headers().get("Authorization")).containsExactly("Bearer secret-key");
        assertThat(request.headers().get("Idempotency-key")).containsExactly("key-1");
        JsonNode body = JSON.readTree(request.body());
        assertThat(body.get("from").asText()).isEqualTo("HERALD");
        assertThat(body.get("sendAt").asText()).isEqualTo("2030-01-01T00:00:00Z");
        assertThat(body.get("recipients").get(0).get("to").asText()).isEqualTo("+4791234567");
        assertThat(body.has("expiresAt")).as("nulls are left out").isFalse();
    }

    @Test
    void requestBodyIsTheBodySubmitSends() throws IOException {
        answers.put("POST /v1/batches", new String[] {"202", "application/json",
            "{\"batchId\":\"b-2\",\"accepted\":1,\"segments\":1,\"rejected\":[],\"messages\":[]}", null});
        BatchRequest batch = new BatchRequest("HERALD", "Code {{n}}",
                List.of(new RecipientRequest("+4791234567", Map.of("n", "1"), null)), null, null);

        client.submit(batch, null);

        assertThat(new String(IngestClient.requestBody(batch), StandardCharsets.UTF_8))
                .isEqualTo(seen.get("POST /v1/batches").body())
                .isEqualTo("{\"from\":\"HERALD\",\"text\":\"Code {{n}}\",\"recipients\":[{\"to\":\"+4791234567\","
                        + "\"vars\":{\"n\":\"1\"}}]}");
    }

    @Test
    void anErrorAnswerIsAnExceptionWithItsProblemAndRetryAfter() {
        answers.put("POST /v1/batches", new String[] {"400", "application/problem+json",
            "{\"type\":\"https://herald.dev/problems/invalid-request\",\"title\":\"Invalid request\",\"status\":400,"
                + "\"detail\":\"/from is required\",\"errors\":[{\"pointer\":\"/from\",\"detail\":\"is required\"}]}",
            null});
        BatchRequest batch = new BatchRequest(null, "Hi", List.of(new RecipientRequest("+4791234567", null, null)),
                null, null);

        assertThatThrownBy(() -> client.submit(batch, null)).isInstanceOfSatisfying(IngestApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.isRetriable()).isFalse();
            assertThat(e.problem()).hasValueSatisfying(p -> assertThat(p.errors().get(0).pointer()).isEqualTo("/from"));
        });
        assertThat(seen.get("POST /v1/batches").headers()).doesNotContainKey("Idempotency-key");

        answers.put("POST /v1/batches", new String[] {"503", "application/problem+json",
            "{\"type\":\"https://herald.dev/problems/kafka-unavailable\",\"title\":\"x\",\"status\":503}",
            "Retry-After: 7"});
        assertThatThrownBy(() -> client.submit(batch, null)).isInstanceOfSatisfying(IngestApiException.class, e -> {
            assertThat(e.isRetriable()).isTrue();
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        });
    }

    @Test
    void anUnknownBatchIsEmptyAndAKnownOneIsRead() {
        assertThat(client.batch("nope")).isEmpty();

        answers.put("GET /v1/batches/b-1", new String[] {"200", "application/json",
            "{\"batchId\":\"b-1\",\"total\":2,\"accepted\":2,\"rejected\":0,\"sent\":1,\"delivered\":1,"
                + "\"undelivered\":0,\"failed\":0,\"expired\":0,\"gatewayRejected\":0,\"suppressed\":0,\"pending\":0,"
                + "\"progress\":1.0,\"createdAt\":\"2026-12-06T10:00:00Z\",\"futureField\":true}", null});

        assertThat(client.batch("b-1")).hasValueSatisfying(view -> {
            assertThat(view.delivered()).isEqualTo(1);
            assertThat(view.createdAt()).isEqualTo(Instant.parse("2026-12-06T10:00:00Z"));
        });
    }

    @Test
    void aSuppressionsRecipientIsPercentEncodedInThePath() {
        answers.put("DELETE /v1/suppressions/%2B4791234567", new String[] {"204", "application/json", "", null});

        client.unsuppress("+4791234567");

        assertThat(seen).containsKey("DELETE /v1/suppressions/%2B4791234567");
    }

    @Test
    void aRefusedConnectionIsAnUncheckedIoException() {
        server.stop(0);

        assertThatThrownBy(() -> client.batch("b-1")).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("GET /v1/batches/b-1 failed");
    }
}
