package io.herald.dispatcher.send.http;

import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;

import com.fasterxml.jackson.core.JsonPointer;
import io.herald.dispatcher.config.DispatcherConfig;
import io.herald.dispatcher.config.KeyTable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The keys of the HTTP SMS gateway ({@code http.*}): a fragment of {@link DispatcherConfig}'s {@link ConfigDef}, Kafka
 * {@code ConsumerConfig} style (a {@code *_CONFIG} key, its {@code *_DOC}, a {@code DEFAULT_*} and a validator). Their
 * table in {@code docs/configuration.md} is generated from {@link #define} and {@link #table} by
 * {@link io.herald.dispatcher.config.ConfigurationDocGenerator}.
 */
public final class HttpGatewayConfig {

    public static final String HTTP_URL_CONFIG = "http.url";
    static final String HTTP_URL_DOC = "URL each message is POSTed to as JSON, e.g. "
            + "`https://sms.example.com/v1/messages`.";

    public static final String HTTP_AUTH_NONE = "none";
    public static final String HTTP_AUTH_BEARER = "bearer";
    public static final String HTTP_AUTH_BASIC = "basic";
    public static final String HTTP_AUTH_CONFIG = "http.auth";
    static final String HTTP_AUTH_DOC = "How requests authenticate: `bearer` with `http.bearer.token` (RFC 6750 "
            + "§2.1), `basic` with `http.basic.*` (RFC 7617).";
    public static final String DEFAULT_HTTP_AUTH = HTTP_AUTH_NONE;

    public static final String HTTP_BEARER_TOKEN_CONFIG = "http.bearer.token";
    static final String HTTP_BEARER_TOKEN_DOC = "Token of `http.auth=bearer`, required then; never logged.";

    public static final String HTTP_BASIC_USERNAME_CONFIG = "http.basic.username";
    static final String HTTP_BASIC_USERNAME_DOC = "User of `http.auth=basic`, required then (RFC 7617 §2).";

    public static final String HTTP_BASIC_PASSWORD_CONFIG = "http.basic.password";
    static final String HTTP_BASIC_PASSWORD_DOC = "Password of `http.auth=basic`; never logged.";

    public static final String HTTP_PROVIDER_ID_POINTER_CONFIG = "http.provider.id.pointer";
    static final String HTTP_PROVIDER_ID_POINTER_DOC = "Where a 2xx answer's JSON body has the provider's message "
            + "id; it becomes the SENT status's `gatewayMessageId`. Missing: permanent failure `HTTP_NO_PROVIDER_ID`.";
    public static final String DEFAULT_HTTP_PROVIDER_ID_POINTER = "/id";

    public static final String HTTP_CONNECT_TIMEOUT_MS_CONFIG = "http.connect.timeout.ms";
    static final String HTTP_CONNECT_TIMEOUT_MS_DOC = "Wait for the TCP (and TLS) connection; a timeout or refusal "
            + "means the gateway is unavailable.";
    public static final int DEFAULT_HTTP_CONNECT_TIMEOUT_MS = 5_000;

    public static final String HTTP_REQUEST_TIMEOUT_MS_CONFIG = "http.request.timeout.ms";
    static final String HTTP_REQUEST_TIMEOUT_MS_DOC = "Wait for the whole answer once a request is sent; a timeout "
            + "means the gateway is unavailable (the retry carries the same `Idempotency-Key`).";
    public static final int DEFAULT_HTTP_REQUEST_TIMEOUT_MS = 10_000;

    private HttpGatewayConfig() {
    }

    /**
     * Defines these keys.
     *
     * @param def the definition to add them to
     * @return {@code def}
     */
    public static ConfigDef define(ConfigDef def) {
        return def
                .define(HTTP_URL_CONFIG, Type.STRING, "", (name, value) -> {
                    String url = ((String) value).trim();
                    if (!url.isEmpty()) {
                        parseHttpUrl(name, url);
                    }
                }, Importance.HIGH, HTTP_URL_DOC)
                .define(HTTP_AUTH_CONFIG, Type.STRING, DEFAULT_HTTP_AUTH,
                        ConfigDef.ValidString.in(HTTP_AUTH_NONE, HTTP_AUTH_BEARER, HTTP_AUTH_BASIC), Importance.HIGH,
                        HTTP_AUTH_DOC)
                .define(HTTP_BEARER_TOKEN_CONFIG, Type.PASSWORD, "", Importance.HIGH, HTTP_BEARER_TOKEN_DOC)
                .define(HTTP_BASIC_USERNAME_CONFIG, Type.STRING, "", Importance.HIGH, HTTP_BASIC_USERNAME_DOC)
                .define(HTTP_BASIC_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.HIGH, HTTP_BASIC_PASSWORD_DOC)
                .define(HTTP_PROVIDER_ID_POINTER_CONFIG, Type.STRING, DEFAULT_HTTP_PROVIDER_ID_POINTER,
                        (name, value) -> {
                    try {
                        JsonPointer.compile((String) value);
                    } catch (IllegalArgumentException | NullPointerException e) {
                        throw new ConfigException(name, value,
                                "must be a JSON Pointer (RFC 6901), empty or starting with /");
                    }
                }, Importance.MEDIUM, HTTP_PROVIDER_ID_POINTER_DOC)
                .define(HTTP_CONNECT_TIMEOUT_MS_CONFIG, Type.INT, DEFAULT_HTTP_CONNECT_TIMEOUT_MS, atLeast(1),
                        Importance.MEDIUM, HTTP_CONNECT_TIMEOUT_MS_DOC)
                .define(HTTP_REQUEST_TIMEOUT_MS_CONFIG, Type.INT, DEFAULT_HTTP_REQUEST_TIMEOUT_MS, atLeast(1),
                        Importance.MEDIUM, HTTP_REQUEST_TIMEOUT_MS_DOC);
    }

    /**
     * Checks the {@code http.*} keys that {@code gateway.type=http} needs together: the URL, and the credentials of
     * the chosen auth.
     *
     * @param config the parsed keys of a gateway of type {@code http}
     * @throws ConfigException if {@value #HTTP_URL_CONFIG} is empty, or the auth's credentials are missing
     */
    public static void checkGateway(AbstractConfig config) {
        if (config.getString(HTTP_URL_CONFIG).isBlank()) {
            throw new ConfigException(HTTP_URL_CONFIG, config.getString(HTTP_URL_CONFIG),
                    "is required with " + DispatcherConfig.GATEWAY_TYPE_CONFIG + "="
                    + DispatcherConfig.GATEWAY_TYPE_HTTP);
        }
        String auth = config.getString(HTTP_AUTH_CONFIG);
        if (HTTP_AUTH_BEARER.equals(auth) && config.getPassword(HTTP_BEARER_TOKEN_CONFIG).value().isBlank()) {
            throw new ConfigException(HTTP_BEARER_TOKEN_CONFIG, "[hidden]",
                    "is required with " + HTTP_AUTH_CONFIG + "=" + HTTP_AUTH_BEARER);
        }
        if (HTTP_AUTH_BASIC.equals(auth)) {
            String user = config.getString(HTTP_BASIC_USERNAME_CONFIG);
            if (user.isEmpty() || user.indexOf(':') >= 0) {
                throw new ConfigException(HTTP_BASIC_USERNAME_CONFIG, user,
                        "is required with " + HTTP_AUTH_CONFIG + "=" + HTTP_AUTH_BASIC + " and may not contain ':'");
            }
        }
    }

    /**
     * Parses {@value #HTTP_URL_CONFIG}.
     *
     * @param name the key, for the error
     * @param url the value, not blank
     * @return the URI: absolute, http or https, with a host
     * @throws ConfigException if it is not such a URI
     */
    static URI parseHttpUrl(String name, String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new ConfigException(name, url, "must be an absolute http or https URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new ConfigException(name, url, "must be an absolute http or https URL with a host");
        }
        return uri;
    }

    /**
     * @param config the parsed keys
     * @return {@value #HTTP_URL_CONFIG} as a URI, or null when it is empty
     */
    public static URI httpUrl(AbstractConfig config) {
        String url = config.getString(HTTP_URL_CONFIG);
        return url.isBlank() ? null : parseHttpUrl(HTTP_URL_CONFIG, url);
    }

    /** @return how {@code docs/configuration.md} shows these keys: type and unit, and what a default stands for */
    public static KeyTable table() {
        return new KeyTable("http")
                .key(HTTP_URL_CONFIG, "string, absolute `http`/`https` URL", ": required with `gateway.type=http`")
                .key(HTTP_AUTH_CONFIG, "string: `none`, `bearer` or `basic`")
                .key(HTTP_BEARER_TOKEN_CONFIG, "password")
                .key(HTTP_BASIC_USERNAME_CONFIG, "string, no `:`")
                .key(HTTP_BASIC_PASSWORD_CONFIG, "password")
                .key(HTTP_PROVIDER_ID_POINTER_CONFIG, "string, JSON Pointer (RFC 6901)")
                .key(HTTP_CONNECT_TIMEOUT_MS_CONFIG, "int, ms")
                .key(HTTP_REQUEST_TIMEOUT_MS_CONFIG, "int, ms");
    }
}
