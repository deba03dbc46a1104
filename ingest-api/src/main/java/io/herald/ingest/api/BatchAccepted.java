package io.herald.ingest.api;

import java.util.List;

/**
 * The body of a {@code 202 Accepted} answer to {@code POST /v1/batches}: Kafka acknowledged (acks=all) one
 * {@code NotificationRequest} for each accepted recipient. The answer's {@code Location} header is the batch's status,
 * {@code /v1/batches/{batchId}}.
 *
 * @param batchId the batch's id (UUID), carried by every record and status of the batch
 * @param accepted how many recipients were written to Kafka
 * @param segments the SMS segments (submit_sm PDUs) the accepted recipients' texts take in all, each text counted by
 *     {@code io.herald.sms.SmsEncoder#info} (3GPP TS 23.038/23.040), as the dispatcher will send them
 * @param rejected the recipients that were not, in request order; empty if none
 * @param messages the accepted recipients' message ids ({@code GET /v1/messages/{messageId}}), in request order
 */
public record BatchAccepted(String batchId, int accepted, long segments, List<Rejection> rejected,
                            List<AcceptedMessage> messages) {

    /**
     * One accepted recipient.
     *
     * @param index the recipient's index in the request's {@code recipients}
     * @param messageId the id of its message (UUID)
     */
    public record AcceptedMessage(int index, String messageId) {
    }
}
