package io.herald.smsc.smpp;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The short_message of a delivery receipt, in the format of SMPP 3.4 Appendix B:
 * {@code id:IIIIIIIIII sub:001 dlvrd:001 submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DELIVRD err:000 text:...}.
 * Dates are in UTC. The text field holds the first 20 characters of the message, each character outside the set that
 * reads the same in ASCII and in the GSM 7-bit default alphabet (letters, digits, space and
 * {@code !"#%&'()*+,-./:;<=>?}) replaced by '?', so that the receipt decodes identically whatever alphabet the ESME
 * assumes for data_coding 0.
 */
public final class DeliveryReceiptText {

    /** Characters of the message that the receipt's text field repeats. */
    public static final int TEXT_LENGTH = 20;

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyMMddHHmm").withZone(ZoneOffset.UTC);

    private DeliveryReceiptText() {
    }

    /**
     * @param messageId  the submit_sm_resp message_id the receipt is for
     * @param submitDate when the submit_sm arrived
     * @param doneDate   when the message reached its final state
     * @param text       the message text (only its first 20 characters are used), not null
     * @return the receipt text with stat:DELIVRD and err:000
     */
    public static String delivered(String messageId, Instant submitDate, Instant doneDate, String text) {
        return "id:" + messageId + " sub:001 dlvrd:001 submit date:" + DATE.format(submitDate) + " done date:"
                + DATE.format(doneDate) + " stat:DELIVRD err:000 text:" + portable(text);
    }

    /**
     * @param messageId  the submit_sm_resp message_id the receipt is for
     * @param submitDate when the submit_sm arrived
     * @param doneDate   when the message reached its final state
     * @param text       the message text (only its first 20 characters are used), not null
     * @return the receipt text with dlvrd:000, stat:UNDELIV and err:001
     */
    public static String undelivered(String messageId, Instant submitDate, Instant doneDate, String text) {
        return "id:" + messageId + " sub:001 dlvrd:000 submit date:" + DATE.format(submitDate) + " done date:"
                + DATE.format(doneDate) + " stat:UNDELIV err:001 text:" + portable(text);
    }

    private static String portable(String text) {
        StringBuilder out = new StringBuilder(TEXT_LENGTH);
        text.codePoints().limit(TEXT_LENGTH).forEach(c -> out.append(isPortable(c) ? (char) c : '?'));
        return out.toString();
    }

    private static boolean isPortable(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0x20 && c <= 0x3F && c != '$');
    }
}
