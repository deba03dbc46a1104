package io.herald.sms;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A text encoded for SMPP {@code submit_sm}: the alphabet and the user data of each segment, without any header. How
 * the segments are tied together is the sender's choice: {@link #udhParts(int)} prefixes each with a concatenation
 * UDH (3GPP TS 23.040 §9.2.3.24.1), or the payloads go as they are with the SMPP 3.4 SAR TLVs (§5.3.2.22–24).
 *
 * @param encoding the alphabet; its {@link SmsEncoding#dataCoding()} is the submit_sm data_coding
 * @param payloads the user data octets of each segment, in order, without UDH; at least one. GSM 7-bit as one septet
 *     per octet (extension characters as {@code 0x1B} + code, never split over two segments), UCS-2 as UTF-16BE
 *     (surrogate pairs never split)
 * @param units the whole text's length: septets for GSM 7-bit, UTF-16 code units for UCS-2
 */
public record EncodedSms(SmsEncoding encoding, List<byte[]> payloads, int units) {

    /** Octets of the concatenation UDH: UDHL, IEI, IEDL, reference, total, sequence. */
    public static final int UDH_LENGTH = 6;

    public EncodedSms {
        Objects.requireNonNull(encoding, "encoding");
        payloads = List.copyOf(payloads);
        if (payloads.isEmpty()) {
            throw new IllegalArgumentException("at least one segment");
        }
    }

    /** @return the SMPP 3.4 §5.2.19 data_coding: {@code 0x00} (GSM 7-bit) or {@code 0x08} (UCS-2) */
    public byte dataCoding() {
        return encoding.dataCoding();
    }

    /** @return the number of segments (submit_sm PDUs), 1–{@value SmsEncoder#MAX_SEGMENTS} */
    public int segments() {
        return payloads.size();
    }

    /** @return true if the text needs more than one segment, so the parts must be tied together (UDH or SAR) */
    public boolean concatenated() {
        return payloads.size() > 1;
    }

    /** @return the encoding, units and segments, as {@link SmsEncoder#info(String)} counts them */
    public SmsInfo info() {
        return new SmsInfo(encoding, units, segments());
    }

    /**
     * The {@code short_message} of each segment for sending with a user data header (esm_class UDHI {@code 0x40}):
     * each payload prefixed with {@code 05 00 03 REF TOTAL SEQ}, the concatenation IE with an 8-bit reference (3GPP
     * TS 23.040 §9.2.3.24.1), SEQ counting from 1. A single segment is returned as it is, without header.
     *
     * @param reference the concatenation reference, 0–255 (only the low 8 bits are used), the same on every part and
     *     different from the messages sent just before to the same recipient
     * @return one octet array per segment, in order
     */
    public List<byte[]> udhParts(int reference) {
        if (!concatenated()) {
            return payloads;
        }
        int total = payloads.size();
        List<byte[]> parts = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(UDH_LENGTH + payloads.get(i).length);
            out.write(0x05);            // UDHL: 5 octets follow
            out.write(0x00);            // IEI: concatenated short messages, 8-bit reference
            out.write(0x03);            // IEDL
            out.write(reference & 0xFF);
            out.write(total);
            out.write(i + 1);
            out.writeBytes(payloads.get(i));
            parts.add(out.toByteArray());
        }
        return parts;
    }
}
