package io.herald.ingest.status;

import io.herald.ingest.api.BatchRejections;
import io.herald.ingest.api.Rejection;
import java.util.List;

/**
 * What the rejections store ({@link StatusTopology#BATCH_REJECTIONS_STORE}) holds for one batch: its client, the
 * sum of its intakes' {@code rejected}, and the rejected recipients a REST intake listed ({@code
 * BatchIntake.rejections}, bounded by ingest's {@code RejectionList}). Stored as JSON.
 *
 * @param batchId the batch's id
 * @param clientId the batch's API client; only it may read the entry
 * @param source {@code REST} or {@code BULK}
 * @param rejected recipients refused, summed over the intakes
 * @param recipients the listed ones, in index order; empty for bulk loads
 */
public record StoredRejections(String batchId, String clientId, String source, long rejected,
                               List<Rejection> recipients) {

    /** Copies the list. */
    public StoredRejections {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
    }

    /**
     * @param rejectedMore recipients another intake of the batch refused
     * @param listed the ones it lists (null or empty for none)
     * @return the two: counts summed, the first intake's list kept if it had one (a REST batch has one intake; an
     *     intake written again after a retry lists the same recipients)
     */
    StoredRejections plus(long rejectedMore, List<Rejection> listed) {
        return new StoredRejections(batchId, clientId, source, rejected + rejectedMore,
                recipients.isEmpty() && listed != null ? listed : recipients);
    }

    /** @return the entry as {@code GET /v1/batches/{batchId}/rejected} answers it */
    public BatchRejections view() {
        return new BatchRejections(batchId, source, rejected, recipients, rejected > recipients.size());
    }
}
