package io.herald.dispatcher.send.push;

import io.herald.dispatcher.config.DispatcherConfig;
import java.net.URI;
import java.util.Objects;

/**
 * What the FCM gateway needs from {@link DispatcherConfig} ({@code fcm.*}, see {@link PushConfig}).
 *
 * @param url the API's base URL, e.g. {@value PushConfig#FCM_PRODUCTION_URL}
 * @param serviceAccountFile path of the service-account key (JSON), or null when {@code serviceAccountJson} holds it
 * @param serviceAccountJson the key's JSON text, or null when {@code serviceAccountFile} holds it; never logged
 * @param projectId the Firebase project id, or null for the key file's {@code project_id}
 * @param tokenUri the OAuth2 token endpoint, or null for the key file's {@code token_uri}
 * @param connectTimeoutMs TCP and TLS connect timeout, in ms
 * @param requestTimeoutMs how long one send may take to its answer's last byte, in ms
 */
public record FcmSettings(URI url, String serviceAccountFile, String serviceAccountJson, String projectId, URI tokenUri,
                          int connectTimeoutMs, int requestTimeoutMs) {

    public FcmSettings {
        Objects.requireNonNull(url, "url");
        if ((serviceAccountFile == null) == (serviceAccountJson == null)) {
            throw new IllegalArgumentException("one of serviceAccountFile and serviceAccountJson");
        }
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
        String file = config.getString(PushConfig.FCM_SERVICE_ACCOUNT_FILE_CONFIG);
        String json = config.getPassword(PushConfig.FCM_SERVICE_ACCOUNT_JSON_CONFIG).value();
        return new FcmSettings(PushConfig.httpUrl(PushConfig.FCM_URL_CONFIG,
                        config.getString(PushConfig.FCM_URL_CONFIG)),
                file.isBlank() ? null : file, json.isBlank() ? null : json,
                project.isBlank() ? null : project,
                tokenUri.isBlank() ? null : PushConfig.httpUrl(PushConfig.FCM_TOKEN_URI_CONFIG, tokenUri),
                config.getInt(PushConfig.FCM_CONNECT_TIMEOUT_MS_CONFIG),
                config.getInt(PushConfig.FCM_REQUEST_TIMEOUT_MS_CONFIG));
    }

    /** Leaves the key out. */
    @Override
    public String toString() {
        return "FcmSettings[" + url + ", keyFile=" + serviceAccountFile + ", projectId=" + projectId + ", tokenUri="
                + tokenUri + "]";
    }

    /** @return where the key comes from, for messages: its file, or "fcm.service.account.json" */
    String keySource() {
        return serviceAccountFile != null ? serviceAccountFile : PushConfig.FCM_SERVICE_ACCOUNT_JSON_CONFIG;
    }
}
