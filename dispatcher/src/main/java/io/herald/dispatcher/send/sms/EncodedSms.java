package io.herald.dispatcher.send.sms;

import java.util.List;

/**
 * A text encoded for {@code submit_sm}: the data_coding and one {@code short_message} per segment, each already
 * prefixed with its UDH when the message is concatenated.
 *
 * @param dataCoding SMPP 3.4 §5.2.19 data_coding: {@link SmsEncoder#DATA_CODING_GSM7} or
 *     {@link SmsEncoder#DATA_CODING_UCS2}
 * @param parts the short_message octets of each segment, in order; at least one
 * @param concatenated true if each part starts with a concatenation UDH (esm_class must then have UDHI, 0x40)
 * @param units the whole text's length: septets for GSM 7-bit, UTF-16 code units for UCS-2
 */
public record EncodedSms(byte dataCoding, List<byte[]> parts, boolean concatenated, int units) {

    public EncodedSms {
        parts = List.copyOf(parts);
    }

    /** @return the number of segments (submit_sm PDUs) */
    public int segments() {
        return parts.size();
    }
}
