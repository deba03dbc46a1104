package io.herald.ingest.idempotency;

import java.util.Objects;

/**
 * One record of the idempotency log ({@code notify.idempotency}, keyed by {@link IdempotencyStore#recordKey}): a claim
 * of a key by one request, its completion with the response, or the claim's release.
 *
 * @param kind what happened
 * @param claimId the claim this record belongs to: a random UUID per request that claimed the key
 * @param requestHash the SHA-256 (hex) of the request that claimed the key ({@link RequestHash})
 * @param timestampMs when it was written, in ms since the epoch (the Kafka record's timestamp)
 * @param batchId the accepted batch's id; {@link Kind#DONE} only, else null
 * @param response the {@code 202} answer's body (JSON), exactly as first sent; {@link Kind#DONE} only, else null
 */
public record IdempotencyRecord(Kind kind, String claimId, String requestHash, long timestampMs, String batchId,
                                String response) {

    /** What a record says. */
    public enum Kind {
        /** A request claims the key: it will run, unless an earlier live claim or completion holds the key. */
        CLAIM,
        /** The claiming request was accepted (202): the key answers with this response until it expires. */
        DONE,
        /** The claiming request failed (4xx, 5xx): the key is free again for a retry. */
        RELEASE
    }

    /** Checks the fields a record of its kind needs. */
    public IdempotencyRecord {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(claimId, "claimId");
        Objects.requireNonNull(requestHash, "requestHash");
        if (kind == Kind.DONE && (batchId == null || response == null)) {
            throw new IllegalArgumentException("a DONE record needs batchId and response");
        }
    }
}
