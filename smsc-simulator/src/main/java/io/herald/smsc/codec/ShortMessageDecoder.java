package io.herald.smsc.codec;

import com.cloudhopper.commons.charset.CharsetUtil;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Turns short_message octets into text according to data_coding (SMPP 3.4 §5.2.19, 3GPP TS 23.038 §4).
 *
 * <ul>
 *   <li>0x00: GSM 7-bit default alphabet, unpacked (one septet per octet), 0x1B escaping to the extension table
 *       (3GPP TS 23.038 §6.2.1 and §6.2.1.1)</li>
 *   <li>0x01: IA5 (US-ASCII)</li>
 *   <li>0x03: Latin-1 (ISO-8859-1)</li>
 *   <li>0x06: Cyrillic (ISO-8859-5), 0x07: Latin/Hebrew (ISO-8859-8)</li>
 *   <li>0x08: UCS-2, read as UTF-16BE so that surrogate pairs (emoji) decode</li>
 *   <li>0x02, 0x04 and the 8-bit classes of 3GPP TS 23.038: binary, returned as lowercase hex</li>
 *   <li>0x10–0x3F (general data coding) and 0xF0–0xFF (message class): the alphabet bits of 3GPP TS 23.038 §4</li>
 * </ul>
 * Any other value is read as Latin-1, so that nothing is lost.
 */
public final class ShortMessageDecoder {

    private static final Charset ISO_8859_5 = Charset.forName("ISO-8859-5");
    private static final Charset ISO_8859_8 = Charset.forName("ISO-8859-8");

    private ShortMessageDecoder() {
    }

    /**
     * @param dataCoding the data_coding octet, 0–255
     * @param octets     the user data without any UDH
     * @return the text; for a binary data_coding, the octets in lowercase hex
     */
    public static String decode(int dataCoding, byte[] octets) {
        switch (alphabet(dataCoding & 0xFF)) {
            case GSM7:
                return CharsetUtil.decode(octets, CharsetUtil.CHARSET_GSM);
            case ASCII:
                return new String(octets, StandardCharsets.US_ASCII);
            case LATIN1:
                return new String(octets, StandardCharsets.ISO_8859_1);
            case CYRILLIC:
                return new String(octets, ISO_8859_5);
            case HEBREW:
                return new String(octets, ISO_8859_8);
            case UCS2:
                return new String(octets, StandardCharsets.UTF_16BE);
            case BINARY:
            default:
                return HexFormat.of().formatHex(octets);
        }
    }

    private static Alphabet alphabet(int dataCoding) {
        switch (dataCoding) {
            case 0x00:
                return Alphabet.GSM7;
            case 0x01:
                return Alphabet.ASCII;
            case 0x02:
            case 0x04:
                return Alphabet.BINARY;
            case 0x03:
                return Alphabet.LATIN1;
            case 0x06:
                return Alphabet.CYRILLIC;
            case 0x07:
                return Alphabet.HEBREW;
            case 0x08:
                return Alphabet.UCS2;
            default:
                break;
        }
        if ((dataCoding & 0xF0) == 0xF0) {
            // Data coding/message class group: bit 2 is the alphabet, 0 = GSM 7-bit, 1 = 8-bit data.
            return (dataCoding & 0x04) == 0 ? Alphabet.GSM7 : Alphabet.BINARY;
        }
        if (dataCoding >= 0x10 && (dataCoding & 0xC0) == 0x00) {
            // General data coding group 00xx: bits 3-2 are the alphabet.
            switch ((dataCoding >> 2) & 0x03) {
                case 0:
                    return Alphabet.GSM7;
                case 2:
                    return Alphabet.UCS2;
                default:
                    return Alphabet.BINARY;
            }
        }
        return Alphabet.LATIN1;
    }

    private enum Alphabet { GSM7, ASCII, LATIN1, CYRILLIC, HEBREW, UCS2, BINARY }
}
