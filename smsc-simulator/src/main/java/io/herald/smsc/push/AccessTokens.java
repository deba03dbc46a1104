package io.herald.smsc.push;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OAuth 2.0 bearer access tokens (RFC 6750) the FCM token endpoint issued: opaque, {@code ya29.} and 43 base64url
 * characters (256 random bits), valid {@value #LIFETIME_SECONDS} s. Expired tokens are forgotten at the next issue.
 * Thread-safe.
 */
final class AccessTokens {

    /** How long an issued token is valid, in seconds: {@code expires_in} of the token answer. */
    static final int LIFETIME_SECONDS = 3600;

    private static final int TOKEN_BYTES = 32;

    /**
     * @param expiresAt when it stops being valid
     * @param scopes    the scopes it was issued for
     */
    record Issued(Instant expiresAt, Set<String> scopes) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Issued> issued = new ConcurrentHashMap<>();

    /**
     * @param scopes the scopes granted
     * @param now    the time of issue
     * @return a new token
     */
    String issue(Set<String> scopes, Instant now) {
        issued.values().removeIf(token -> !token.expiresAt().isAfter(now));
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String token = "ya29." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        issued.put(token, new Issued(now.plusSeconds(LIFETIME_SECONDS), Set.copyOf(scopes)));
        return token;
    }

    /**
     * @param token a bearer token
     * @param now   the time of use
     * @return the token's grant, or empty when this server did not issue it or it has expired
     */
    Optional<Issued> find(String token, Instant now) {
        Issued found = issued.get(token);
        return found != null && found.expiresAt().isAfter(now) ? Optional.of(found) : Optional.empty();
    }
}
