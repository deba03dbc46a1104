package io.herald.ingest.api;

import java.util.List;

/**
 * A page of {@code GET /v1/batches}: the client's batches, newest first (by the time the batch was accepted).
 *
 * @param batches each batch's status as {@code GET /v1/batches/{batchId}} answers it; a batch whose intake was read
 *     but none of whose messages has a status yet shows zero counts and everything pending
 * @param next the cursor of the next (older) page, for {@code ?before=}: the id of this page's last batch; null on
 *     the last page
 */
public record BatchPage(List<BatchView> batches, String next) {
}
