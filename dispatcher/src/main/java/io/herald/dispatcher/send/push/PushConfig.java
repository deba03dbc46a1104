package io.herald.dispatcher.send.push;

import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;
import static org.apache.kafka.common.config.ConfigDef.Range.between;

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
 * The keys of the push gateways: APNs ({@code apns.*}, {@code gateway.type=apns}) and FCM ({@code fcm.*},
 * {@code gateway.type=fcm}); a fragment of {@link DispatcherConfig}'s {@link ConfigDef}, Kafka {@code ConsumerConfig}
 * style. Their table in {@code docs/configuration.md} is generated from {@link #define} and {@link #table}. Credentials
 * are files (a Kubernetes Secret mounted as a volume, see {@code docker/k8s/}); their contents are never logged.
 */
public final class PushConfig {

    /** APNs' production host (Apple: "Sending notification requests to APNs"). */
    public static final String APNS_PRODUCTION_HOST = "api.push.apple.com";
    /** APNs' development (sandbox) host. */
    public static final String APNS_SANDBOX_HOST = "api.sandbox.push.apple.com";

    public static final String APNS_HOST_CONFIG = "apns.host";
    static final String APNS_HOST_DOC = "APNs host: `" + APNS_PRODUCTION_HOST + "` (production), `"
            + APNS_SANDBOX_HOST + "` (development builds of the app), or a test server's.";
    public static final String DEFAULT_APNS_HOST = APNS_PRODUCTION_HOST;

    public static final String APNS_PORT_CONFIG = "apns.port";
    static final String APNS_PORT_DOC = "APNs port: 443, or 2197 where 443 is blocked.";
    public static final int DEFAULT_APNS_PORT = 443;

    public static final String APNS_SIGNING_KEY_FILE_CONFIG = "apns.signing.key.file";
    static final String APNS_SIGNING_KEY_FILE_DOC = "The token-authentication key (`AuthKey_<keyid>.p8`, PKCS#8 PEM) "
            + "from Apple's developer account; with `gateway.type=apns` this or `apns.signing.key` is required.";

    public static final String APNS_SIGNING_KEY_CONFIG = "apns.signing.key";
    static final String APNS_SIGNING_KEY_DOC = "The same key's content (the PEM text), instead of the file: for a "
            + "Secret given as an environment variable. Never logged.";

    public static final String APNS_KEY_ID_CONFIG = "apns.key.id";
    static final String APNS_KEY_ID_DOC = "The key's id (10 characters), the `kid` of the provider token.";

    public static final String APNS_TEAM_ID_CONFIG = "apns.team.id";
    static final String APNS_TEAM_ID_DOC = "The developer team id (10 characters), the `iss` of the provider token.";

    public static final String APNS_TOPIC_CONFIG = "apns.topic";
    static final String APNS_TOPIC_DOC = "The app's bundle id, sent as `apns-topic`.";

    public static final String APNS_TRUSTED_CERTIFICATE_FILE_CONFIG = "apns.trusted.certificate.file";
    static final String APNS_TRUSTED_CERTIFICATE_FILE_DOC = "PEM certificates to trust for the APNs server instead "
            + "of the JVM's trust store: for a test server only (the local stack's is self-signed).";

    public static final String APNS_CONNECTIONS_CONFIG = "apns.connections";
    static final String APNS_CONNECTIONS_DOC = "HTTP/2 connections to APNs; each carries many concurrent streams.";
    public static final int DEFAULT_APNS_CONNECTIONS = 1;

    public static final String APNS_CONNECT_TIMEOUT_MS_CONFIG = "apns.connect.timeout.ms";
    static final String APNS_CONNECT_TIMEOUT_MS_DOC = "Wait for the TCP and TLS connection to APNs.";
    public static final int DEFAULT_APNS_CONNECT_TIMEOUT_MS = 10_000;

    public static final String APNS_REQUEST_TIMEOUT_MS_CONFIG = "apns.request.timeout.ms";
    static final String APNS_REQUEST_TIMEOUT_MS_DOC = "Wait for APNs' answer to one notification; a timeout means "
            + "the gateway is unavailable (the retry carries the same `apns-id`).";
    public static final int DEFAULT_APNS_REQUEST_TIMEOUT_MS = 10_000;

    /** FCM's production base URL. */
    public static final String FCM_PRODUCTION_URL = "https://fcm.googleapis.com";

    public static final String FCM_URL_CONFIG = "fcm.url";
    static final String FCM_URL_DOC = "Base URL of the FCM HTTP v1 API; messages are POSTed to "
            + "`<url>/v1/projects/<project>/messages:send`.";
    public static final String DEFAULT_FCM_URL = FCM_PRODUCTION_URL;

    public static final String FCM_SERVICE_ACCOUNT_FILE_CONFIG = "fcm.service.account.file";
    static final String FCM_SERVICE_ACCOUNT_FILE_DOC = "The Firebase project's service-account key (JSON, from the "
            + "Firebase console); with `gateway.type=fcm` this or `fcm.service.account.json` is required.";

    public static final String FCM_SERVICE_ACCOUNT_JSON_CONFIG = "fcm.service.account.json";
    static final String FCM_SERVICE_ACCOUNT_JSON_DOC = "The same key's content (the JSON text), instead of the file: "
            + "for a Secret given as an environment variable. Never logged.";

    public static final String FCM_PROJECT_ID_CONFIG = "fcm.project.id";
    static final String FCM_PROJECT_ID_DOC = "The Firebase project id; empty: the key file's `project_id`.";

    public static final String FCM_TOKEN_URI_CONFIG = "fcm.token.uri";
    static final String FCM_TOKEN_URI_DOC = "OAuth2 token endpoint (RFC 7523 JWT bearer grant); empty: the key "
            + "file's `token_uri`.";

    public static final String FCM_CONNECT_TIMEOUT_MS_CONFIG = "fcm.connect.timeout.ms";
    static final String FCM_CONNECT_TIMEOUT_MS_DOC = "Wait for the TCP and TLS connection to FCM.";
    public static final int DEFAULT_FCM_CONNECT_TIMEOUT_MS = 5_000;

    public static final String FCM_REQUEST_TIMEOUT_MS_CONFIG = "fcm.request.timeout.ms";
    static final String FCM_REQUEST_TIMEOUT_MS_DOC = "Wait for FCM's whole answer to one message; a timeout means "
            + "the gateway is unavailable.";
    public static final int DEFAULT_FCM_REQUEST_TIMEOUT_MS = 10_000;

    private PushConfig() {
    }

    /**
     * Defines these keys.
     *
     * @param def the definition to add them to
     * @return {@code def}
     */
    public static ConfigDef define(ConfigDef def) {
        return def
                .define(APNS_HOST_CONFIG, Type.STRING, DEFAULT_APNS_HOST, new ConfigDef.NonEmptyString(),
                        Importance.HIGH, APNS_HOST_DOC)
                .define(APNS_PORT_CONFIG, Type.INT, DEFAULT_APNS_PORT, between(1, 65535), Importance.MEDIUM,
                        APNS_PORT_DOC)
                .define(APNS_SIGNING_KEY_FILE_CONFIG, Type.STRING, "", Importance.HIGH, APNS_SIGNING_KEY_FILE_DOC)
                .define(APNS_SIGNING_KEY_CONFIG, Type.PASSWORD, "", Importance.HIGH, APNS_SIGNING_KEY_DOC)
                .define(APNS_KEY_ID_CONFIG, Type.STRING, "", Importance.HIGH, APNS_KEY_ID_DOC)
                .define(APNS_TEAM_ID_CONFIG, Type.STRING, "", Importance.HIGH, APNS_TEAM_ID_DOC)
                .define(APNS_TOPIC_CONFIG, Type.STRING, "", Importance.HIGH, APNS_TOPIC_DOC)
                .define(APNS_TRUSTED_CERTIFICATE_FILE_CONFIG, Type.STRING, "", Importance.LOW,
                        APNS_TRUSTED_CERTIFICATE_FILE_DOC)
                .define(APNS_CONNECTIONS_CONFIG, Type.INT, DEFAULT_APNS_CONNECTIONS, between(1, 64),
                        Importance.MEDIUM, APNS_CONNECTIONS_DOC)
                .define(APNS_CONNECT_TIMEOUT_MS_CONFIG, Type.INT, DEFAULT_APNS_CONNECT_TIMEOUT_MS, atLeast(1),
                        Importance.MEDIUM, APNS_CONNECT_TIMEOUT_MS_DOC)
                .define(APNS_REQUEST_TIMEOUT_MS_CONFIG, Type.INT, DEFAULT_APNS_REQUEST_TIMEOUT_MS, atLeast(1),
                        Importance.MEDIUM, APNS_REQUEST_TIMEOUT_MS_DOC)
                .define(FCM_URL_CONFIG, Type.STRING, DEFAULT_FCM_URL, (name, value) -> httpUrl(name, (String) value),
                        Importance.HIGH, FCM_URL_DOC)
                .define(FCM_SERVICE_ACCOUNT_FILE_CONFIG, Type.STRING, "", Importance.HIGH,
                        FCM_SERVICE_ACCOUNT_FILE_DOC)
                .define(FCM_SERVICE_ACCOUNT_JSON_CONFIG, Type.PASSWORD, "", Importance.HIGH,
                        FCM_SERVICE_ACCOUNT_JSON_DOC)
                .define(FCM_PROJECT_ID_CONFIG, Type.STRING, "", Importance.HIGH, FCM_PROJECT_ID_DOC)
                .define(FCM_TOKEN_URI_CONFIG, Type.STRING, "", (name, value) -> {
                    if (!((String) value).isBlank()) {
                        httpUrl(name, (String) value);
                    }
                }, Importance.LOW, FCM_TOKEN_URI_DOC)
                .define(FCM_CONNECT_TIMEOUT_MS_CONFIG, Type.INT, DEFAULT_FCM_CONNECT_TIMEOUT_MS, atLeast(1),
                        Importance.MEDIUM, FCM_CONNECT_TIMEOUT_MS_DOC)
                .define(FCM_REQUEST_TIMEOUT_MS_CONFIG, Type.INT, DEFAULT_FCM_REQUEST_TIMEOUT_MS, atLeast(1),
                        Importance.MEDIUM, FCM_REQUEST_TIMEOUT_MS_DOC);
    }

    /**
     * Checks the keys {@code gateway.type=apns} needs together.
     *
     * @param config the parsed keys of a gateway of type {@code apns}
     * @throws ConfigException if the signing key (file or content; not both), key id, team id or topic is missing
     */
    public static void checkApns(AbstractConfig config) {
        oneOf(config, APNS_SIGNING_KEY_FILE_CONFIG, APNS_SIGNING_KEY_CONFIG, DispatcherConfig.GATEWAY_TYPE_APNS);
        for (String key : new String[] {APNS_KEY_ID_CONFIG, APNS_TEAM_ID_CONFIG}) {
            String value = config.getString(key);
            if (!value.matches("[A-Z0-9]{10}")) {
                throw new ConfigException(key, value, "must be 10 characters A-Z and 0-9 with "
                        + DispatcherConfig.GATEWAY_TYPE_CONFIG + "=" + DispatcherConfig.GATEWAY_TYPE_APNS);
            }
        }
        required(config, APNS_TOPIC_CONFIG, DispatcherConfig.GATEWAY_TYPE_APNS);
    }

    /**
     * Checks the keys {@code gateway.type=fcm} needs.
     *
     * @param config the parsed keys of a gateway of type {@code fcm}
     * @throws ConfigException if the service-account key (file or content; not both) is missing
     */
    public static void checkFcm(AbstractConfig config) {
        oneOf(config, FCM_SERVICE_ACCOUNT_FILE_CONFIG, FCM_SERVICE_ACCOUNT_JSON_CONFIG,
                DispatcherConfig.GATEWAY_TYPE_FCM);
    }

    /** A file key and a password key holding the same secret: exactly one of them set. */
    private static void oneOf(AbstractConfig config, String fileKey, String contentKey, String type) {
        boolean file = !config.getString(fileKey).isBlank();
        boolean content = !config.getPassword(contentKey).value().isBlank();
        if (file == content) {
            throw new ConfigException(fileKey, config.getString(fileKey), (file ? "and " + contentKey
                    + " are both set: give one" : "or " + contentKey + " is required") + " with "
                    + DispatcherConfig.GATEWAY_TYPE_CONFIG + "=" + type);
        }
    }

    private static void required(AbstractConfig config, String key, String type) {
        if (config.getString(key).isBlank()) {
            throw new ConfigException(key, config.getString(key),
                    "is required with " + DispatcherConfig.GATEWAY_TYPE_CONFIG + "=" + type);
        }
    }

    /**
     * @param name the key, for the error
     * @param url the value
     * @return the URI: absolute, http or https, with a host
     * @throws ConfigException if it is not
     */
    static URI httpUrl(String name, String url) {
        try {
            URI uri = new URI(url.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            throw new ConfigException(name, url, "must be an absolute http or https URL: " + e.getReason());
        }
        throw new ConfigException(name, url, "must be an absolute http or https URL with a host");
    }

    /** @return how {@code docs/configuration.md} shows these keys: type and unit, and what a default stands for */
    public static KeyTable table() {
        return new KeyTable("push")
                .key(APNS_HOST_CONFIG, "string, host name")
                .key(APNS_PORT_CONFIG, "int, 1-65535")
                .key(APNS_SIGNING_KEY_FILE_CONFIG, "string, file path", ": none")
                .key(APNS_SIGNING_KEY_CONFIG, "password, PEM text", ": none")
                .key(APNS_KEY_ID_CONFIG, "string, 10 characters", ": required with `gateway.type=apns`")
                .key(APNS_TEAM_ID_CONFIG, "string, 10 characters", ": required with `gateway.type=apns`")
                .key(APNS_TOPIC_CONFIG, "string, bundle id", ": required with `gateway.type=apns`")
                .key(APNS_TRUSTED_CERTIFICATE_FILE_CONFIG, "string, file path", ": the JVM's trust store")
                .key(APNS_CONNECTIONS_CONFIG, "int, 1-64")
                .key(APNS_CONNECT_TIMEOUT_MS_CONFIG, "int, ms")
                .key(APNS_REQUEST_TIMEOUT_MS_CONFIG, "int, ms")
                .key(FCM_URL_CONFIG, "string, absolute `http`/`https` URL")
                .key(FCM_SERVICE_ACCOUNT_FILE_CONFIG, "string, file path", ": none")
                .key(FCM_SERVICE_ACCOUNT_JSON_CONFIG, "password, JSON text", ": none")
                .key(FCM_PROJECT_ID_CONFIG, "string", ": the key file's `project_id`")
                .key(FCM_TOKEN_URI_CONFIG, "string, absolute `http`/`https` URL", ": the key file's `token_uri`")
                .key(FCM_CONNECT_TIMEOUT_MS_CONFIG, "int, ms")
                .key(FCM_REQUEST_TIMEOUT_MS_CONFIG, "int, ms");
    }
}
