package io.herald.ingest.bulk;

import io.herald.schema.BatchIntake;
import io.herald.schema.NotificationRequest;

/**
 * One record the bulk-load processor forwards, for one of the topology's three sinks. Exactly one field is set.
 *
 * @param request for {@code notify.requests}, keyed by recipient
 * @param rejection for {@code notify.bulk.rejected}: the JSON document, UTF-8 text
 * @param intake for {@code notify.batches}, keyed by batch id
 */
record BulkOutput(NotificationRequest request, String rejection, BatchIntake intake) {

    static BulkOutput request(NotificationRequest request) {
        return new BulkOutput(request, null, null);
    }

    static BulkOutput rejection(String json) {
        return new BulkOutput(null, json, null);
    }

    static BulkOutput intake(BatchIntake intake) {
        return new BulkOutput(null, null, intake);
    }

    @Override
    public String toString() {
        return request != null ? "BulkOutput[request " + request.getMessageId() + "]"
                : rejection != null ? "BulkOutput[rejection]" : "BulkOutput[intake " + intake.getBatchId() + "]";
    }
}
