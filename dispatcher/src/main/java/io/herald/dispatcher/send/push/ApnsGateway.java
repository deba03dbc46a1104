package io.herald.dispatcher.send.push;

import com.eatthepath.pushy.apns.ApnsClient;
import com.eatthepath.pushy.apns.ApnsClientBuilder;
import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.PushNotificationResponse;
import com.eatthepath.pushy.apns.PushType;
import com.eatthepath.pushy.apns.auth.ApnsSigningKey;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import io.herald.dispatcher.send.Gateway;
import io.herald.dispatcher.send.Message;
import io.herald.dispatcher.send.SendResult;
import io.herald.dispatcher.send.SendResult.TransientCause;
import io.herald.push.PushPayloads;
import io.herald.schema.Channel;
import io.herald.schema.PiiMask;
import io.herald.schema.PushPlatform;
import io.herald.schema.PushPriority;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends iOS push notifications through the Apple Push Notification service over HTTP/2 with token-based
 * authentication (a {@code .p8} signing key), through Pushy's {@link ApnsClient}; per Apple's "Sending notification
 * requests to APNs". Each message is one request: {@code apns-id} is Herald's message id (so a retry after a lost
 * answer carries the same id), {@code apns-topic} the app's bundle id, {@code apns-push-type: alert},
 * {@code apns-priority} 10 ({@code high}) or 5 ({@code normal}), {@code apns-expiration} now + ttl (0 = deliver once,
 * don't store, for ttl 0), {@code apns-collapse-id} the collapse key; the payload is {@link PushPayloads#apns}.
 *
 * <p>Answers (Apple's "Handling notification responses from APNs"):
 * <table>
 *   <caption>APNs answers and what they become</caption>
 *   <tr><th>Answer</th><th>Result</th><th>Error code</th></tr>
 *   <tr><td>200</td><td>accepted; the gateway message id is the {@code apns-id}</td><td></td></tr>
 *   <tr><td>410 {@code Unregistered}, 400 {@code ExpiredToken}</td>
 *       <td>{@link SendResult#unregistered}: failed, and the token goes on the suppression list</td>
 *       <td>{@code APNS_UNREGISTERED}, {@code APNS_EXPIRED_TOKEN}</td></tr>
 *   <tr><td>429 {@code TooManyRequests}</td><td>transient, throttled</td><td>{@code APNS_TOO_MANY_REQUESTS}</td></tr>
 *   <tr><td>500, 503, {@code Shutdown}; 403 provider-token and topic errors (the credentials or the topic are
 *       wrong: every message would fail, so the circuit opens and nothing is lost until they are fixed)</td>
 *       <td>transient, gateway unavailable</td><td>{@code APNS_<REASON>}, e.g. {@code APNS_SERVICE_UNAVAILABLE}</td>
 *       </tr>
 *   <tr><td>any other 4xx ({@code BadDeviceToken}, {@code PayloadTooLarge}, {@code DeviceTokenNotForTopic}, ...)
 *       </td><td>permanent</td><td>{@code APNS_<REASON>}, e.g. {@code APNS_BAD_DEVICE_TOKEN}</td></tr>
 *   <tr><td>no connection, no answer within {@code apns.request.timeout.ms}</td>
 *       <td>transient, gateway unavailable</td><td>{@value #CONNECT_FAILED}, {@value #TIMEOUT}</td></tr>
 * </table>
 * Thread-safe: any number of sender threads share the client's HTTP/2 connections.
 */
public final class ApnsGateway implements Gateway {

    /** The name in status events. */
    public static final String NAME = "apns";
    /** No answer within {@code apns.request.timeout.ms}. */
    public static final String TIMEOUT = "APNS_TIMEOUT";
    /** The connection to APNs could not be made or was lost before the answer. */
    public static final String CONNECT_FAILED = "APNS_CONNECT_FAILED";
    /** The gateway was closed. */
    public static final String CLOSED = "APNS_GATEWAY_CLOSED";

    private static final Logger LOG = LoggerFactory.getLogger(ApnsGateway.class);
    /** Rejections that mean the token no longer reaches the app. */
    private static final Set<String> UNREGISTERED = Set.of("Unregistered", "ExpiredToken");
    /** Rejections caused by the gateway's own configuration or state, not by the message. */
    private static final Set<String> UNAVAILABLE = Set.of("InternalServerError", "ServiceUnavailable", "Shutdown",
            "InvalidProviderToken", "MissingProviderToken", "ExpiredProviderToken", "TooManyProviderTokenUpdates",
            "BadCertificate", "BadCertificateEnvironment", "Forbidden", "BadTopic", "TopicDisallowed",
            "MissingTopic", "IdleTimeout");

    private final ApnsSettings settings;
    private final ApnsClient client;
    private final Clock clock;
    private volatile boolean closed;

    /**
     * Builds the client; it connects on the first send.
     *
     * @param settings the {@code apns.*} settings
     * @param clock the clock {@code apns-expiration} is counted from
     * @throws IllegalStateException if the signing key or the trusted certificates cannot be read
     */
    public ApnsGateway(ApnsSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        try {
            ApnsClientBuilder builder = new ApnsClientBuilder()
                    .setApnsServer(settings.host(), settings.port())
                    .setSigningKey(signingKey(settings))
                    .setConcurrentConnections(settings.connections())
                    .setConnectionTimeout(Duration.ofMillis(settings.connectTimeoutMs()));
            if (settings.trustedCertificateFile() != null) {
                builder.setTrustedServerCertificateChain(new File(settings.trustedCertificateFile()));
            }
            this.client = builder.build();
        } catch (IOException | NoSuchAlgorithmException | InvalidKeyException e) {
            // Never the key's content: where it comes from and the kind of error.
            String key = settings.signingKeyFile() != null ? settings.signingKeyFile()
                    : PushConfig.APNS_SIGNING_KEY_CONFIG;
            throw new IllegalStateException("APNs gateway: cannot read the signing key (" + key + ") or the"
                    + " trusted certificates (" + settings.trustedCertificateFile() + "): "
                    + e.getClass().getSimpleName(), e);
        }
        LOG.info("APNs gateway: {}:{} topic {} key id {} team id {}, {} connection(s)", settings.host(),
                settings.port(), settings.topic(), settings.keyId(), settings.teamId(), settings.connections());
    }

    private static ApnsSigningKey signingKey(ApnsSettings settings)
            throws IOException, NoSuchAlgorithmException, InvalidKeyException {
        if (settings.signingKeyFile() != null) {
            return ApnsSigningKey.loadFromPkcs8File(new File(settings.signingKeyFile()), settings.teamId(),
                    settings.keyId());
        }
        return ApnsSigningKey.loadFromInputStream(new ByteArrayInputStream(
                settings.signingKey().getBytes(StandardCharsets.US_ASCII)), settings.teamId(), settings.keyId());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Channel channel() {
        return Channel.PUSH;
    }

    @Override
    public PushPlatform platform() {
        return PushPlatform.IOS;
    }

    @Override
    public SendResult send(Message message) {
        if (closed) {
            return SendResult.transientFailure(TransientCause.GATEWAY_UNAVAILABLE, CLOSED, "APNs gateway closed");
        }
        PushPayloads.Content push = message.push();
        if (push == null || push.platform() != PushPlatform.IOS) {
            return SendResult.permanentFailure("APNS_NOT_IOS", "not an iOS push notification");
        }
        Future<PushNotificationResponse<SimpleApnsPushNotification>> call;
        try {
            call = client.sendNotification(notification(push));
        } catch (RuntimeException e) {
            return SendResult.transientFailure(TransientCause.GATEWAY_UNAVAILABLE, CONNECT_FAILED,
                    "APNs client: " + e.getClass().getSimpleName());
        }
        try {
            return answer(message, call.get(settings.requestTimeoutMs(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            call.cancel(false);
            return SendResult.transientFailure(TransientCause.GATEWAY_UNAVAILABLE, TIMEOUT,
                    "no answer from APNs within " + settings.requestTimeoutMs() + " ms");
        } catch (InterruptedException e) {
            call.cancel(false);
            Thread.currentThread().interrupt();
            return SendResult.transientFailure(TransientCause.GATEWAY_UNAVAILABLE, TIMEOUT,
                    "interrupted waiting for APNs");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            LOG.debug("APNs send of messageId={} failed: {}", message.messageId(), cause.toString());
            return SendResult.transientFailure(TransientCause.GATEWAY_UNAVAILABLE, CONNECT_FAILED,
                    "APNs connection: " + cause.getClass().getSimpleName()
                            + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        }
    }

    private SimpleApnsPushNotification notification(PushPayloads.Content push) {
        Instant expiration = null;
        if (push.ttlSeconds() != null) {
            // 0 asks APNs to try once and not store the notification (Apple: apns-expiration 0).
            expiration = push.ttlSeconds() == 0 ? Instant.EPOCH : clock.instant().plusSeconds(push.ttlSeconds());
        }
        DeliveryPriority priority = push.priority() == PushPriority.NORMAL ? DeliveryPriority.CONSERVE_POWER
                : DeliveryPriority.IMMEDIATE;
        return new SimpleApnsPushNotification(push.token(), settings.topic(),
                new String(PushPayloads.apns(push), StandardCharsets.UTF_8), expiration, priority, PushType.ALERT,
                push.collapseKey(), UUID.fromString(push.messageId()));
    }

    /**
     * @param message the message sent
     * @param response APNs' answer
     * @return what it means
     */
    static SendResult answer(Message message, PushNotificationResponse<?> response) {
        if (response.isAccepted()) {
            return SendResult.accepted(java.util.List.of(response.getApnsId().toString()));
        }
        String reason = response.getRejectionReason().orElse("HTTP " + response.getStatusCode());
        String code = code(reason);
        String text = "APNs " + response.getStatusCode() + " " + reason;
        if (UNREGISTERED.contains(reason) || response.getStatusCode() == 410) {
            LOG.debug("APNs: token {} unregistered ({}), messageId={}", PiiMask.recipient(message.recipient()),
                    reason, message.messageId());
            return SendResult.unregistered(code, text);
        }
        if (response.getStatusCode() == 429 || "TooManyRequests".equals(reason)) {
            return SendResult.throttled(code, text, 0);
        }
        if (UNAVAILABLE.contains(reason) || response.getStatusCode() >= 500) {
            return SendResult.transientFailure(TransientCause.GATEWAY_UNAVAILABLE, code, text);
        }
        return SendResult.permanentFailure(code, text);
    }

    /** @return {@code APNS_} and the reason in upper snake case: {@code BadDeviceToken} becomes BAD_DEVICE_TOKEN */
    static String code(String reason) {
        String snake = reason.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("[^A-Za-z0-9_]", "_");
        return "APNS_" + snake.toUpperCase(Locale.ROOT);
    }

    @Override
    public boolean isAvailable() {
        return !closed;
    }

    /** Closes the client's connections gracefully, waiting up to 10 s for answers in flight. */
    @Override
    public void close() {
        closed = true;
        try {
            client.close().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("APNs gateway: closing the client: {}", e.toString());
        }
    }
}
