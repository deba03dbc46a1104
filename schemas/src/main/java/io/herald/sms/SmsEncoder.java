package io.herald.sms;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the alphabet of a text, counts it and splits it into SMS segments, per 3GPP TS 23.038 (alphabets) and
 * TS 23.040 §9.2.3.24.1 (concatenated short messages).
 *
 * <ul>
 *   <li>Text whose every character is in the GSM 7-bit default alphabet or its extension table is
 *       {@link SmsEncoding#GSM7}: a default character is one septet, an extension character ({@code ^ { } \ [ ~ ] |},
 *       {@code €} and form feed) two, the escape {@code 0x1B} and its code. 160 septets fit one segment; a longer
 *       text goes in parts of at most 153.</li>
 *   <li>Any other text is {@link SmsEncoding#UCS2}, counted in UTF-16 code units: a character outside the BMP (an
 *       emoji) is a surrogate pair, two units. 70 units fit one segment; a longer text goes in parts of at most
 *       67.</li>
 * </ul>
 * A part never ends inside an escape sequence or a surrogate pair; such a character moves whole to the next part, so a
 * part may hold one unit less than the maximum and the segment count is that of the real split, which can exceed
 * {@code ceil(units / 153)} (or 67). {@link #info(String)} and {@link #encode(String)} share that split, so they
 * always agree. Stateless and thread-safe.
 */
public final class SmsEncoder {

    /** Most segments a concatenated message can have (the total is one octet in the UDH and in sar_total_segments). */
    public static final int MAX_SEGMENTS = 255;

    private SmsEncoder() {
    }

    /**
     * Counts a text without encoding it.
     *
     * @param text the text, not null; may be empty (one segment of 0 units)
     * @return the alphabet, the units (septets or UTF-16 code units) and the segments it takes; the segments are not
     *     capped at {@value #MAX_SEGMENTS}
     */
    public static SmsInfo info(String text) {
        SmsEncoding encoding = encodingOf(text);
        int units = units(text, encoding);
        return new SmsInfo(encoding, units, boundaries(text, encoding, units).size() - 1);
    }

    /**
     * Encodes and splits a text.
     *
     * @param text the text, not null; may be empty (one empty GSM 7-bit segment)
     * @return the alphabet, the user data of each segment (without UDH) and the units; its {@link EncodedSms#info()}
     *     equals {@link #info(String)} of the same text
     * @throws IllegalArgumentException if the text needs more than {@value #MAX_SEGMENTS} segments
     */
    public static EncodedSms encode(String text) {
        SmsEncoding encoding = encodingOf(text);
        int units = units(text, encoding);
        List<Integer> bounds = boundaries(text, encoding, units);
        int segments = bounds.size() - 1;
        if (segments > MAX_SEGMENTS) {
            throw new IllegalArgumentException("text needs " + segments + " segments; at most " + MAX_SEGMENTS);
        }
        List<byte[]> payloads = new ArrayList<>(segments);
        for (int i = 0; i < segments; i++) {
            String chunk = text.substring(bounds.get(i), bounds.get(i + 1));
            payloads.add(encoding == SmsEncoding.GSM7 ? GsmSeptetCounter.encode(chunk)
                    : chunk.getBytes(StandardCharsets.UTF_16BE));
        }
        return new EncodedSms(encoding, payloads, units);
    }

    private static SmsEncoding encodingOf(String text) {
        return GsmSeptetCounter.canEncode(text) ? SmsEncoding.GSM7 : SmsEncoding.UCS2;
    }

    private static int units(String text, SmsEncoding encoding) {
        return encoding == SmsEncoding.GSM7 ? GsmSeptetCounter.count(text) : text.length();
    }

    /** @return the char indices where segments start, then {@code text.length()}: segments + 1 entries */
    private static List<Integer> boundaries(String text, SmsEncoding encoding, int units) {
        List<Integer> bounds = new ArrayList<>();
        bounds.add(0);
        if (units > encoding.singleUnits()) {
            int used = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                int n;
                if (encoding == SmsEncoding.GSM7) {
                    n = GsmSeptetCounter.septets(c);
                } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    n = 2;
                } else {
                    n = 1;
                }
                if (used + n > encoding.partUnits()) {
                    bounds.add(i);
                    used = 0;
                }
                used += n;
                i += (encoding == SmsEncoding.UCS2 ? n - 1 : 0);
            }
        }
        bounds.add(text.length());
        return bounds;
    }
}
