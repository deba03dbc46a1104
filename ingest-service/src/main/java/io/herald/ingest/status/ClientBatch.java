package io.herald.ingest.status;

import java.time.Instant;

/**
 * A batch as the client index ({@link StatusTopology#CLIENT_BATCHES_STORE}) holds it: what its intake records say,
 * summed. Stored as JSON.
 *
 * @param batchId the batch's id
 * @param source {@code REST} or {@code BULK}
 * @param channel {@code SMS}, {@code EMAIL} or {@code PUSH}
 * @param accepted recipients accepted, summed over the intakes
 * @param rejected recipients refused, summed over the intakes
 * @param createdAt the earliest intake's time
 */
public record ClientBatch(String batchId, String source, String channel, long accepted, long rejected,
                          Instant createdAt) {

    /**
     * @param later another intake of the same batch (a bulk load writes one per transaction)
     * @return the two summed, with the earlier time and the first source and channel
     */
    ClientBatch plus(ClientBatch later) {
        Instant created = later.createdAt != null && (createdAt == null || later.createdAt.isBefore(createdAt))
                ? later.createdAt : createdAt;
        return new ClientBatch(batchId, source, channel, accepted + later.accepted, rejected + later.rejected,
                created);
    }
}
