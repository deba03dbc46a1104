package io.herald.harness.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.local.SmscMessage;
import io.herald.local.SmscSimulatorProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * {@code POST /v1/batches} of a benchmark, each without waiting for the others, noting when each accepted message's
 * {@code 202} arrived; and when the SMSC simulator received messages, to measure from one to the other.
 */
final class AcceptedPosts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI endpoint;
    private final String authorization;

    /**
     * @param ingestUrl the ingest service's base URL
     * @param apiKey the client's API key
     */
    AcceptedPosts(String ingestUrl, String apiKey) {
        this.endpoint = URI.create(ingestUrl + "/v1/batches");
        this.authorization = "Bearer " + apiKey;
    }

    /**
     * @param body the batch, JSON
     * @param accepted where to put each accepted message's id and the instant its 202 arrived; null to keep none
     * @return completes once the answer was read; exceptionally if it was not a 202
     */
    CompletableFuture<Void> post(byte[] body, Map<String, Instant> accepted) {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenAccept(response -> {
            Instant at = Instant.now();
            if (response.statusCode() != 202) {
                throw new IllegalStateException("ingest answered " + response.statusCode() + ": "
                        + response.body().substring(0, Math.min(300, response.body().length())));
            }
            if (accepted != null) {
                try {
                    for (JsonNode message : JSON.readTree(response.body()).path("messages")) {
                        accepted.put(message.path("messageId").asText(), at);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }

    /**
     * @param smsc the simulator
     * @param wanted which Herald message ids to look for
     * @return when the simulator received each of them, by id
     */
    static Map<String, Instant> receivedAt(SmscSimulatorProcess smsc, Predicate<String> wanted) {
        Map<String, Instant> received = new HashMap<>();
        for (SmscMessage message : smsc.messages(null)) {
            if (message.heraldMessageId() != null && wanted.test(message.heraldMessageId())) {
                received.put(message.heraldMessageId(), Instant.parse(message.receivedAt()));
            }
        }
        return received;
    }
}
