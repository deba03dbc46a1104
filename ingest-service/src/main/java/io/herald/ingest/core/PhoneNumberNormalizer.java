package io.herald.ingest.core;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
import java.util.Objects;

/**
 * Checks a phone number as a client wrote it and normalizes it to E.164 (ITU-T E.164: {@code +}, country code,
 * national significant number, at most 15 digits), with Google's libphonenumber metadata.
 *
 * <p>Accepted inputs: E.164 ({@code +4791234567}); international with spaces, dashes, dots or parentheses
 * ({@code +47 912 34 567}); international with the {@code 00} international prefix ({@code 0047 91234567}, also in
 * regions whose own prefix is another, such as {@code 011} in the US); and national numbers, read as numbers of the
 * default region ({@code 912 34 567} with region {@code NO}). The number must be valid for its region
 * ({@link PhoneNumberUtil#isValidNumber}), not merely possible. Thread-safe.
 */
public final class PhoneNumberNormalizer {

    private static final PhoneNumberUtil PHONE_NUMBERS = PhoneNumberUtil.getInstance();

    private final String defaultRegion;

    /**
     * @param defaultRegion the region national numbers belong to, an ISO-3166-1 alpha-2 code that libphonenumber
     *     supports (e.g. {@code NO}, {@code GB}); case-insensitive
     * @throws IllegalArgumentException if libphonenumber does not know the region
     */
    public PhoneNumberNormalizer(String defaultRegion) {
        String region = Objects.requireNonNull(defaultRegion, "defaultRegion").toUpperCase(Locale.ROOT);
        if (!PHONE_NUMBERS.getSupportedRegions().contains(region)) {
            throw new IllegalArgumentException("unknown region '" + defaultRegion
                    + "': expected an ISO-3166-1 alpha-2 code, e.g. NO");
        }
        this.defaultRegion = region;
    }

    /**
     * Normalizes a number.
     *
     * @param raw the number as the client wrote it; may be null
     * @return the E.164 form, or the reason the number was refused ({@code not a valid phone number},
     *     {@code invalid country code}, {@code wrong length for +47 numbers}, …)
     */
    public Result normalize(String raw) {
        if (raw == null || raw.isBlank()) {
            return Result.refused("missing phone number");
        }
        Result result = parse(raw.strip());
        if (!result.isValid() && startsWithDoubleZero(raw)) {
            // 00 is the international prefix almost everywhere; libphonenumber only applies the default region's own.
            Result international = parse("+" + raw.strip().substring(2));
            if (international.isValid()) {
                return international;
            }
        }
        return result;
    }

    /** @return the default region, upper case, e.g. {@code NO} */
    public String defaultRegion() {
        return defaultRegion;
    }

    private Result parse(String input) {
        PhoneNumber number;
        try {
            number = PHONE_NUMBERS.parse(input, defaultRegion);
        } catch (NumberParseException e) {
            return Result.refused(switch (e.getErrorType()) {
                case INVALID_COUNTRY_CODE -> "invalid country code";
                case NOT_A_NUMBER -> "not a phone number";
                case TOO_SHORT_AFTER_IDD, TOO_SHORT_NSN -> "too short for a phone number";
                case TOO_LONG -> "too long for a phone number";
            });
        }
        if (number.hasExtension()) {
            return Result.refused("extensions cannot receive messages");
        }
        if (PHONE_NUMBERS.isValidNumber(number)) {
            return Result.valid(PHONE_NUMBERS.format(number, PhoneNumberFormat.E164));
        }
        String country = "+" + number.getCountryCode();
        return Result.refused(switch (PHONE_NUMBERS.isPossibleNumberWithReason(number)) {
            case INVALID_COUNTRY_CODE -> "invalid country code";
            case TOO_SHORT -> "wrong length: too short for " + country + " numbers";
            case TOO_LONG -> "wrong length: too long for " + country + " numbers";
            case INVALID_LENGTH -> "wrong length for " + country + " numbers";
            case IS_POSSIBLE, IS_POSSIBLE_LOCAL_ONLY -> "not a valid phone number";
        });
    }

    private static boolean startsWithDoubleZero(String raw) {
        String stripped = raw.strip();
        return stripped.startsWith("00");
    }

    /**
     * The outcome of {@link #normalize(String)}: exactly one of {@code e164} and {@code reason} is non-null.
     *
     * @param e164 the number in E.164 form, e.g. {@code +4791234567}; null if refused
     * @param reason why the number was refused; null if valid
     */
    public record Result(String e164, String reason) {

        static Result valid(String e164) {
            return new Result(e164, null);
        }

        static Result refused(String reason) {
            return new Result(null, reason);
        }

        /** @return whether the number is valid and {@link #e164()} is set */
        public boolean isValid() {
            return e164 != null;
        }

        @Override
        public String toString() {
            return isValid() ? "Result[valid]" : "Result[reason=" + reason + "]";
        }
    }
}
