package io.herald.ingest.template;

import java.util.Optional;
import java.util.regex.Pattern;

/** The rule for named template ids: 1–{@value #MAX_LENGTH} ASCII letters, digits, {@code _}, {@code .} or {@code -}. */
public final class TemplateId {

    /** The most characters an id may have. */
    public static final int MAX_LENGTH = 64;

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.\\-]{1," + MAX_LENGTH + "}");

    private TemplateId() {
    }

    /**
     * Checks a template id, case-sensitive ({@code OTP} and {@code otp} are two templates).
     *
     * @param id the id, or null
     * @return empty if valid, else what is wrong (without quoting the id)
     */
    public static Optional<String> problem(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.of("is required");
        }
        if (id.length() > MAX_LENGTH) {
            return Optional.of("must have at most " + MAX_LENGTH + " characters, has " + id.length());
        }
        if (!VALID.matcher(id).matches()) {
            return Optional.of("must consist of ASCII letters, digits, '_', '.' or '-'");
        }
        return Optional.empty();
    }
}
