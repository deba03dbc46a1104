package io.herald.smsc;

import io.herald.schema.PiiMask;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One complete message as the simulator received it: a single submit_sm, or all parts of a concatenated one.
 *
 * @param heraldMessageId the Herald message id from the vendor TLV 0x1F01, or null when the submit_sm had none
 * @param smscMessageIds  the message_id of each submit_sm_resp, in segment order (one per part)
 * @param recipient       destination_addr of the submit_sm
 * @param sender          source_addr of the submit_sm
 * @param sourceTon       source_addr_ton (SMPP 3.4 §5.2.5)
 * @param sourceNpi       source_addr_npi (SMPP 3.4 §5.2.6)
 * @param text            the decoded text of all parts joined; for a binary data_coding, the octets in lowercase hex
 * @param segments        number of submit_sm parts (1 for a single message)
 * @param dataCoding      data_coding of the first part (SMPP 3.4 §5.2.19), 0–255
 * @param receivedAt      when the last part arrived
 * @param concatenation   how the parts were tied together: {@value #NOT_CONCATENATED} for a single part, {@code udh}
 *                        (UDH concatenation IE, 3GPP TS 23.040 §9.2.3.24.1) or {@code sar} (SMPP 3.4 §5.3.2.22–24)
 * @param anomalies       what the simulator's check of the parts found wrong (mixed data_coding, a part over
 *                        capacity, a split escape sequence or surrogate pair), one sentence each; empty if none
 */
public record ReceivedMessage(String heraldMessageId, List<String> smscMessageIds, String recipient, String sender,
                              int sourceTon, int sourceNpi, String text, int segments, int dataCoding,
                              Instant receivedAt, String concatenation, List<String> anomalies) {

    /** {@link #concatenation()} of a single-part message. */
    public static final String NOT_CONCATENATED = "none";

    public ReceivedMessage {
        smscMessageIds = List.copyOf(smscMessageIds);
        anomalies = List.copyOf(anomalies);
        Objects.requireNonNull(concatenation, "concatenation");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /**
     * A single-part message without anomalies (tests, and records made before the check).
     */
    public ReceivedMessage(String heraldMessageId, List<String> smscMessageIds, String recipient, String sender,
                           int sourceTon, int sourceNpi, String text, int segments, int dataCoding,
                           Instant receivedAt) {
        this(heraldMessageId, smscMessageIds, recipient, sender, sourceTon, sourceNpi, text, segments, dataCoding,
                receivedAt, NOT_CONCATENATED, List.of());
    }

    /** Masks the addresses and leaves the text out, so that a logged record leaks no personal data. */
    @Override
    public String toString() {
        return "ReceivedMessage{heraldMessageId=" + heraldMessageId + ", smscMessageIds=" + smscMessageIds
                + ", recipient=" + PiiMask.recipient(recipient) + ", sender=" + PiiMask.recipient(sender)
                + ", textLength=" + text.length() + ", segments=" + segments + ", dataCoding=" + dataCoding
                + ", concatenation=" + concatenation + ", anomalies=" + anomalies + ", receivedAt=" + receivedAt + "}";
    }
}
