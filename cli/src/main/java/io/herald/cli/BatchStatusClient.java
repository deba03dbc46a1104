package io.herald.cli;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads batches' status from the ingest service, {@code GET /v1/batches/{batchId}}: the counters the status view
 * (Kafka Streams over {@code notify.status}) keeps, so progress counts what the gateway did.
 */
public final class BatchStatusClient {

    private static final ObjectMapper JSON =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final String ingestUrl;
    private final String authorization;
    private final HttpClient http;
    private final Map<String, Long> doneByBatch = new HashMap<>();
    private long lastChangeNanos = Long.MIN_VALUE;

    /**
     * @param ingestUrl the ingest service's base URL, e.g. {@code http://127.0.0.1:18080}
     * @param apiKey the API key of the client whose batches are read, sent as {@code Authorization: Bearer}
     */
    public BatchStatusClient(String ingestUrl, String apiKey) {
        this.ingestUrl = ingestUrl.endsWith("/") ? ingestUrl.substring(0, ingestUrl.length() - 1) : ingestUrl;
        this.authorization = "Bearer " + apiKey;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * A batch's status, as {@code GET /v1/batches/{batchId}} answers it (see the ingest service's {@code BatchView}).
     * The totals, {@code pending} and {@code progress} are null until the batch's intake record has been read; times
     * are ISO-8601 strings, or null.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record BatchStatus(String batchId, String source, String channel, Long total, Long accepted, Long rejected,
                              long sent, long delivered, long undelivered, long failed, long expired,
                              long gatewayRejected, long suppressed, Long pending, Double progress, String createdAt,
                              String firstEventAt, String lastEventAt, String completedAt) {

        /** @return messages the gateway took: latest state SENT, or a receipt state */
        public long handedToGateway() {
            return sent + delivered + undelivered + gatewayRejected;
        }

        /** @return messages that ended without being sent: FAILED, EXPIRED or SUPPRESSED */
        public long notSent() {
            return failed + expired + suppressed;
        }
    }

    /**
     * @param batchId a batch id
     * @return the batch's status; empty while the ingest service does not know it yet (404) or cannot answer now (503)
     * @throws IllegalStateException if the service answers anything else, or cannot be reached
     */
    public Optional<BatchStatus> get(String batchId) {
        URI uri = URI.create(ingestUrl + "/v1/batches/" + URLEncoder.encode(batchId, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Authorization", authorization).GET().build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return switch (response.statusCode()) {
                case 200 -> Optional.of(JSON.readValue(response.body(), BatchStatus.class));
                case 404, 503 -> Optional.empty();
                default -> throw new IllegalStateException("GET " + uri + " answered " + response.statusCode() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8));
            };
        } catch (IOException e) {
            throw new IllegalStateException("GET " + uri + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Sums the status of several batches; a batch not known yet counts nothing.
     *
     * @param batchIds the batches
     * @return messages handed to the gateway, ended unsent, delivered, and when the first two last changed
     *     ({@link System#nanoTime()}, as this client saw it)
     */
    public synchronized Counts counts(Set<String> batchIds) {
        long sent = 0;
        long failed = 0;
        long delivered = 0;
        for (String batchId : batchIds) {
            Optional<BatchStatus> status = get(batchId);
            if (status.isEmpty()) {
                continue;
            }
            BatchStatus batch = status.get();
            sent += batch.handedToGateway();
            failed += batch.notSent();
            delivered += batch.delivered();
            long done = batch.handedToGateway() + batch.notSent();
            Long before = doneByBatch.put(batchId, done);
            if (before == null || before != done) {
                lastChangeNanos = System.nanoTime();
            }
        }
        return new Counts(sent, failed, delivered, lastChangeNanos);
    }

    /**
     * Counts of messages over some batches.
     *
     * @param sent messages the gateway took
     * @param failed messages that ended without being sent
     * @param delivered messages a delivery receipt reported delivered
     * @param lastChangeNanos when sent or failed last changed ({@link System#nanoTime()}), or {@link Long#MIN_VALUE}
     */
    public record Counts(long sent, long failed, long delivered, long lastChangeNanos) {
        /** @return sent plus failed: messages whose fate is known */
        public long done() {
            return sent + failed;
        }
    }
}
