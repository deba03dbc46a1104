package io.herald.dispatcher.send.http;

import io.herald.dispatcher.config.DispatcherConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

/**
 * What the HTTP SMS gateway needs from {@link DispatcherConfig}.
 *
 * @param url the absolute http or https URL each message is POSTed to ({@code http.url})
 * @param auth how requests authenticate ({@code http.auth})
 * @param bearerToken the token for {@link Auth#BEARER}, else ignored; may be empty otherwise
 *     ({@code http.bearer.token})
 * @param basicUsername the user for {@link Auth#BASIC}, else ignored ({@code http.basic.username})
 * @param basicPassword the password for {@link Auth#BASIC}, else ignored ({@code http.basic.password})
 * @param providerIdPointer JSON Pointer (RFC 6901) to the provider's id in a 2xx answer's body, e.g. {@code /id}
 *     ({@code http.provider.id.pointer})
 * @param connectTimeoutMs TCP (and TLS) connect timeout, in ms, at least 1 ({@code http.connect.timeout.ms})
 * @param requestTimeoutMs how long one request may take from sending to the answer's last byte, in ms, at least 1
 *     ({@code http.request.timeout.ms})
 */
public record HttpGatewaySettings(URI url, Auth auth, String bearerToken, String basicUsername,
                                  String basicPassword, String providerIdPointer, int connectTimeoutMs,
                                  int requestTimeoutMs) {

    /** How requests authenticate. */
    public enum Auth {
        /** No {@code Authorization} header. */
        NONE,
        /** {@code Authorization: Bearer <token>} (RFC 6750 §2.1). */
        BEARER,
        /** {@code Authorization: Basic base64(<user>:<password>)}, UTF-8 (RFC 7617 §2). */
        BASIC
    }

    public HttpGatewaySettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(providerIdPointer, "providerIdPointer");
        bearerToken = bearerToken == null ? "" : bearerToken;
        basicUsername = basicUsername == null ? "" : basicUsername;
        basicPassword = basicPassword == null ? "" : basicPassword;
        if (connectTimeoutMs < 1 || requestTimeoutMs < 1) {
            throw new IllegalArgumentException("timeouts must be at least 1 ms");
        }
    }

    /**
     * @param config the dispatcher configuration, with {@code http.url} set
     * @return its http.* settings
     * @throws IllegalStateException if {@code http.url} is empty
     */
    public static HttpGatewaySettings from(DispatcherConfig config) {
        URI url = HttpGatewayConfig.httpUrl(config);
        if (url == null) {
            throw new IllegalStateException(HttpGatewayConfig.HTTP_URL_CONFIG + " is not set");
        }
        return new HttpGatewaySettings(
                url,
                Auth.valueOf(config.getString(HttpGatewayConfig.HTTP_AUTH_CONFIG).toUpperCase(Locale.ROOT)),
                config.getPassword(HttpGatewayConfig.HTTP_BEARER_TOKEN_CONFIG).value(),
                config.getString(HttpGatewayConfig.HTTP_BASIC_USERNAME_CONFIG),
                config.getPassword(HttpGatewayConfig.HTTP_BASIC_PASSWORD_CONFIG).value(),
                config.getString(HttpGatewayConfig.HTTP_PROVIDER_ID_POINTER_CONFIG),
                config.getInt(HttpGatewayConfig.HTTP_CONNECT_TIMEOUT_MS_CONFIG),
                config.getInt(HttpGatewayConfig.HTTP_REQUEST_TIMEOUT_MS_CONFIG));
    }

    /**
     * @return the {@code Authorization} header value: {@code Bearer <token>}, {@code Basic <base64>}, or null for
     *     {@link Auth#NONE}
     */
    public String authorization() {
        return switch (auth) {
            case NONE -> null;
            case BEARER -> "Bearer " + bearerToken;
            case BASIC -> "Basic " + Base64.getEncoder().encodeToString(
                    (basicUsername + ":" + basicPassword).getBytes(StandardCharsets.UTF_8));
        };
    }

    /** @return the URL without user info, query or fragment (any of which may hold a secret), for logs */
    public String safeUrl() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort())
                + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    /** Leaves the credentials, the query and the user info out. */
    @Override
    public String toString() {
        return "HttpGatewaySettings[" + safeUrl() + ", auth=" + auth + ", providerIdPointer=" + providerIdPointer
                + ", connectTimeoutMs=" + connectTimeoutMs + ", requestTimeoutMs=" + requestTimeoutMs + "]";
    }
}
