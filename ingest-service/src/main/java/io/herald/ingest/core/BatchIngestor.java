package io.herald.ingest.core;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.herald.ingest.api.BatchAccepted;
import io.herald.ingest.api.BatchRequest;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests one batch: prepares it ({@link BatchPreparer}), writes the accepted recipients' requests through the
 * {@link RequestPublisher} and reports what was accepted. Thread-safe: one instance serves every HTTP request.
 *
 * <p>Metrics (Dropwizard, under {@code io.herald.ingest}): meters {@code recipients.accepted},
 * {@code recipients.rejected}, {@code batches.accepted}, {@code batches.failed}, and the timer
 * {@code publish.latency} (time from the first send to the last acknowledgement of a batch).
 */
public final class BatchIngestor {

    private static final Logger LOG = LoggerFactory.getLogger(BatchIngestor.class);
    private static final String PREFIX = "io.herald.ingest";

    private final BatchPreparer preparer;
    private final RequestPublisher publisher;
    private final Meter acceptedRecipients;
    private final Meter rejectedRecipients;
    private final Meter acceptedBatches;
    private final Meter failedBatches;
    private final Timer publishLatency;

    /**
     * @param preparer validates and renders batches
     * @param publisher where accepted requests go
     * @param metrics where the meters and timer are registered
     */
    public BatchIngestor(BatchPreparer preparer, RequestPublisher publisher, MetricRegistry metrics) {
        this.preparer = preparer;
        this.publisher = publisher;
        this.acceptedRecipients = metrics.meter(MetricRegistry.name(PREFIX, "recipients", "accepted"));
        this.rejectedRecipients = metrics.meter(MetricRegistry.name(PREFIX, "recipients", "rejected"));
        this.acceptedBatches = metrics.meter(MetricRegistry.name(PREFIX, "batches", "accepted"));
        this.failedBatches = metrics.meter(MetricRegistry.name(PREFIX, "batches", "failed"));
        this.publishLatency = metrics.timer(MetricRegistry.name(PREFIX, "publish", "latency"));
    }

    /**
     * Validates a batch and writes one record per accepted recipient; returns once Kafka acknowledged them all.
     *
     * @param request the request body; null if the body was empty
     * @return the batch id, how many recipients were written, their SMS segments in all, and the rejected ones
     * @throws InvalidBatchException if the batch as a whole is invalid; nothing was written
     * @throws PublishException if not every record was acknowledged; some may have been written
     */
    public BatchAccepted ingest(BatchRequest request) {
        PreparedBatch batch = preparer.prepare(request);
        long publishNanos = 0;
        if (!batch.requests().isEmpty()) {
            long start = System.nanoTime();
            try {
                publisher.publish(batch.requests());
            } catch (PublishException e) {
                failedBatches.mark();
                LOG.atWarn()
                        .addKeyValue("batchId", batch.batchId())
                        .log("batch {} not accepted: {} records not all acknowledged: {}", batch.batchId(),
                                batch.requests().size(), e.getMessage());
                throw e;
            }
            publishNanos = System.nanoTime() - start;
            publishLatency.update(publishNanos, TimeUnit.NANOSECONDS);
        }
        acceptedBatches.mark();
        acceptedRecipients.mark(batch.requests().size());
        rejectedRecipients.mark(batch.rejections().size());
        LOG.atInfo()
                .addKeyValue("batchId", batch.batchId())
                .addKeyValue("accepted", batch.requests().size())
                .addKeyValue("rejected", batch.rejections().size())
                .addKeyValue("segments", batch.segments())
                .log("batch {} accepted: {} recipients written, {} rejected, published in {} ms", batch.batchId(),
                        batch.requests().size(), batch.rejections().size(),
                        TimeUnit.NANOSECONDS.toMillis(publishNanos));
        return new BatchAccepted(batch.batchId(), batch.requests().size(), batch.segments(), batch.rejections());
    }
}
