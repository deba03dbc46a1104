package io.herald.push;

import io.herald.schema.PushPlatform;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What makes a push recipient and a push batch's fields valid, per platform: one set of rules for ingest's checks and
 * for anything else that reads them.
 *
 * <ul>
 *   <li>An APNs device token is hexadecimal, {@value #APNS_MIN_TOKEN_LENGTH} to {@value #APNS_MAX_TOKEN_LENGTH}
 *       characters (32 bytes today; Apple says tokens may grow, so longer ones are taken); it is compared and stored
 *       lower-cased.</li>
 *   <li>An FCM registration token is {@value #FCM_MIN_TOKEN_LENGTH} to {@value #FCM_MAX_TOKEN_LENGTH} characters of
 *       the URL-safe Base64 alphabet plus {@code :} (the form Firebase issues, e.g. {@code cXyz…:APA91b…}).</li>
 *   <li>A data key is 1 to {@value #MAX_DATA_KEY_LENGTH} characters of letters, digits, {@code _}, {@code -} and
 *       {@code .}, and none of those the services reserve: APNs' {@code aps}, FCM's {@code from},
 *       {@code notification}, {@code message_type} and any key starting with {@code google} or {@code gcm}
 *       (Firebase, "Set message data").</li>
 * </ul>
 */
public final class PushRules {

    /** Data keys APNs or FCM keep for themselves, lower-cased. */
    private static final Set<String> RESERVED_DATA_KEYS = Set.of("aps", "from", "notification", "message_type");

    /** The shortest APNs device token, in hex characters (32 bytes). */
    public static final int APNS_MIN_TOKEN_LENGTH = 64;
    /** The longest APNs device token taken, in hex characters (100 bytes). */
    public static final int APNS_MAX_TOKEN_LENGTH = 200;
    /** The shortest FCM registration token taken, in characters. */
    public static final int FCM_MIN_TOKEN_LENGTH = 64;
    /** The longest FCM registration token taken, in characters. */
    public static final int FCM_MAX_TOKEN_LENGTH = 4096;
    /** The longest data key, in characters. */
    public static final int MAX_DATA_KEY_LENGTH = 64;
    /** The most data entries a push may carry. */
    public static final int MAX_DATA_ENTRIES = 64;
    /** The longest collapse key, in characters (APNs' {@code apns-collapse-id} limit). */
    public static final int MAX_COLLAPSE_KEY_LENGTH = 64;
    /** The longest sound name, in characters. */
    public static final int MAX_SOUND_LENGTH = 64;
    /** The largest badge number. */
    public static final int MAX_BADGE = 99_999;

    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
    private static final Pattern FCM_TOKEN = Pattern.compile("[A-Za-z0-9_:\\-]+");
    private static final Pattern DATA_KEY = Pattern.compile("[A-Za-z0-9_.\\-]+");

    private PushRules() {
    }

    /**
     * @param platform {@code ios} or {@code android}, as a batch gives it (case-insensitive)
     * @return the platform, or empty if it is neither
     */
    public static Optional<PushPlatform> platform(String platform) {
        if (platform == null) {
            return Optional.empty();
        }
        return switch (platform.toLowerCase(Locale.ROOT)) {
            case "ios" -> Optional.of(PushPlatform.IOS);
            case "android" -> Optional.of(PushPlatform.ANDROID);
            default -> Optional.empty();
        };
    }

    /**
     * A device token checked for its platform.
     *
     * @param token the token as stored and used as the record key (APNs: lower-cased), or null if invalid
     * @param problem why it is invalid, naming no part of it; null if valid
     */
    public record Token(String token, String problem) {

        /** @return whether the token is valid */
        public boolean isValid() {
            return problem == null;
        }
    }

    /**
     * @param platform the token's platform
     * @param token the token as the client gave it
     * @return the token, normalized, or why it is not one of {@code platform}'s
     */
    public static Token token(PushPlatform platform, String token) {
        if (token == null || token.isEmpty()) {
            return new Token(null, "is required: the device token");
        }
        if (platform == PushPlatform.IOS) {
            if (token.length() < APNS_MIN_TOKEN_LENGTH || token.length() > APNS_MAX_TOKEN_LENGTH
                    || !HEX.matcher(token).matches()) {
                return new Token(null, "is not an APNs device token: " + APNS_MIN_TOKEN_LENGTH + " to "
                        + APNS_MAX_TOKEN_LENGTH + " hexadecimal characters (has " + token.length() + " characters)");
            }
            return new Token(token.toLowerCase(Locale.ROOT), null);
        }
        if (token.length() < FCM_MIN_TOKEN_LENGTH || token.length() > FCM_MAX_TOKEN_LENGTH
                || !FCM_TOKEN.matcher(token).matches()) {
            return new Token(null, "is not an FCM registration token: " + FCM_MIN_TOKEN_LENGTH + " to "
                    + FCM_MAX_TOKEN_LENGTH + " characters of A-Z, a-z, 0-9, '_', '-' and ':' (has " + token.length()
                    + " characters)");
        }
        return new Token(token, null);
    }

    /**
     * @param key a key of a push batch's {@code data}
     * @return why it cannot be used, or empty if it can
     */
    public static Optional<String> dataKeyProblem(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_DATA_KEY_LENGTH || !DATA_KEY.matcher(key).matches()) {
            return Optional.of("keys are 1-" + MAX_DATA_KEY_LENGTH + " characters of A-Z, a-z, 0-9, '_', '-' and '.'");
        }
        String lower = key.toLowerCase(Locale.ROOT);
        if (RESERVED_DATA_KEYS.contains(lower) || lower.startsWith("google") || lower.startsWith("gcm")
                || lower.startsWith("herald_")) {
            return Optional.of("'" + key + "' is reserved by APNs, FCM or Herald (aps, from, notification,"
                    + " message_type, google*, gcm*, herald_*)");
        }
        return Optional.empty();
    }
}
