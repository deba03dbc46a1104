package io.herald.ingest.status;

import io.herald.ingest.api.BatchView;

/**
 * A record of {@code notify.batches.completed} (JSON, keyed by batchId): a REST batch that has no message pending any
 * more, written once by the status topology.
 *
 * @param batch the batch's final counters, as {@code GET /v1/batches/{batchId}} gives them (and the callback's body)
 * @param callbackUrl where to POST them, or null when the batch asked for no callback
 * @param clientId the batch's API client (selects the signing key), or null for the default client
 */
public record BatchCompletion(BatchView batch, String callbackUrl, String clientId) {
}
