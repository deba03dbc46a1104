package io.herald.ingest.core;

import io.herald.ingest.api.Rejection;
import io.herald.schema.NotificationRequest;
import java.util.List;

/**
 * A batch that passed validation: one request per accepted recipient, and the recipients that were not.
 *
 * @param batchId the batch's id (UUID string), set on every request
 * @param requests one {@link NotificationRequest} per accepted recipient, in request order; may be empty
 * @param rejections the refused recipients, in request order; may be empty
 * @param segments the SMS segments the requests' texts take in all (3GPP TS 23.040 segmentation)
 */
public record PreparedBatch(String batchId, List<NotificationRequest> requests, List<Rejection> rejections,
                            long segments) {

    /** Copies the lists. */
    public PreparedBatch {
        requests = List.copyOf(requests);
        rejections = List.copyOf(rejections);
    }

    @Override
    public String toString() {
        return "PreparedBatch[batchId=" + batchId + ", requests=" + requests.size() + ", rejections="
                + rejections.size() + ", segments=" + segments + "]";
    }
}
