package io.herald.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * API keys: how they are made and how the configuration stores them. A key is {@value #PREFIX} followed by 32 random
 * bytes in unpadded base64url (RFC 4648 §5), 48 characters in all. The configuration holds only its SHA-256 hash
 * (FIPS 180-4), as 64 lower-case hex digits, so a leaked config file gives no key away. The random bytes make a
 * dictionary attack on the hash pointless, so no salt or slow hash is needed.
 */
public final class ApiKeys {

    /** Every key starts with this, so that secret scanners and humans can tell a Herald key. */
    public static final String PREFIX = "hrld_";

    /** The pattern of a stored key hash: SHA-256 as 64 hex digits. */
    public static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int KEY_BYTES = 32;

    private ApiKeys() {
    }

    /** @return a fresh key, {@value #PREFIX} and 43 base64url characters (256 random bits) */
    public static String generate() {
        byte[] bytes = new byte[KEY_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * @param key a key as a client sends it (any string: a wrong key hashes to a hash no client has)
     * @return its SHA-256 hash of the key's UTF-8 bytes, as 64 lower-case hex digits
     */
    public static String hash(String key) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
