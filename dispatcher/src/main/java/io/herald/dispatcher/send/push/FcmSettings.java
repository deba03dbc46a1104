package io.herald.dispatcher.send.push;

import io.herald.dispatcher.config.DispatcherConfig;
import java.net.URI;
import java.util.Objects;

/**
 * What the FCM gateway needs from {@link DispatcherConfig} ({@code fcm.*}, see {@link PushConfig}).
 *
 * @param url the API's base URL, e.g. {@value PushConfig#FCM_PRODUCTION_URL}
 * @param serviceAccountFile path of the service-account key (JSON)
 * @param projectId the Firebase project id, or null for the key file's {@code project_id}
 * @param tokenUri the OAuth2 token endpoint, or null for the key file's {@code token_uri}
 * @param connectTimeoutMs TCP and TLS connect timeout, in ms
 * @param requestTimeoutMs how long one send may take to its answer's last byte, in ms
 */
public record FcmSettings(URI url, String serviceAccountFile, String projectId, URI tokenUri, int connectTimeoutMs,
                          int requestTimeoutMs) {

    public FcmSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(serviceAccountFile, "serviceAccountFile");
        if (connectTimeoutMs < 1 || requestTimeoutMs < 1) {
            throw new IllegalArgumentException("timeouts must be at least 1 ms");
        }
    }

    /**
     * @param config a gateway's keys, checked by {@link PushConfig#checkFcm}
     * @return its {@code fcm.*} settings
     */
    public static FcmSettings from(DispatcherConfig config) {
        String project = config.getString(PushConfig.FCM_PROJECT_ID_CONFIG);
        String tokenUri = config.getString(PushConfig.FCM_TOKEN_URI_CONFIG);
        return new FcmSettings(PushConfig.httpUrl(PushConfig.FCM_URL_CONFIG,
                        config.getString(PushConfig.FCM_URL_CONFIG)),
                config.getString(PushConfig.FCM_SERVICE_ACCOUNT_FILE_CONFIG),
                project.isBlank() ? null : project,
                tokenUri.isBlank() ? null : PushConfig.httpUrl(PushConfig.FCM_TOKEN_URI_CONFIG, tokenUri),
                config.getInt(PushConfig.FCM_CONNECT_TIMEOUT_MS_CONFIG),
                config.getInt(PushConfig.FCM_REQUEST_TIMEOUT_MS_CONFIG));
    }
}
