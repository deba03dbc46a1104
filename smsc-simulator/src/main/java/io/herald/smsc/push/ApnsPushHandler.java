package io.herald.smsc.push;

import com.eatthepath.pushy.apns.auth.ApnsVerificationKey;
import com.eatthepath.pushy.apns.auth.AuthenticationToken;
import com.eatthepath.pushy.apns.server.PushNotificationHandler;
import com.eatthepath.pushy.apns.server.RejectedNotificationException;
import com.eatthepath.pushy.apns.server.RejectionReason;
import com.eatthepath.pushy.apns.server.UnregisteredDeviceTokenException;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http2.Http2Headers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks each request the Pushy mock APNs server receives, as APNs does per Apple's "Sending notification requests to
 * APNs" and "Handling notification responses from APNs", and records the ones it accepts. In this order:
 * <ol>
 *   <li>{@code :method} POST (else 405 MethodNotAllowed), {@code :path} {@code /3/device/<token>} (else 404 BadPath,
 *       400 MissingDeviceToken), {@code apns-id} a UUID when present (else 400 BadMessageId);</li>
 *   <li>{@code authorization: bearer <JWT>} (else 403 MissingProviderToken): an ES256 provider token per "Establishing
 *       a token-based connection to APNs", {@code kid} {@value PushCredentials#APNS_KEY_ID}, {@code iss}
 *       {@value PushCredentials#APNS_TEAM_ID}, signed with {@code apns-auth-key.p8} (else 403 InvalidProviderToken),
 *       issued within the last hour (else 403 ExpiredProviderToken);</li>
 *   <li>{@code apns-topic} {@value PushCredentials#APNS_TOPIC}, or it with {@code .voip}, {@code .complication} or
 *       {@code .push-type.liveactivity} (else 400 MissingTopic, BadTopic for a malformed one, TopicDisallowed);</li>
 *   <li>the device token 64 to 200 hex digits (else 400 BadDeviceToken); {@code apns-priority} 10, 5 or 1 (else
 *       BadPriority); {@code apns-push-type} one of Apple's (else InvalidPushType); {@code apns-collapse-id} at most 64
 *       bytes (else BadCollapseId); {@code apns-expiration} a whole number (else BadExpirationDate); a payload of 1
 *       to 4096 bytes (else PayloadEmpty, 413 PayloadTooLarge) that is a JSON object (else PayloadEmpty: Apple
 *       documents no reason for it);</li>
 *   <li>the {@link PushFaults}: 503 ServiceUnavailable, 429 TooManyRequests, 410 Unregistered with its timestamp;</li>
 *   <li>then the notification is recorded (see {@link ApnsPayloads}) and answered 200.</li>
 * </ol>
 * Every error answer is counted as rejected. Stateless, so one instance serves every connection.
 */
final class ApnsPushHandler implements PushNotificationHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ApnsPushHandler.class);
    private static final String PATH_PREFIX = "/3/device/";
    private static final Pattern DEVICE_TOKEN = Pattern.compile("(?:[0-9a-fA-F]{2}){32,100}");
    private static final Pattern BUNDLE_ID = Pattern.compile("[A-Za-z0-9\\-]+(?:\\.[A-Za-z0-9\\-]+)+");
    private static final List<String> TOPIC_SUFFIXES = List.of("", ".voip", ".complication",
            ".push-type.liveactivity");
    private static final Set<String> PUSH_TYPES = Set.of("alert", "background", "location", "voip", "complication",
            "fileprovider", "mdm", "liveactivity", "pushtotalk", "widgets", "controls");
    private static final Set<String> PRIORITIES = Set.of("10", "5", "1");
    private static final int MAX_COLLAPSE_ID_BYTES = 64;
    private static final int MAX_PAYLOAD_BYTES = 4096;
    private static final Duration PROVIDER_TOKEN_LIFETIME = Duration.ofHours(1);

    private final ApnsVerificationKey key;
    private final PushSink sink;
    private final PushFaults faults;
    private final Clock clock;

    /**
     * @param key    the key provider tokens must be signed with, naming the Key ID and Team ID
     * @param sink   where accepted notifications and rejections go
     * @param faults the injected faults
     * @param clock  the time of arrival and of the provider-token age check
     */
    ApnsPushHandler(ApnsVerificationKey key, PushSink sink, PushFaults faults, Clock clock) {
        this.key = key;
        this.sink = sink;
        this.faults = faults;
        this.clock = clock;
    }

    @Override
    public void handlePushNotification(Http2Headers headers, ByteBuf payload) throws RejectedNotificationException {
        try {
            ReceivedPush push = check(headers, payload);
            sink.record(push);
            LOG.debug("APNs notification {} accepted for token {}", push.gatewayId(), TokenMask.mask(push.token()));
        } catch (RejectedNotificationException | RuntimeException e) {
            sink.rejected(ReceivedPush.IOS);
            throw e;
        }
    }

    private ReceivedPush check(Http2Headers headers, ByteBuf payload) throws RejectedNotificationException {
        if (!"POST".equals(header(headers, ":method"))) {
            throw new RejectedNotificationException(RejectionReason.METHOD_NOT_ALLOWED);
        }
        String token = deviceToken(header(headers, ":path"));
        String apnsId = header(headers, "apns-id");
        if (apnsId != null && !isUuid(apnsId)) {
            throw new RejectedNotificationException(RejectionReason.BAD_MESSAGE_ID);
        }
        authenticate(header(headers, "authorization"));
        String topic = topic(header(headers, "apns-topic"));
        if (!DEVICE_TOKEN.matcher(token).matches()) {
            throw new RejectedNotificationException(RejectionReason.BAD_DEVICE_TOKEN);
        }
        checkHeaders(headers);
        byte[] body = payload == null ? new byte[0] : new byte[payload.readableBytes()];
        if (payload != null) {
            payload.getBytes(payload.readerIndex(), body);
        }
        if (body.length > MAX_PAYLOAD_BYTES) {
            throw new RejectedNotificationException(RejectionReason.PAYLOAD_TOO_LARGE);
        }
        Optional<JsonNode> json = ApnsPayloads.parse(body);
        if (json.isEmpty()) {
            throw new RejectedNotificationException(RejectionReason.PAYLOAD_EMPTY);
        }
        meetFaults(token);
        Instant now = clock.instant();
        return ApnsPayloads.toPush(json.get(), token, apnsId, topic, header(headers, "apns-priority"),
                header(headers, "apns-expiration"), header(headers, "apns-collapse-id"),
                header(headers, "apns-push-type"), now);
    }

    private static String deviceToken(String path) throws RejectedNotificationException {
        if (path == null || !path.startsWith(PATH_PREFIX)) {
            throw new RejectedNotificationException(RejectionReason.BAD_PATH);
        }
        String token = path.substring(PATH_PREFIX.length());
        if (token.isEmpty()) {
            throw new RejectedNotificationException(RejectionReason.MISSING_DEVICE_TOKEN);
        }
        return token;
    }

    private void authenticate(String authorization) throws RejectedNotificationException {
        if (authorization == null || !authorization.regionMatches(true, 0, "bearer ", 0, "bearer ".length())
                || authorization.substring("bearer ".length()).isBlank()) {
            throw new RejectedNotificationException(RejectionReason.MISSING_PROVIDER_TOKEN);
        }
        AuthenticationToken token;
        try {
            token = new AuthenticationToken(authorization.substring("bearer ".length()).trim());
            if (!key.getKeyId().equals(token.getKeyId()) || !key.getTeamId().equals(token.getTeamId())
                    || !token.verifySignature(key)) {
                throw new RejectedNotificationException(RejectionReason.INVALID_PROVIDER_TOKEN);
            }
        } catch (RuntimeException e) {
            throw new RejectedNotificationException(RejectionReason.INVALID_PROVIDER_TOKEN);
        }
        if (clock.instant().isAfter(token.getIssuedAt().plus(PROVIDER_TOKEN_LIFETIME))) {
            throw new RejectedNotificationException(RejectionReason.EXPIRED_PROVIDER_TOKEN);
        }
    }

    private static String topic(String topic) throws RejectedNotificationException {
        if (topic == null) {
            throw new RejectedNotificationException(RejectionReason.MISSING_TOPIC);
        }
        if (!BUNDLE_ID.matcher(topic).matches()) {
            throw new RejectedNotificationException(RejectionReason.BAD_TOPIC);
        }
        for (String suffix : TOPIC_SUFFIXES) {
            if (topic.equals(PushCredentials.APNS_TOPIC + suffix)) {
                return topic;
            }
        }
        throw new RejectedNotificationException(RejectionReason.TOPIC_DISALLOWED);
    }

    private static void checkHeaders(Http2Headers headers) throws RejectedNotificationException {
        String priority = header(headers, "apns-priority");
        if (priority != null && !PRIORITIES.contains(priority)) {
            throw new RejectedNotificationException(RejectionReason.BAD_PRIORITY);
        }
        String pushType = header(headers, "apns-push-type");
        if (pushType != null && !PUSH_TYPES.contains(pushType)) {
            throw new RejectedNotificationException(RejectionReason.INVALID_PUSH_TYPE);
        }
        String collapseId = header(headers, "apns-collapse-id");
        if (collapseId != null && collapseId.getBytes(StandardCharsets.UTF_8).length > MAX_COLLAPSE_ID_BYTES) {
            throw new RejectedNotificationException(RejectionReason.BAD_COLLAPSE_ID);
        }
        String expiration = header(headers, "apns-expiration");
        if (expiration != null && !expiration.matches("\\d{1,18}")) {
            throw new RejectedNotificationException(RejectionReason.BAD_EXPIRATION_DATE);
        }
    }

    private void meetFaults(String token) throws RejectedNotificationException {
        switch (faults.apns()) {
            case UNAVAILABLE:
                throw new RejectedNotificationException(RejectionReason.SERVICE_UNAVAILABLE);
            case THROTTLE:
                throw new RejectedNotificationException(RejectionReason.TOO_MANY_REQUESTS);
            default:
                break;
        }
        Optional<Instant> since = faults.apnsUnregisteredSince(token);
        if (since.isPresent()) {
            throw new UnregisteredDeviceTokenException(since.get());
        }
    }

    private static boolean isUuid(String value) {
        try {
            return UUID.fromString(value).toString().equalsIgnoreCase(value);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String header(Http2Headers headers, String name) {
        CharSequence value = headers.get(name);
        return value == null ? null : value.toString();
    }
}
