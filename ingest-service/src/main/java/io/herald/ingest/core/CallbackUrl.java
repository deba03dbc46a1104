package io.herald.ingest.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/** Checks a batch's {@code callbackUrl}: an absolute {@code http} or {@code https} URL with a host. */
public final class CallbackUrl {

    /** The longest callback URL accepted, in characters. */
    public static final int MAX_LENGTH = 2048;

    private CallbackUrl() {
    }

    /**
     * @param url the URL as given, or null (no callback)
     * @return what is wrong with it, or empty if it is null or valid
     */
    public static Optional<String> problem(String url) {
        if (url == null) {
            return Optional.empty();
        }
        if (url.length() > MAX_LENGTH) {
            return Optional.of("must have at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("must be an absolute http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("must name a host");
        }
        if (uri.getFragment() != null) {
            return Optional.of("must not have a fragment (#…)");
        }
        return Optional.empty();
    }
}
