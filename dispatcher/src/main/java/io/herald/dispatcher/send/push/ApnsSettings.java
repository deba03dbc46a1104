package io.herald.dispatcher.send.push;

import io.herald.dispatcher.config.DispatcherConfig;
import java.util.Objects;

/**
 * What the APNs gateway needs from {@link DispatcherConfig} ({@code apns.*}, see {@link PushConfig}).
 *
 * @param host the APNs host, e.g. {@value PushConfig#APNS_PRODUCTION_HOST}
 * @param port the port, 443 or 2197
 * @param signingKeyFile path of the {@code .p8} token-authentication key (PKCS#8 PEM), or null when
 *     {@code signingKey} holds it
 * @param signingKey the key's PEM text, or null when {@code signingKeyFile} holds it; never logged
 * @param keyId the key's id, 10 characters
 * @param teamId the developer team id, 10 characters
 * @param topic the app's bundle id ({@code apns-topic})
 * @param trustedCertificateFile path of PEM certificates to trust instead of the JVM's trust store, or null
 * @param connections HTTP/2 connections, at least 1
 * @param connectTimeoutMs TCP and TLS connect timeout, in ms
 * @param requestTimeoutMs how long to wait for one notification's answer, in ms
 */
public record ApnsSettings(String host, int port, String signingKeyFile, String signingKey, String keyId,
                           String teamId, String topic,
                           String trustedCertificateFile, int connections, int connectTimeoutMs,
                           int requestTimeoutMs) {

    public ApnsSettings {
        Objects.requireNonNull(host, "host");
        if ((signingKeyFile == null) == (signingKey == null)) {
            throw new IllegalArgumentException("one of signingKeyFile and signingKey");
        }
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(teamId, "teamId");
        Objects.requireNonNull(topic, "topic");
        if (connections < 1 || connectTimeoutMs < 1 || requestTimeoutMs < 1) {
            throw new IllegalArgumentException("connections and timeouts must be at least 1");
        }
    }

    /**
     * @param config a gateway's keys, checked by {@link PushConfig#checkApns}
     * @return its {@code apns.*} settings
     */
    public static ApnsSettings from(DispatcherConfig config) {
        String trusted = config.getString(PushConfig.APNS_TRUSTED_CERTIFICATE_FILE_CONFIG);
        String file = config.getString(PushConfig.APNS_SIGNING_KEY_FILE_CONFIG);
        String key = config.getPassword(PushConfig.APNS_SIGNING_KEY_CONFIG).value();
        return new ApnsSettings(config.getString(PushConfig.APNS_HOST_CONFIG),
                config.getInt(PushConfig.APNS_PORT_CONFIG),
                file.isBlank() ? null : file, key.isBlank() ? null : key,
                config.getString(PushConfig.APNS_KEY_ID_CONFIG),
                config.getString(PushConfig.APNS_TEAM_ID_CONFIG),
                config.getString(PushConfig.APNS_TOPIC_CONFIG),
                trusted.isBlank() ? null : trusted,
                config.getInt(PushConfig.APNS_CONNECTIONS_CONFIG),
                config.getInt(PushConfig.APNS_CONNECT_TIMEOUT_MS_CONFIG),
                config.getInt(PushConfig.APNS_REQUEST_TIMEOUT_MS_CONFIG));
    }

    /** Leaves the signing key out. */
    @Override
    public String toString() {
        return "ApnsSettings[" + host + ":" + port + ", keyFile=" + signingKeyFile + ", keyId=" + keyId + ", teamId="
                + teamId + ", topic=" + topic + ", connections=" + connections + "]";
    }
}
