package io.herald.ingest.idempotency;

/**
 * What the idempotency log says of one key now, as {@link IdempotencyRules} folded its records.
 *
 * @param state claimed by a request in progress, or done
 * @param claimId the claim that holds the key
 * @param requestHash the SHA-256 (hex) of that claim's request
 * @param timestampMs when the claim or the completion was written, in ms since the epoch
 * @param batchId the accepted batch's id when {@link State#DONE}, else null
 * @param partition the partition of the record that set this state
 * @param offset that record's offset: where a store that does not keep {@code response} reads it back
 * @param response the {@code 202} body when {@link State#DONE} and kept in memory; null otherwise
 */
public record IdempotencyEntry(State state, String claimId, String requestHash, long timestampMs, String batchId,
                               int partition, long offset, String response) {

    /** The two states a key can be in; a released or expired key has no entry. */
    public enum State {
        /** A request holds the key and is running. */
        CLAIMED,
        /** A request with the key was accepted; replays get its response. */
        DONE
    }

    /** @return this entry without its response body (read back from the log when needed) */
    public IdempotencyEntry withoutResponse() {
        return response == null ? this
                : new IdempotencyEntry(state, claimId, requestHash, timestampMs, batchId, partition, offset, null);
    }
}
