package io.herald.it;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** What a receiver computes to check a callback's {@code Herald-Signature} (docs/status.md). */
final class CallbackSignatures {

    private CallbackSignatures() {
    }

    /**
     * @param key the client's signing key, UTF-8
     * @param signed {@code <t>.<raw body>}
     * @return the lower-case hex HMAC-SHA256 of {@code signed} under {@code key}, the {@code v1} of the header
     */
    static String hmac(String key, String signed) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        StringBuilder hex = new StringBuilder();
        for (byte b : mac.doFinal(signed.getBytes(StandardCharsets.UTF_8))) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }
}
