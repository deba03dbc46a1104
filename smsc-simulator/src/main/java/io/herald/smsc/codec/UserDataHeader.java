package io.herald.smsc.codec;

/**
 * The user data header at the start of a short_message whose esm_class has the UDHI bit (0x40) set, per 3GPP TS 23.040
 * §9.2.3.24: one octet UDHL, then UDHL octets of information elements (IEI, IE length, IE data).
 *
 * @param length        octets the header takes at the start of the user data, UDHL included
 * @param concatenation the concatenation IE (IEI 0x00, 8-bit reference, or IEI 0x08, 16-bit reference), or null when
 *                      there is none or its values are out of range (the receiver then ignores it, §9.2.3.24.1)
 */
public record UserDataHeader(int length, Concatenation concatenation) {

    /** ESME_RINVMSGLEN, SMPP 3.4 §5.1.3. */
    static final int ESME_RINVMSGLEN = 0x01;

    private static final int IEI_CONCAT_8BIT = 0x00;
    private static final int IEI_CONCAT_16BIT = 0x08;

    /**
     * Parses the header at the start of {@code userData}.
     *
     * @param userData the short_message (or message_payload) octets, header first
     * @return the header
     * @throws InvalidShortMessageException (ESME_RINVMSGLEN) when the data is empty or the header or one of its IEs
     *                                      runs past the end
     */
    public static UserDataHeader parse(byte[] userData) throws InvalidShortMessageException {
        if (userData.length == 0) {
            throw new InvalidShortMessageException("UDHI set but short_message is empty", ESME_RINVMSGLEN);
        }
        int headerLength = 1 + (userData[0] & 0xFF);
        if (headerLength > userData.length) {
            throw new InvalidShortMessageException("UDH length " + headerLength + " exceeds short_message length "
                    + userData.length, ESME_RINVMSGLEN);
        }
        Concatenation concatenation = null;
        int i = 1;
        while (i < headerLength) {
            if (i + 1 >= headerLength) {
                throw new InvalidShortMessageException("truncated UDH information element", ESME_RINVMSGLEN);
            }
            int iei = userData[i] & 0xFF;
            int ieLength = userData[i + 1] & 0xFF;
            int data = i + 2;
            if (data + ieLength > headerLength) {
                throw new InvalidShortMessageException("UDH information element 0x" + Integer.toHexString(iei)
                        + " runs past the header", ESME_RINVMSGLEN);
            }
            if (iei == IEI_CONCAT_8BIT && ieLength == 3) {
                concatenation = new Concatenation(userData[data] & 0xFF, userData[data + 1] & 0xFF,
                        userData[data + 2] & 0xFF);
            } else if (iei == IEI_CONCAT_16BIT && ieLength == 4) {
                concatenation = new Concatenation(((userData[data] & 0xFF) << 8) | (userData[data + 1] & 0xFF),
                        userData[data + 2] & 0xFF, userData[data + 3] & 0xFF);
            }
            i = data + ieLength;
        }
        if (concatenation != null && !concatenation.isValid()) {
            concatenation = null;
        }
        return new UserDataHeader(headerLength, concatenation);
    }
}
