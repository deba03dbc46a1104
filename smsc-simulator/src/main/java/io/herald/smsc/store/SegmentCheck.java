package io.herald.smsc.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks the parts of one message the way a strict SMSC would before it packs them for the air interface (3GPP
 * TS 23.038, TS 23.040 §9.2.3.24.1), and lists what a well-behaved ESME should not have sent:
 * <ul>
 *   <li>parts of one message with different data_coding;</li>
 *   <li>a part over capacity: GSM 7-bit (data_coding 0x00, one septet per octet) more than 160 septets alone or 153 in
 *       a concatenated message; UCS-2 (0x08) more than 140 octets alone or 134 in a concatenated message (the UDH,
 *       or the one the SMSC builds from SAR TLVs, takes the rest);</li>
 *   <li>UCS-2 user data of odd length;</li>
 *   <li>a part boundary inside a GSM escape sequence (a part other than the last ending with 0x1B) or inside a UTF-16
 *       surrogate pair (a part ending with a high surrogate or starting with a low one), which a handset showing
 *       the parts one by one would garble.</li>
 * </ul>
 * The simulator still reassembles and records such a message; the anomalies go with it ({@code GET /messages}).
 */
final class SegmentCheck {

    private static final int GSM7 = 0x00;
    private static final int UCS2 = 0x08;
    private static final int ESCAPE = 0x1B;

    private SegmentCheck() {
    }

    /**
     * @param parts every part of one message, in segment order; at least one
     * @return the anomalies, each a sentence naming the part (from 1); empty if none
     */
    static List<String> anomalies(List<MessagePart> parts) {
        List<String> anomalies = new ArrayList<>();
        int dataCoding = parts.get(0).dataCoding();
        boolean concatenated = parts.size() > 1;
        for (int i = 0; i < parts.size(); i++) {
            MessagePart part = parts.get(i);
            byte[] data = part.userData();
            int n = i + 1;
            if (part.dataCoding() != dataCoding) {
                anomalies.add("part " + n + " has data_coding " + part.dataCoding() + ", part 1 has " + dataCoding);
                continue;
            }
            if (dataCoding == GSM7) {
                int max = concatenated ? 153 : 160;
                if (data.length > max) {
                    anomalies.add("part " + n + " has " + data.length + " septets, more than " + max);
                }
                if (i < parts.size() - 1 && endsInsideEscape(data)) {
                    anomalies.add("part " + n + " ends inside a GSM escape sequence");
                }
            } else if (dataCoding == UCS2) {
                int max = concatenated ? 134 : 140;
                if (data.length > max) {
                    anomalies.add("part " + n + " has " + data.length + " octets of UCS-2, more than " + max);
                }
                if (data.length % 2 != 0) {
                    anomalies.add("part " + n + " has an odd number of UCS-2 octets");
                } else if (data.length > 0) {
                    if (Character.isHighSurrogate(unit(data, data.length - 2)) && i < parts.size() - 1) {
                        anomalies.add("part " + n + " ends with a high surrogate: a surrogate pair is split");
                    }
                    if (Character.isLowSurrogate(unit(data, 0)) && i > 0) {
                        anomalies.add("part " + n + " starts with a low surrogate: a surrogate pair is split");
                    }
                }
            }
        }
        return anomalies;
    }

    /** @return true if the octets end with an escape that is not itself the second half of an escape sequence */
    private static boolean endsInsideEscape(byte[] data) {
        int escapes = 0;
        for (int i = data.length - 1; i >= 0 && (data[i] & 0xFF) == ESCAPE; i--) {
            escapes++;
        }
        return escapes % 2 == 1;
    }

    private static char unit(byte[] data, int offset) {
        return (char) (((data[offset] & 0xFF) << 8) | (data[offset + 1] & 0xFF));
    }
}
