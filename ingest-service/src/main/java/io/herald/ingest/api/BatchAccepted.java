package io.herald.ingest.api;

import java.util.List;

/**
 * The body of a {@code 202 Accepted} answer to {@code POST /v1/batches}: Kafka acknowledged (acks=all) one
 * {@code NotificationRequest} for each accepted recipient.
 *
 * @param batchId the batch's id (UUID), carried by every record and status of the batch
 * @param accepted how many recipients were written to Kafka
 * @param rejected the recipients that were not, in request order; empty if none
 */
public record BatchAccepted(String batchId, int accepted, List<Rejection> rejected) {
}
