package io.herald.schema;

/**
 * Masks personal data for logs. Herald never logs a phone number or an e-mail address in clear, nor a message text at
 * INFO; every module masks through this class, so that the rule lives in one place.
 */
public final class PiiMask {

    private static final int PHONE_KEEP_HEAD = 6;
    private static final int PHONE_KEEP_TAIL = 2;

    private PiiMask() {
    }

    /**
     * Masks a recipient for a log line: an E.164 number keeps its first 6 and last 2 characters
     * ({@code +4791234567} becomes {@code +47912****67}); an e-mail address keeps the first character of the local
     * part and the domain ({@code ola@example.com} becomes {@code o***@example.com}); anything else that is not
     * blank becomes {@code ****}.
     *
     * @param recipient an E.164 number, an e-mail address, any other string, or null
     * @return the masked form; {@code "null"} for null
     */
    public static String recipient(String recipient) {
        if (recipient == null) {
            return "null";
        }
        int at = recipient.indexOf('@');
        if (at > 0) {
            return recipient.charAt(0) + "***" + recipient.substring(at);
        }
        int length = recipient.length();
        if (length > PHONE_KEEP_HEAD + PHONE_KEEP_TAIL) {
            return recipient.substring(0, PHONE_KEEP_HEAD) + "****" + recipient.substring(length - PHONE_KEEP_TAIL);
        }
        return "****";
    }
}
