package io.herald.smsc.codec;

/**
 * Where one part sits in a concatenated short message, from a UDH concatenation information element (3GPP TS 23.040
 * §9.2.3.24.1 and §9.2.3.24.8) or from the SMPP 3.4 SAR TLVs (§5.3.2.22–24).
 *
 * @param reference     the concatenated message reference number, 0–255 (8-bit IE) or 0–65535 (16-bit IE, SAR)
 * @param totalSegments number of parts, 1–255
 * @param segmentNumber this part's number, 1–totalSegments
 * @param via           where the values came from
 */
public record Concatenation(int reference, int totalSegments, int segmentNumber, Via via) {

    /** Where a part's concatenation values came from. */
    public enum Via {
        /** A UDH concatenation IE in the user data (esm_class UDHI), 8- or 16-bit reference. */
        UDH,
        /** The SMPP 3.4 TLVs sar_msg_ref_num, sar_total_segments, sar_segment_seqnum (§5.3.2.22–24). */
        SAR
    }

    /** A part's place from a UDH concatenation IE. */
    public Concatenation(int reference, int totalSegments, int segmentNumber) {
        this(reference, totalSegments, segmentNumber, Via.UDH);
    }

    /**
     * @return whether the values are usable: at least one part and a part number within 1–total
     */
    public boolean isValid() {
        return totalSegments >= 1 && segmentNumber >= 1 && segmentNumber <= totalSegments;
    }
}
