package io.herald.cli;

import io.herald.ingest.api.BatchView;
import io.herald.ingest.client.IngestApiException;
import io.herald.ingest.client.IngestClient;
import java.io.UncheckedIOException;
import java.net.URI;
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
     * @param batch a batch's status
     * @return messages the gateway took: latest state SENT, or a receipt state
     */
    public static long handedToGateway(BatchView batch) {
        return batch.sent() + batch.delivered() + batch.undelivered() + batch.gatewayRejected();
    }

    /**
     * @param batch a batch's status
     * @return messages that ended without being sent: FAILED, EXPIRED or SUPPRESSED
     */
    public static long notSent(BatchView batch) {
        return batch.failed() + batch.expired() + batch.suppressed();
    }

    /**
     * @param batchId a batch id
     * @return the batch's status ({@code totals}, {@code pending} and {@code progress} are null until its intake
     *     record has been read); empty while the ingest service does not know it yet (404) or cannot answer now (503)
     * @throws IllegalStateException if the service answers anything else, or cannot be reached
     */
    public Optional<BatchView> get(String batchId) {
        try {
            return client.batch(batchId);
        } catch (IngestApiException e) {
            if (e.status() == 503) {
                return Optional.empty();
            }
            throw new IllegalStateException(e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new IllegalStateException(e.getMessage(), e);
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
            Optional<BatchView> status = get(batchId);
            if (status.isEmpty()) {
                continue;
            }
            BatchView batch = status.get();
            sent += handedToGateway(batch);
            failed += notSent(batch);
            delivered += batch.delivered();
            long done = handedToGateway(batch) + notSent(batch);
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
