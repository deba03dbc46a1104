package io.herald.sms;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The three kinds of SMS originator (SMPP 3.4 §5.2.8 {@code source_addr}; 3GPP TS 23.040 §9.1.2.5 TP-OA) Herald
 * accepts, with the TON/NPI each is sent with (SMPP 3.4 §5.2.5, §5.2.6). Ingest refuses any other sender; the
 * dispatcher maps each kind to its TON/NPI, so the two cannot disagree.
 *
 * <table>
 *   <caption>Sender kinds</caption>
 *   <tr><th>Kind</th><th>Form</th><th>Example</th><th>source_addr</th><th>TON</th><th>NPI</th></tr>
 *   <tr><td>{@link #ALPHANUMERIC}</td><td>1–11 characters of the GSM 7-bit default alphabet (3GPP TS 23.038 §6.2.1,
 *       no extension-table characters), at least one of them not a digit, no leading or trailing space, and not
 *       {@code +} and digits only (that must be E.164)</td>
 *       <td>{@code HERALD}, {@code Ærlig AS}</td><td>as given</td><td>5 alphanumeric</td><td>0 unknown</td></tr>
 *   <tr><td>{@link #SHORT_CODE}</td><td>1–8 digits</td><td>{@code 2222}</td><td>as given</td>
 *       <td>3 network specific</td><td>0 unknown</td></tr>
 *   <tr><td>{@link #E164}</td><td>{@code +}, a non-zero digit, at most 15 digits in all (ITU-T E.164 §6)</td>
 *       <td>{@code +4791234567}</td><td>the digits, without {@code +}</td><td>1 international</td>
 *       <td>1 ISDN (E.164)</td></tr>
 * </table>
 */
public enum SenderKind {

    /** Alphanumeric originator: TON 5, NPI 0. */
    ALPHANUMERIC,
    /** Short code: TON 3, NPI 0. */
    SHORT_CODE,
    /** International number: TON 1, NPI 1, sent without its {@code +}. */
    E164;

    /** Alphanumeric originators carry at most 11 characters (TP-OA: 10 octets of packed septets, 3GPP TS 23.040). */
    public static final int MAX_ALPHANUMERIC_LENGTH = 11;
    /** Short codes have at most 8 digits. */
    public static final int MAX_SHORT_CODE_DIGITS = 8;
    /** E.164 numbers have at most 15 digits (ITU-T E.164 §6). */
    public static final int MAX_E164_DIGITS = 15;

    private static final Pattern SHORT_CODE_PATTERN = Pattern.compile("[0-9]{1," + MAX_SHORT_CODE_DIGITS + "}");
    private static final Pattern E164_PATTERN = Pattern.compile("\\+[1-9][0-9]{0," + (MAX_E164_DIGITS - 1) + "}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern PLUS_DIGITS = Pattern.compile("\\+[0-9]*");

    /**
     * @param sender the sender id, or null
     * @return its kind, or empty if it is none of the three (or null)
     */
    public static Optional<SenderKind> of(String sender) {
        if (sender == null || sender.isEmpty()) {
            return Optional.empty();
        }
        if (E164_PATTERN.matcher(sender).matches()) {
            return Optional.of(E164);
        }
        if (SHORT_CODE_PATTERN.matcher(sender).matches()) {
            return Optional.of(SHORT_CODE);
        }
        if (!PLUS_DIGITS.matcher(sender).matches() && isAlphanumeric(sender)) {
            return Optional.of(ALPHANUMERIC);
        }
        return Optional.empty();
    }

    /**
     * Explains why a sender id is refused.
     *
     * @param sender the sender id, or null
     * @return empty if it is of a kind, else a sentence for humans
     */
    public static Optional<String> problem(String sender) {
        if (sender == null || sender.isEmpty()) {
            return Optional.of("is required");
        }
        if (of(sender).isPresent()) {
            return Optional.empty();
        }
        if (DIGITS.matcher(sender).matches()) {
            return Optional.of("has " + sender.length() + " digits: a short code has at most " + MAX_SHORT_CODE_DIGITS
                    + "; write a longer number in E.164 form, with a leading +");
        }
        if (PLUS_DIGITS.matcher(sender).matches()) {
            return Optional.of("is not an E.164 number: + then a non-zero digit, at most " + MAX_E164_DIGITS
                    + " digits in all");
        }
        return Optional.of("must be an alphanumeric id of 1-" + MAX_ALPHANUMERIC_LENGTH + " GSM 7-bit characters "
                + "(not only digits, no extension characters such as € or {, no leading or trailing space), a short "
                + "code of 1-" + MAX_SHORT_CODE_DIGITS + " digits, or an E.164 number (+ and at most "
                + MAX_E164_DIGITS + " digits)");
    }

    private static boolean isAlphanumeric(String sender) {
        if (sender.length() > MAX_ALPHANUMERIC_LENGTH || sender.charAt(0) == ' '
                || sender.charAt(sender.length() - 1) == ' ') {
            return false;
        }
        boolean nonDigit = false;
        for (int i = 0; i < sender.length(); i++) {
            char c = sender.charAt(i);
            if (GsmSeptetCounter.septets(c) != 1 || c == '\n' || c == '\r') {
                return false;
            }
            nonDigit |= c < '0' || c > '9';
        }
        return nonDigit;
    }
}
