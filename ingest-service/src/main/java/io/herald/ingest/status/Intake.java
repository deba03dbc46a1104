package io.herald.ingest.status;

import java.time.Instant;

/**
 * Recipients taken into a batch: a {@code BatchIntake} record of {@code notify.batches}, as it travels to the batch
 * store.
 *
 * @param source {@code REST} or {@code BULK}
 * @param channel {@code SMS} or {@code EMAIL}
 * @param accepted recipients written to {@code notify.requests}
 * @param rejected recipients refused
 * @param at when the intake happened
 * @param callbackUrl the batch's completion callback, or null
 * @param clientId the batch's API client, or null
 */
record Intake(String source, String channel, int accepted, int rejected, Instant at, String callbackUrl,
              String clientId) {
}
