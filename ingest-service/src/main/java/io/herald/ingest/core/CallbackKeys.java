package io.herald.ingest.core;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The keys that sign completion callbacks (HMAC-SHA256), one per API client. A batch without a client id uses the key
 * of the client {@value #DEFAULT_CLIENT}.
 */
public final class CallbackKeys {

    /** The client id of batches that name no client. */
    public static final String DEFAULT_CLIENT = "default";

    /** The shortest key accepted, in bytes of UTF-8 (RFC 2104 §3: at least the hash's output length, 32). */
    public static final int MIN_KEY_BYTES = 32;

    private final Map<String, byte[]> keys;

    /**
     * @param keys client id → key (UTF-8 text of at least {@value #MIN_KEY_BYTES} bytes)
     * @throws IllegalArgumentException if a key is shorter
     */
    public CallbackKeys(Map<String, String> keys) {
        Map<String, byte[]> copy = new TreeMap<>();
        keys.forEach((client, key) -> {
            byte[] bytes = key == null ? new byte[0] : key.getBytes(StandardCharsets.UTF_8);
            if (bytes.length == 0) {
                return; // an unset environment variable: no key for this client
            }
            if (bytes.length < MIN_KEY_BYTES) {
                throw new IllegalArgumentException("the callback signing key of client " + client + " has "
                        + bytes.length + " bytes; at least " + MIN_KEY_BYTES + " are needed");
            }
            copy.put(client, bytes);
        });
        this.keys = Map.copyOf(copy);
    }

    /**
     * @param clientId the batch's client id, or null for {@value #DEFAULT_CLIENT}
     * @return the client's key, or empty if it has none (then its batches may not ask for a callback)
     */
    public Optional<byte[]> keyFor(String clientId) {
        return Optional.ofNullable(keys.get(clientId == null ? DEFAULT_CLIENT : clientId)).map(byte[]::clone);
    }
}
