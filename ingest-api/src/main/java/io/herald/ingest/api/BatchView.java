package io.herald.ingest.api;

import java.time.Instant;

/**
 * A batch's status as {@code GET /v1/batches/{batchId}} answers it, as the completion callback POSTs it, and as
 * {@code notify.batches.completed} holds it (JSON). Counts of messages are by their latest state: a message counts
 * once.
 *
 * @param batchId the batch's id
 * @param source {@code REST} or {@code BULK}; null while the batch's intake record has not been read
 * @param channel {@code SMS}, {@code EMAIL} or {@code PUSH}; null as {@code source}
 * @param state {@code running}, {@code paused} ({@code POST /v1/batches/{id}/pause}), {@code cancelled} (final,
 *     {@code POST /v1/batches/{id}/cancel}) or {@code complete} (no message pending)
 * @param total recipients in the batch, {@code accepted + rejected}; null while unknown
 * @param accepted recipients accepted (written to {@code notify.requests}); null while unknown
 * @param rejected recipients refused at intake (invalid number, missing variable…); null while unknown
 * @param sent messages the gateway accepted that have no later state: waiting for a delivery receipt, or sent on a
 *     gateway without receipts (SMTP, HTTP)
 * @param delivered messages a delivery receipt (DLR) reported delivered
 * @param undelivered messages a receipt reported undeliverable
 * @param failed messages Herald gave up on (permanent gateway error, retries exhausted, poison record)
 * @param expired messages past their {@code expiresAt}, or reported expired by a receipt
 * @param gatewayRejected messages a receipt reported rejected by the network
 * @param suppressed messages not sent because the recipient is on the suppression list
 * @param cancelled messages not sent because the batch was cancelled before a gateway accepted them
 * @param pending accepted messages with no status yet (queued, scheduled or being retried); null while unknown
 * @param progress {@code (accepted - pending) / accepted}, 0.0–1.0 (1.0 for a batch with nothing accepted); null
 *     while unknown
 * @param createdAt when the batch was accepted (a bulk load: its first line), or null
 * @param firstEventAt the first status event of the batch, or null
 * @param lastEventAt the latest status event, or null
 * @param completedAt when no message was pending any more, or null while some are
 */
public record BatchView(String batchId, String source, String channel, String state, Long total, Long accepted,
                        Long rejected, long sent, long delivered, long undelivered, long failed, long expired,
                        long gatewayRejected, long suppressed, long cancelled, Long pending, Double progress,
                        Instant createdAt, Instant firstEventAt, Instant lastEventAt, Instant completedAt) {
}
