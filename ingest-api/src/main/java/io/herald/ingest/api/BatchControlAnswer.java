package io.herald.ingest.api;

/**
 * The answer to {@code POST /v1/batches/{batchId}/pause}, {@code /resume} and {@code /cancel}.
 *
 * @param batchId the batch's id
 * @param state the batch's state now: {@code paused}, {@code running} or {@code cancelled}
 * @param notSent the batch's messages that had no status yet when the answer was made (queued, held, scheduled or
 *     being retried), as the status view counted them: the messages a pause holds or a cancel ends CANCELLED, less
 *     any the dispatchers had already handed to a gateway; null while the batch's totals are not known
 */
public record BatchControlAnswer(String batchId, String state, Long notSent) {
}
