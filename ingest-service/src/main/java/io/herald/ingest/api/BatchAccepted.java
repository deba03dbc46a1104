package io.herald.ingest.api;

import java.util.List;

/**
 * The body of a {@code 202 Accepted} answer to {@code POST /v1/batches}: Kafka acknowledged (acks=all) one
 * {@code NotificationRequest} for each accepted recipient.
 *
 * @param batchId the batch's id (UUID), carried by every record and status of the batch
 * @param accepted how many recipients were written to Kafka
 * @param segments the SMS segments (submit_sm PDUs) the accepted recipients' texts take in all, each text counted by
 *     {@code io.herald.sms.SmsEncoder#info} (3GPP TS 23.038/23.040), as the dispatcher will send them
 * @param rejected the recipients that were not, in request order; empty if none
 */
public record BatchAccepted(String batchId, int accepted, long segments, List<Rejection> rejected) {
}
