package io.herald.ingest.core;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules for a batch's {@code from}, the SMS originator address (SMPP 3.4 §5.2.8 {@code source_addr}; 3GPP
 * TS 23.040 §9.1.2.5 TP-OA).
 */
public final class SenderId {

    /** Alphanumeric originators carry at most 11 characters (TP-OA with GSM 7-bit, 3GPP TS 23.040). */
    public static final int MAX_ALPHANUMERIC_LENGTH = 11;

    /** E.164 numbers have at most 15 digits (ITU-T E.164 §6). */
    public static final int MAX_DIGITS = 15;

    private static final Pattern ALPHANUMERIC = Pattern.compile("[A-Za-z0-9]{1," + MAX_ALPHANUMERIC_LENGTH + "}");
    private static final Pattern SHORT_CODE_OR_NUMBER = Pattern.compile("[0-9]{1," + MAX_DIGITS + "}");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{0," + (MAX_DIGITS - 1) + "}");

    private SenderId() {
    }

    /**
     * Checks a sender id: 1–11 ASCII letters and digits ({@code HERALD}), a short code or national number of at most
     * 15 digits ({@code 2222}), or an E.164 number ({@code +4791234567}).
     *
     * @param from the sender id, or null
     * @return empty if valid, else what is wrong
     */
    public static Optional<String> problem(String from) {
        if (from == null) {
            return Optional.of("is required");
        }
        if (ALPHANUMERIC.matcher(from).matches() || SHORT_CODE_OR_NUMBER.matcher(from).matches()
                || E164.matcher(from).matches()) {
            return Optional.empty();
        }
        return Optional.of("must be 1-" + MAX_ALPHANUMERIC_LENGTH + " ASCII letters and digits, or a short code or"
                + " E.164 number of at most " + MAX_DIGITS + " digits");
    }
}
