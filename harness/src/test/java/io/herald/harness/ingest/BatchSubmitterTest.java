package io.herald.harness.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * BatchSubmitter against a real HTTP server on 127.0.0.1 that answers as ingest does: batches of the asked size,
 * retries of 409/429/503 with the same Idempotency-Key, no retry of a 503 after a partial write.
 */
class BatchSubmitterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Request> received = Collections.synchronizedList(new ArrayList<>());
    private HttpServer server;

    private record Request(String idempotencyKey, String authorization, JsonNode body) {
    }

    /**
     * Starts a server whose n-th request (from 0), of r recipients, is answered by {@code answers(n, r)}: a status and
     * a body.
     */
    private String serve(BiFunction<Integer, Integer, Map.Entry<Integer, String>> answers) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/batches", exchange -> answer(exchange, answers));
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(HttpExchange exchange, BiFunction<Integer, Integer, Map.Entry<Integer, String>> answers)
            throws IOException {
        int n;
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        synchronized (received) {
            n = received.size();
            received.add(new Request(exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    exchange.getRequestHeaders().getFirst("Authorization"), request));
        }
        Map.Entry<Integer, String> answer = answers.apply(n, request.get("recipients").size());
        byte[] body = answer.getValue().getBytes(StandardCharsets.UTF_8);
        if (answer.getKey() == 503) {
            exchange.getResponseHeaders().add("Retry-After", "0");
        }
        exchange.sendResponseHeaders(answer.getKey(), body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /** A 202 for batch n of r recipients, the given indexes rejected. */
    private static Map.Entry<Integer, String> accepted(int n, int r, int... rejectedIndexes) {
        StringBuilder rejected = new StringBuilder();
        for (int index : rejectedIndexes) {
            rejected.append(rejected.length() == 0 ? "" : ",").append("{\"index\":").append(index).append('}');
        }
        return Map.entry(202, "{\"batchId\":\"b" + n + "\",\"accepted\":" + (r - rejectedIndexes.length)
                + ",\"rejected\":[" + rejected + "]}");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static List<Recipient> recipients(int count) {
        List<Recipient> recipients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            recipients.add(new Recipient("+4791" + String.format("%06d", i), Map.of("code", Integer.toString(i))));
        }
        return recipients;
    }

    @Test
    void sendsBatchesOfTheAskedSizeAndCountsWhatIngestAnswered() throws IOException {
        String url = serve((n, r) -> n == 0 ? accepted(n, r, 1) : accepted(n, r));

        try (BatchSubmitter submitter = new BatchSubmitter(url, "key-1", "HERALD", "Code {{code}}", 1)) {
            submitter.submitAll(recipients(5), 2);

            assertThat(received).hasSize(3);
            assertThat(received).extracting(r -> r.body().get("recipients").size()).containsExactly(2, 2, 1);
            assertThat(received).extracting(Request::authorization).containsOnly("Bearer key-1");
            assertThat(received.get(2).body().get("recipients").get(0).get("vars").get("code").asText())
                    .isEqualTo("4");
            assertThat(received).extracting(Request::idempotencyKey).doesNotHaveDuplicates();
            assertThat(submitter.batchIds()).containsExactlyInAnyOrder("b0", "b1", "b2");
            assertThat(submitter.accepted()).isEqualTo(4);
            assertThat(submitter.rejected()).isEqualTo(1);
            assertThat(submitter.rejectedRows()).containsExactly(1);
        }
    }

    @Test
    void retriesA503WithoutWrittenRecordsWithTheSameIdempotencyKey() throws IOException {
        String url = serve((n, r) -> n == 0 ? Map.entry(503, "{\"status\":503,\"acknowledged\":0}")
                : accepted(n, r));

        try (BatchSubmitter submitter = new BatchSubmitter(url, "key", "HERALD", "Hi", 1)) {
            submitter.submitAll(recipients(2), 2);

            assertThat(received).hasSize(2);
            assertThat(received.get(1).idempotencyKey()).isEqualTo(received.get(0).idempotencyKey());
            assertThat(submitter.accepted()).isEqualTo(2);
        }
    }

    @Test
    void doesNotRetryA503AfterAPartialWriteNorA400AndSaysWhy() throws IOException {
        Queue<Map.Entry<Integer, String>> answers = new ConcurrentLinkedQueue<>(List.of(
                Map.entry(503, "{\"status\":503,\"acknowledged\":1,\"total\":2}"),
                Map.entry(400, "{\"status\":400,\"detail\":\"/from is required\"}")));
        String url = serve((n, r) -> answers.poll());

        try (BatchSubmitter submitter = new BatchSubmitter(url, "key", "HERALD", "Hi", 1)) {
            assertThatThrownBy(() -> submitter.submitAll(recipients(2), 2))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("HTTP 503")
                    .hasMessageContaining("acknowledged");
            assertThatThrownBy(() -> submitter.submitAll(recipients(2), 2))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("HTTP 400")
                    .hasMessageContaining("/from is required");
            assertThat(received).hasSize(2);
            assertThat(submitter.accepted()).isZero();
        }
    }
}
