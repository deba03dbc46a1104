package io.herald.smsc.push;

/** Masks device tokens and access tokens for log lines: a token is a credential of sorts and is never logged whole. */
public final class TokenMask {

    private static final int KEEP = 4;
    private static final int SHORTEST_SHOWN = 12;

    private TokenMask() {
    }

    /**
     * @param token a device token, access token or any other secret-ish string, or null
     * @return its first and last 4 characters around {@code ****} ({@code abcd****wxyz}); {@code ****} for a token
     *         shorter than 12 characters; {@code "null"} for null
     */
    public static String mask(String token) {
        if (token == null) {
            return "null";
        }
        if (token.length() < SHORTEST_SHOWN) {
            return "****";
        }
        return token.substring(0, KEEP) + "****" + token.substring(token.length() - KEEP);
    }
}
