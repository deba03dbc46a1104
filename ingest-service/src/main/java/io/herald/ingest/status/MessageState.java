package io.herald.ingest.status;

import java.time.Instant;

/**
 * A message's latest state as the batch's message index ({@link StatusTopology#BATCH_MESSAGES_STORE}) holds it, under
 * the key {@code <batchId> NUL <messageId>}. Stored as JSON.
 *
 * @param state the latest state, e.g. {@code DELIVERED}
 * @param at the time of the event that set it
 */
public record MessageState(String state, Instant at) {

    /**
     * @param batchId the batch
     * @param messageId one of its messages
     * @return the message's key in the index
     */
    static String key(String batchId, String messageId) {
        return prefix(batchId) + messageId;
    }

    /**
     * @param batchId the batch
     * @return the prefix of its messages' keys
     */
    static String prefix(String batchId) {
        return batchId + '\u0000';
    }
}
