package io.herald.dispatcher.send.sms;

import com.cloudhopper.commons.charset.CharsetUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and segments a text for SMPP {@code submit_sm}, per 3GPP TS 23.038 (alphabets) and TS 23.040 §9.2.3.24.1
 * (concatenated short messages, 8-bit reference).
 *
 * <ul>
 *   <li>Text that fits the GSM 7-bit default alphabet and its extension table: data_coding {@code 0x00}, one septet per
 *       octet (unpacked, as SMPP carries it), extension characters as {@code 0x1B} + code. One segment holds 160
 *       septets; a concatenated message 153 per segment.</li>
 *   <li>Any other text: UCS-2, data_coding {@code 0x08}, UTF-16BE; a character outside the BMP (an emoji) takes two
 *       code units. One segment holds 70 units; a concatenated message 67 per segment.</li>
 * </ul>
 * Segments never split an escape sequence or a surrogate pair, so a segment may hold one unit less than the maximum.
 * Each segment of a concatenated message starts with the UDH {@code 05 00 03 REF TOTAL SEQ}.
 */
public final class SmsEncoder {

    /** data_coding of the GSM 7-bit default alphabet (SMSC default, SMPP 3.4 §5.2.19). */
    public static final byte DATA_CODING_GSM7 = 0x00;
    /** data_coding of UCS-2 (ISO/IEC 10646), SMPP 3.4 §5.2.19. */
    public static final byte DATA_CODING_UCS2 = 0x08;
    /** Septets in a single GSM 7-bit segment. */
    public static final int GSM7_SINGLE_SEPTETS = 160;
    /** Septets per segment of a concatenated GSM 7-bit message (160 less the 7 septets the 6-octet UDH takes). */
    public static final int GSM7_PART_SEPTETS = 153;
    /** UTF-16 code units in a single UCS-2 segment (140 octets). */
    public static final int UCS2_SINGLE_UNITS = 70;
    /** UTF-16 code units per segment of a concatenated UCS-2 message (134 octets after the UDH). */
    public static final int UCS2_PART_UNITS = 67;
    /** Most segments an 8-bit-reference concatenated message can have. */
    public static final int MAX_SEGMENTS = 255;

    private static final int UDH_LENGTH = 6;

    /**
     * Encodes a text.
     *
     * @param text the text; may be empty (one empty segment)
     * @param reference the concatenation reference number, 0-255, the same on every part of this message and
     *     different from the messages sent just before to the same recipient; used only if the text needs more than
     *     one segment
     * @return the data_coding and the segments
     * @throws IllegalArgumentException if the text needs more than {@value #MAX_SEGMENTS} segments
     */
    public EncodedSms encode(String text, int reference) {
        return GsmSeptetCounter.canEncode(text) ? encodeGsm7(text, reference) : encodeUcs2(text, reference);
    }

    private EncodedSms encodeGsm7(String text, int reference) {
        int septets = GsmSeptetCounter.count(text);
        if (septets <= GSM7_SINGLE_SEPTETS) {
            return new EncodedSms(DATA_CODING_GSM7, List.of(gsm7(text)), false, septets);
        }
        List<String> chunks = new ArrayList<>();
        int start = 0;
        int used = 0;
        for (int i = 0; i < text.length(); i++) {
            int n = GsmSeptetCounter.septets(text.charAt(i));
            if (used + n > GSM7_PART_SEPTETS) {
                chunks.add(text.substring(start, i));
                start = i;
                used = 0;
            }
            used += n;
        }
        chunks.add(text.substring(start));
        List<byte[]> parts = new ArrayList<>();
        for (String chunk : chunks) {
            parts.add(gsm7(chunk));
        }
        return new EncodedSms(DATA_CODING_GSM7, withUdh(parts, reference), true, septets);
    }

    private EncodedSms encodeUcs2(String text, int reference) {
        if (text.length() <= UCS2_SINGLE_UNITS) {
            return new EncodedSms(DATA_CODING_UCS2, List.of(text.getBytes(StandardCharsets.UTF_16BE)), false,
                    text.length());
        }
        List<byte[]> parts = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(start + UCS2_PART_UNITS, text.length());
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            parts.add(text.substring(start, end).getBytes(StandardCharsets.UTF_16BE));
            start = end;
        }
        return new EncodedSms(DATA_CODING_UCS2, withUdh(parts, reference), true, text.length());
    }

    private static byte[] gsm7(String text) {
        return CharsetUtil.CHARSET_GSM.encode(text);
    }

    private static List<byte[]> withUdh(List<byte[]> payloads, int reference) {
        int total = payloads.size();
        if (total > MAX_SEGMENTS) {
            throw new IllegalArgumentException("text needs " + total + " segments; at most " + MAX_SEGMENTS);
        }
        List<byte[]> parts = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(UDH_LENGTH + payloads.get(i).length);
            out.write(0x05);            // UDHL: 5 octets follow
            out.write(0x00);            // IEI: concatenated short messages, 8-bit reference (TS 23.040 §9.2.3.24.1)
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
