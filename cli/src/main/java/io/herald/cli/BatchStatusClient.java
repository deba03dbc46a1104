package io.herald.cli;

import io.herald.ingest.api.BatchView;
import io.herald.ingest.client.IngestApiException;
import io.herald.ingest.client.IngestClient;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads batches' status from the ingest service, {@code GET /v1/batches/{batchId}}: the counters the status view
 * (Kafka Streams over {@code notify.status}) keeps, so progress counts what the gateway did.
 */
public final class BatchStatusClient {

    private final IngestClient client;
    private final Map<String, Long> doneByBatch = new HashMap<>();
    private long lastChangeNanos = Long.MIN_VALUE;

    /**
     * @param ingestUrl the ingest service's base URL, e.g. {@code http://127.0.0.1:18080}
     * @param apiKey the API key of the client whose batches are read, sent as {@code Authorization: Bearer}
     */
    public BatchStatusClient(String ingestUrl, String apiKey) {
        this.client = IngestClient.create(URI.create(ingestUrl), apiKey, Duration.ofSeconds(10));
    }

    /**
     * A batch's status, as {@code GET /v1/batches/{batchId}} answers it (see the ingest service's {@code BatchView}).
     * The totals, {@code pending} and {@code progress} are null until the batch's intake record has been read; times
     * are ISO-8601 strings, or null.
     */
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
        try {
            return client.batch(batchId).map(BatchStatusClient::status);
        } catch (IngestApiException e) {
            if (e.status() == 503) {
                return Optional.empty();
            }
            throw new IllegalStateException(e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static BatchStatus status(BatchView view) {
        return new BatchStatus(view.batchId(), view.source(), view.channel(), view.total(), view.accepted(),
                view.rejected(), view.sent(), view.delivered(), view.undelivered(), view.failed(), view.expired(),
                view.gatewayRejected(), view.suppressed(), view.pending(), view.progress(), text(view.createdAt()),
                text(view.firstEventAt()), text(view.lastEventAt()), text(view.completedAt()));
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
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
