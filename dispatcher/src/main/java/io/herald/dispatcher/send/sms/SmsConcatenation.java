package io.herald.dispatcher.send.sms;

import java.util.Locale;

/**
 * How the segments of a concatenated SMS are tied together on the wire ({@code smpp.concatenation}).
 */
public enum SmsConcatenation {

    /**
     * A user data header in each {@code short_message}, {@code 05 00 03 REF TOTAL SEQ} (3GPP TS 23.040
     * §9.2.3.24.1, 8-bit reference), with esm_class UDHI {@code 0x40}. Understood by every SMSC; the default.
     */
    UDH,

    /**
     * No header in the user data, esm_class {@code 0x00}, and the SMPP 3.4 TLVs sar_msg_ref_num (16-bit reference),
     * sar_total_segments and sar_segment_seqnum (§5.3.2.22–24); the SMSC builds the UDH. For gateways that ask for it.
     */
    SAR;

    /**
     * @param value {@code udh} or {@code sar}, any case
     * @return the mode
     * @throws IllegalArgumentException for any other value
     */
    public static SmsConcatenation parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    /** @return the configuration value, {@code udh} or {@code sar} */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
