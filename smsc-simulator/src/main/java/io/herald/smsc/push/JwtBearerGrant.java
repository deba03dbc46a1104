package io.herald.smsc.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.smsc.push.ServiceAccountKeyFile.ServiceAccount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Checks a service account's token request: the JWT bearer grant of RFC 7523 §2.1 as Google's OAuth 2.0 server takes
 * it ("Using OAuth 2.0 for Server to Server Applications", what google-auth-library's
 * {@code ServiceAccountCredentials.refreshAccessToken()} sends): form fields
 * {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer} and {@code assertion=<JWT>}, the JWT signed RS256
 * (RFC 7518 §3.3) with the service account's key, {@code iss} its client_email, {@code aud} the token endpoint,
 * {@code iat}/{@code exp} at most an hour apart and {@code exp} in the future (RFC 7523 §3), {@code scope} the
 * space-separated scopes asked for.
 */
final class JwtBearerGrant {

    /** The grant_type of a JWT bearer grant, RFC 7523 §2.1. */
    static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    /**
     * Google's token endpoint. google-auth-library puts it in {@code aud} whatever the key file's token_uri, and
     * Google's server takes it, so this server takes it as well as its own URL.
     */
    static final String GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token";

    private static final Duration MAX_LIFETIME = Duration.ofHours(1);
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final String BAD_TIMES = "Invalid JWT: Token must be a short-lived token (60 minutes) and in a "
            + "reasonable timeframe. Check your iat and exp values in the JWT claim.";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * An error answer per RFC 6749 §5.2: 400 {@code {"error":"...","error_description":"..."}}.
     */
    static final class OAuthError extends Exception {
        private static final long serialVersionUID = 1L;

        private final String error;

        OAuthError(String error, String description) {
            super(description, null, false, false);
            this.error = error;
        }

        /** @return the RFC 6749 error code: invalid_request, unsupported_grant_type, invalid_grant, invalid_scope */
        String error() {
            return error;
        }
    }

    private JwtBearerGrant() {
    }

    /**
     * @param form     the decoded form fields of the request body
     * @param account  the service account whose key verifies the JWT
     * @param tokenUri this endpoint's URL, also taken as {@code aud}
     * @param now      the time to check {@code iat} and {@code exp} against
     * @return the scopes asked for, in order
     * @throws OAuthError invalid_request without grant_type or assertion; unsupported_grant_type for another grant;
     *                    invalid_grant for a malformed JWT, another algorithm or key, a bad signature, another
     *                    issuer or audience, or bad times; invalid_scope without a scope
     */
    static Set<String> verify(Map<String, String> form, ServiceAccount account, String tokenUri, Instant now)
            throws OAuthError {
        String grantType = form.get("grant_type");
        if (grantType == null || grantType.isEmpty()) {
            throw new OAuthError("invalid_request", "Missing required parameter: grant_type");
        }
        if (!GRANT_TYPE.equals(grantType)) {
            throw new OAuthError("unsupported_grant_type", "Invalid grant_type: " + grantType);
        }
        String assertion = form.get("assertion");
        if (assertion == null || assertion.isEmpty()) {
            throw new OAuthError("invalid_request", "Missing required parameter: assertion");
        }
        String[] parts = assertion.split("\\.", -1);
        if (parts.length != 3) {
            throw new OAuthError("invalid_grant", "Invalid JWT: not header.claims.signature");
        }
        JsonNode header = decode(parts[0]);
        JsonNode claims = decode(parts[1]);
        checkSignature(parts, header, account);
        if (!account.clientEmail().equals(claims.path("iss").asText())) {
            throw new OAuthError("invalid_grant", "Invalid grant: account not found");
        }
        String audience = claims.path("aud").asText();
        if (!audience.equals(tokenUri) && !audience.equals(GOOGLE_TOKEN_URI)) {
            throw new OAuthError("invalid_grant", "Invalid JWT: Failed audience check. The expected audience is "
                    + tokenUri + ".");
        }
        checkTimes(claims, now);
        Set<String> scopes = new LinkedHashSet<>(Arrays.asList(claims.path("scope").asText().trim().split("\\s+")));
        scopes.remove("");
        if (scopes.isEmpty()) {
            throw new OAuthError("invalid_scope", "Invalid OAuth scope or ID token audience provided.");
        }
        return scopes;
    }

    private static JsonNode decode(String part) throws OAuthError {
        try {
            JsonNode node = JSON.readTree(Base64.getUrlDecoder().decode(part));
            if (node == null || !node.isObject()) {
                throw new OAuthError("invalid_grant", "Invalid JWT: a part is not a JSON object");
            }
            return node;
        } catch (IOException | IllegalArgumentException e) {
            throw new OAuthError("invalid_grant", "Invalid JWT: a part is not base64url JSON");
        }
    }

    private static void checkSignature(String[] parts, JsonNode header, ServiceAccount account) throws OAuthError {
        if (!"RS256".equals(header.path("alg").asText())) {
            throw new OAuthError("invalid_grant", "Invalid JWT: alg must be RS256");
        }
        String keyId = header.path("kid").asText(null);
        if (keyId != null && account.privateKeyId() != null && !keyId.equals(account.privateKeyId())) {
            throw new OAuthError("invalid_grant", "Invalid JWT Signature.");
        }
        boolean valid;
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(account.publicKey());
            rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            valid = rs256.verify(Base64.getUrlDecoder().decode(parts[2]));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            valid = false;
        }
        if (!valid) {
            throw new OAuthError("invalid_grant", "Invalid JWT Signature.");
        }
    }

    private static void checkTimes(JsonNode claims, Instant now) throws OAuthError {
        if (!claims.path("iat").canConvertToLong() || !claims.path("exp").canConvertToLong()) {
            throw new OAuthError("invalid_grant", BAD_TIMES);
        }
        Instant issuedAt = Instant.ofEpochSecond(claims.path("iat").asLong());
        Instant expiresAt = Instant.ofEpochSecond(claims.path("exp").asLong());
        if (!expiresAt.isAfter(now) || issuedAt.isAfter(now.plus(CLOCK_SKEW))
                || Duration.between(issuedAt, expiresAt).compareTo(MAX_LIFETIME) > 0) {
            throw new OAuthError("invalid_grant", BAD_TIMES);
        }
    }
}
