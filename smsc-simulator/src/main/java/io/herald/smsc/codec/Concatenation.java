package io.herald.smsc.codec;

/**
 * Where one part sits in a concatenated short message, from a UDH concatenation information element (3GPP TS 23.040
 * §9.2.3.24.1 and §9.2.3.24.8) or from the SMPP 3.4 SAR TLVs (§5.3.2.22–24).
 *
 * @param reference     the concatenated message reference number, 0–255 (8-bit IE) or 0–65535 (16-bit IE, SAR)
 * @param totalSegments number of parts, 1–255
 * @param segmentNumber this part's number, 1–totalSegments
 */
public record Concatenation(int reference, int totalSegments, int segmentNumber) {

    /**
     * @return whether the values are usable: at least one part and a part number within 1–total
     */
    public boolean isValid() {
        return totalSegments >= 1 && segmentNumber >= 1 && segmentNumber <= totalSegments;
    }
}
