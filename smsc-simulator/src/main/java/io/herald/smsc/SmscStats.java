package io.herald.smsc;

/**
 * Counters of a {@link SmscSimulator} since start or the last reset. Served as {@code GET /stats}.
 *
 * @param submitSm           submit_sm PDUs received, whatever their answer
 * @param segments           submit_sm PDUs accepted (answered ESME_ROK); each is one segment
 * @param messages           complete messages received (all parts in), duplicates included
 * @param distinctMessages   complete messages with an identity not seen before: the Herald message id (TLV 0x1F01),
 *                           or (recipient, text) without it
 * @param duplicates         {@code messages - distinctMessages}
 * @param throttled          submit_sm answered ESME_RTHROTTLED (0x58), by the max-tps cap or the throttle rate
 * @param errors             submit_sm answered ESME_RSYSERR (0x08) by the error rate
 * @param invalid            submit_sm refused as malformed (bad UDH or SAR values)
 * @param receiptsSent       delivery receipts (deliver_sm) acknowledged by the ESME
 * @param receiptsFailed     delivery receipts that could not be delivered (no receiver bound, error or timeout)
 * @param incompleteMessages concatenated messages still waiting for parts
 * @param boundSessions      SMPP sessions bound now
 */
public record SmscStats(long submitSm, long segments, long messages, long distinctMessages, long duplicates,
                        long throttled, long errors, long invalid, long receiptsSent, long receiptsFailed,
                        int incompleteMessages, int boundSessions) {
}
