package io.herald.sms;

import com.cloudhopper.commons.charset.GSMCharset;

/**
 * Counts septets of text in the GSM 7-bit default alphabet per 3GPP TS 23.038 §6.2.1: a character of the default
 * table takes one septet; a character of the extension table ({@code \f ^ { } \ [ ~ ] |} and {@code €}, §6.2.1.1)
 * takes two, the escape {@code 0x1B} and its code. The tables are Cloudhopper's {@link GSMCharset}, the same the
 * SMSC simulator decodes with.
 */
public final class GsmSeptetCounter {

    private static final int ESCAPE = 0x1B;
    private static final boolean[] BASIC = new boolean[Character.MAX_VALUE + 1];
    private static final boolean[] EXTENSION = new boolean[Character.MAX_VALUE + 1];
    /** A character's septet: its default-table code, or (for an extension character) its extension-table code. */
    private static final byte[] CODE = new byte[Character.MAX_VALUE + 1];

    static {
        for (int code = 0; code < GSMCharset.EXT_CHAR_TABLE.length; code++) {
            char c = GSMCharset.EXT_CHAR_TABLE[code];
            if (c != 0) {
                EXTENSION[c] = true;
                CODE[c] = (byte) code;
            }
        }
        for (int code = 0; code < GSMCharset.CHAR_TABLE.length; code++) {
            // CHAR_TABLE holds a placeholder at the escape position: it is not a character of the alphabet.
            if (code != ESCAPE) {
                char c = GSMCharset.CHAR_TABLE[code];
                BASIC[c] = true;
                EXTENSION[c] = false;
                CODE[c] = (byte) code;
            }
        }
    }

    private GsmSeptetCounter() {
    }

    /**
     * @param c a UTF-16 code unit
     * @return 1 for a default-alphabet character, 2 for an extension-table character, 0 if the alphabet lacks it
     */
    public static int septets(char c) {
        if (BASIC[c]) {
            return 1;
        }
        return EXTENSION[c] ? 2 : 0;
    }

    /**
     * @param text any text
     * @return true if every character is in the default alphabet or its extension table
     */
    public static boolean canEncode(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (septets(text.charAt(i)) == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Encodes text as unpacked septets, one per byte (the user data of a submit_sm with data_coding 0, SMPP 3.4
     * §5.2.19): a default-alphabet character is its code, an extension character the escape {@code 0x1B} and its
     * code (3GPP TS 23.038 §6.2.1.1). The same bytes as Cloudhopper's {@code CharsetUtil.CHARSET_GSM.encode}, from a
     * table instead of a search per character.
     *
     * @param text text for which {@link #canEncode} is true
     * @return its septets
     * @throws IllegalArgumentException if a character is not in the GSM 7-bit alphabet
     */
    public static byte[] encode(CharSequence text) {
        byte[] septets = new byte[count(text)];
        int at = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!BASIC[c]) {
                septets[at++] = ESCAPE;
            }
            septets[at++] = CODE[c];
        }
        return septets;
    }

    /**
     * @param text text for which {@link #canEncode} is true
     * @return its length in septets, extension characters counting two
     * @throws IllegalArgumentException if a character is not in the GSM 7-bit alphabet
     */
    public static int count(CharSequence text) {
        int septets = 0;
        for (int i = 0; i < text.length(); i++) {
            int n = septets(text.charAt(i));
            if (n == 0) {
                throw new IllegalArgumentException("character U+" + String.format("%04X", (int) text.charAt(i))
                        + " at index " + i + " is not in the GSM 7-bit default alphabet");
            }
            septets += n;
        }
        return septets;
    }
}
