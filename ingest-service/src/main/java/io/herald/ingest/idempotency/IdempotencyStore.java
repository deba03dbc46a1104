package io.herald.ingest.idempotency;

/**
 * Where idempotency keys live: claimed by a request, completed with its response, or released. Implemented over the
 * Kafka topic {@code notify.idempotency} ({@link KafkaIdempotencyStore}), so that keys hold across ingest instances
 * and restarts; {@link InMemoryIdempotencyStore} for tests and single-process tools.
 */
public interface IdempotencyStore {

    /** What {@link #begin} found. */
    sealed interface Start permits Claimed, Replay {
    }

    /**
     * The key is this request's: run it, then {@link #complete} or {@link #release} the claim.
     *
     * @param claim the claim
     */
    record Claimed(Claim claim) implements Start {
    }

    /**
     * A request with this key and the same body was accepted before: answer as it was answered.
     *
     * @param batchId the accepted batch's id
     * @param response the {@code 202} body, exactly as first sent (JSON)
     */
    record Replay(String batchId, String response) implements Start {
    }

    /**
     * A request's hold on its key.
     *
     * @param recordKey the key's record key ({@link #recordKey})
     * @param claimId the claim's id, a random UUID
     * @param requestHash the request's hash
     */
    record Claim(String recordKey, String claimId, String requestHash) {
    }

    /**
     * @param clientId the API client's id ({@code [A-Za-z0-9._-]{1,64}}, so without {@code :})
     * @param key the client's {@code Idempotency-Key}
     * @return the key of the key's records: {@code clientId:key}, so that clients' keys never meet
     */
    static String recordKey(String clientId, String key) {
        return clientId + ":" + key;
    }

    /**
     * Looks the key up and, if it is free, claims it for this request.
     *
     * @param clientId the API client's id
     * @param key the client's {@code Idempotency-Key}
     * @param requestHash the request's {@link RequestHash}
     * @return {@link Claimed} to run the request, or {@link Replay} to answer with the earlier response
     * @throws IdempotencyKeyReusedException (422) if the key was used within the retention for another request body
     * @throws IdempotencyKeyInUseException (409) if a request with the key is still running
     * @throws IdempotencyUnavailableException (503) if the keys cannot be read or written now
     */
    Start begin(String clientId, String key, String requestHash);

    /**
     * Records that the claimed request was accepted, with its answer, so that a retry is answered the same.
     *
     * @param claim the claim from {@link #begin}
     * @param batchId the accepted batch's id
     * @param response the {@code 202} body (JSON)
     * @throws IdempotencyUnavailableException if it could not be recorded; the claim then holds the key until
     *     {@code claimTimeout}
     */
    void complete(Claim claim, String batchId, String response);

    /**
     * Frees the key after the claimed request failed, so that the client can retry with it. Best effort: never throws
     * (a claim not released frees itself after {@code claimTimeout}).
     *
     * @param claim the claim from {@link #begin}
     */
    void release(Claim claim);
}
