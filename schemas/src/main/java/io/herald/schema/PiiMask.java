package io.herald.schema;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Masks personal data for logs. Herald never logs a phone number or an e-mail address in clear, nor a message text at
 * INFO; every module masks through this class, so that the rule lives in one place.
 *
 * <p>Two forms. By default a recipient keeps a few characters ({@code +47912****67}). With a hash key (system
 * property {@value #HASH_KEY_PROPERTY}, else environment variable {@value #HASH_KEY_ENV}, read once when the class is
 * loaded; at least 16 bytes of UTF-8) it keeps only its first 3 characters (the {@code +} and 2 digits of a country
 * code, or the start of one) or its domain, plus 10 hex digits of HMAC-SHA256 of the whole recipient under the key
 * ({@code +47#5c1d0e9a2b}): the same recipient gives the same form in every log of every process with the same key,
 * so lines can still be matched, but no digit of the subscriber number is shown, and without the key no guess can be
 * checked.
 */
public final class PiiMask {

    /** The system property that holds the hash key. */
    public static final String HASH_KEY_PROPERTY = "herald.pii.hashKey";
    /** The environment variable that holds the hash key, when the system property is not set. */
    public static final String HASH_KEY_ENV = "HERALD_PII_HASH_KEY";
    /** The shortest hash key accepted, in UTF-8 bytes; a shorter one is ignored (with the default form kept). */
    public static final int MIN_HASH_KEY_BYTES = 16;

    private static final int PHONE_KEEP_HEAD = 6;
    private static final int PHONE_KEEP_TAIL = 2;
    private static final int HASHED_PHONE_HEAD = 3;
    private static final int HASH_HEX_DIGITS = 10;
    private static final byte[] HASH_KEY = configuredKey();

    private PiiMask() {
    }

    /**
     * Masks a recipient for a log line. Without a hash key: an E.164 number keeps its first 6 and last 2 characters
     * ({@code +4791234567} becomes {@code +47912****67}); an e-mail address keeps the first character of the local
     * part and the domain ({@code ola@example.com} becomes {@code o***@example.com}); anything else that is not
     * blank becomes {@code ****}. With one: {@code +47#5c1d0e9a2b}, {@code #5c1d0e9a2b@example.com}.
     *
     * @param recipient an E.164 number, an e-mail address, any other string, or null
     * @return the masked form; {@code "null"} for null
     */
    public static String recipient(String recipient) {
        return recipient(recipient, HASH_KEY);
    }

    /**
     * Masks a recipient as {@link #recipient(String)} does, under a given hash key.
     *
     * @param recipient an E.164 number, an e-mail address, any other string, or null
     * @param hashKey the HMAC-SHA256 key, or null for the default form
     * @return the masked form; {@code "null"} for null
     */
    static String recipient(String recipient, byte[] hashKey) {
        if (recipient == null) {
            return "null";
        }
        int at = recipient.indexOf('@');
        if (hashKey != null) {
            String hash = "#" + hash(recipient, hashKey);
            if (at > 0) {
                return hash + recipient.substring(at);
            }
            return recipient.length() > PHONE_KEEP_HEAD + PHONE_KEEP_TAIL
                    ? recipient.substring(0, HASHED_PHONE_HEAD) + hash : hash;
        }
        if (at > 0) {
            return recipient.charAt(0) + "***" + recipient.substring(at);
        }
        int length = recipient.length();
        if (length > PHONE_KEEP_HEAD + PHONE_KEEP_TAIL) {
            return recipient.substring(0, PHONE_KEEP_HEAD) + "****" + recipient.substring(length - PHONE_KEEP_TAIL);
        }
        return "****";
    }

    private static String hash(String recipient, byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal(recipient.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_HEX_DIGITS);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** @return the configured hash key, or null if none (or one shorter than {@value #MIN_HASH_KEY_BYTES} bytes) */
    private static byte[] configuredKey() {
        String key = System.getProperty(HASH_KEY_PROPERTY);
        if (key == null || key.isEmpty()) {
            key = System.getenv(HASH_KEY_ENV);
        }
        if (key == null) {
            return null;
        }
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        return bytes.length >= MIN_HASH_KEY_BYTES ? bytes : null;
    }
}
