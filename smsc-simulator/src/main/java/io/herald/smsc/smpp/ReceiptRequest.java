package io.herald.smsc.smpp;

import java.time.Instant;
import org.jsmpp.session.SMPPServerSession;

/**
 * A delivery receipt owed for one accepted submit_sm part.
 *
 * @param session       the session that submitted it
 * @param smscMessageId the message_id of its submit_sm_resp
 * @param recipient     its destination_addr, the receipt's source_addr
 * @param recipientTon  its dest_addr_ton
 * @param recipientNpi  its dest_addr_npi
 * @param sender        its source_addr, the receipt's destination_addr
 * @param senderTon     its source_addr_ton
 * @param senderNpi     its source_addr_npi
 * @param submitDate    when it arrived
 * @param text          its decoded text (the part's own, best effort), for the receipt's text field
 */
record ReceiptRequest(SMPPServerSession session, String smscMessageId, String recipient, byte recipientTon,
                      byte recipientNpi, String sender, byte senderTon, byte senderNpi, Instant submitDate,
                      String text) {

    /** Leaves addresses and text out, so that a logged request leaks no personal data. */
    @Override
    public String toString() {
        return "ReceiptRequest{smscMessageId=" + smscMessageId + ", session=" + session.getSessionId() + "}";
    }
}
