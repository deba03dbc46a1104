package io.herald.ingest.callback;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a completion callback, in the header {@value #HEADER}: {@code t=<unix seconds>,v1=<hex>}, where
 * {@code v1} is the lower-case hex HMAC-SHA256 (RFC 2104) under the client's key of the UTF-8 bytes of
 * {@code <t>.<body>}. A receiver recomputes it over the raw body, compares in constant time, and refuses a {@code t}
 * too far from its clock (replays).
 */
public final class CallbackSignature {

    /** The header that carries the signature. */
    public static final String HEADER = "Herald-Signature";

    private CallbackSignature() {
    }

    /**
     * @param key the client's signing key
     * @param epochSeconds the signing time, seconds since the epoch
     * @param body the exact body bytes sent
     * @return the header value, {@code t=<epochSeconds>,v1=<64 hex digits>}
     */
    public static String sign(byte[] key, long epochSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((epochSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return "t=" + epochSeconds + ",v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
