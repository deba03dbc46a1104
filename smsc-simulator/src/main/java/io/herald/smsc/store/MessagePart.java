package io.herald.smsc.store;

import io.herald.smsc.codec.Concatenation;
import java.time.Instant;
import java.util.Objects;

/**
 * One accepted submit_sm, taken apart.
 *
 * @param smscMessageId   the message_id this simulator gave it in the submit_sm_resp
 * @param heraldMessageId the Herald message id (vendor TLV 0x1F01), or null
 * @param recipient       destination_addr
 * @param sender          source_addr
 * @param sourceTon       source_addr_ton
 * @param sourceNpi       source_addr_npi
 * @param dataCoding      data_coding, 0–255
 * @param concatenation   its place in a concatenated message (UDH or SAR), or null for a single message
 * @param userData        the short_message or message_payload octets without the UDH
 * @param receivedAt      when it arrived
 */
public record MessagePart(String smscMessageId, String heraldMessageId, String recipient, String sender, int sourceTon,
                          int sourceNpi, int dataCoding, Concatenation concatenation, byte[] userData,
                          Instant receivedAt) {

    public MessagePart {
        Objects.requireNonNull(smscMessageId, "smscMessageId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(userData, "userData");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** @return whether this part belongs to a concatenated message of more than one part */
    public boolean isConcatenated() {
        return concatenation != null && concatenation.totalSegments() > 1;
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "MessagePart{smscMessageId=" + smscMessageId + ", heraldMessageId=" + heraldMessageId
                + ", concatenation=" + concatenation + ", octets=" + userData.length + "}";
    }
}
