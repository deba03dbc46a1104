package io.herald.sms;

/**
 * The two alphabets Herald sends SMS in, with their SMPP data_coding and segment capacities.
 */
public enum SmsEncoding {

    /**
     * GSM 7-bit default alphabet and its extension table (3GPP TS 23.038 §6.2.1), data_coding {@code 0x00} (SMPP 3.4
     * §5.2.19), one septet per octet (unpacked). Units are septets: 160 in a single segment, 153 per part of a
     * concatenated message (the 6-octet UDH takes 7 septets).
     */
    GSM7((byte) 0x00, 160, 153),

    /**
     * UCS-2 (ISO/IEC 10646), data_coding {@code 0x08}, sent as UTF-16BE so that characters outside the BMP travel as
     * surrogate pairs. Units are UTF-16 code units: 70 (140 octets) in a single segment, 67 (134 octets) per part of a
     * concatenated message.
     */
    UCS2((byte) 0x08, 70, 67);

    private final byte dataCoding;
    private final int singleUnits;
    private final int partUnits;

    SmsEncoding(byte dataCoding, int singleUnits, int partUnits) {
        this.dataCoding = dataCoding;
        this.singleUnits = singleUnits;
        this.partUnits = partUnits;
    }

    /** @return the SMPP 3.4 §5.2.19 data_coding octet: {@code 0x00} or {@code 0x08} */
    public byte dataCoding() {
        return dataCoding;
    }

    /** @return the units (septets or UTF-16 code units) one unconcatenated segment holds: 160 or 70 */
    public int singleUnits() {
        return singleUnits;
    }

    /** @return the most units one part of a concatenated message holds: 153 or 67 */
    public int partUnits() {
        return partUnits;
    }
}
