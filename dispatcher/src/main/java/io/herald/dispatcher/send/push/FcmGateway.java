package io.herald.dispatcher.send.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import io.herald.dispatcher.send.Gateway;
import io.herald.dispatcher.send.Message;
import io.herald.dispatcher.send.SendResult;
import io.herald.dispatcher.send.SendResult.TransientCause;
import io.herald.dispatcher.send.http.GatewayHttpClient;
import io.herald.dispatcher.send.http.RetryAfter;
import io.herald.push.PushPayloads;
import io.herald.schema.Channel;
import io.herald.schema.PiiMask;
import io.herald.schema.PushPlatform;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends Android push notifications through Firebase Cloud Messaging's HTTP v1 API:
 * {@code POST <fcm.url>/v1/projects/<project>/messages:send} with {@code {"message":…}} ({@link
 * PushPayloads#fcmSendRequest}) and an OAuth2 access token of the project's service account (scope
 * {@value #SCOPE}), which google-auth-library fetches with a signed JWT (RFC 7523) and refreshes before it expires.
 *
 * <p>Answers (Firebase: "FCM HTTP v1 API ErrorCode"), the error code read from the body's
 * {@code error.details[].errorCode}, else {@code error.status}:
 * <table>
 *   <caption>FCM answers and what they become</caption>
 *   <tr><th>Answer</th><th>Result</th><th>Error code</th></tr>
 *   <tr><td>200</td><td>accepted; the gateway message id is the answer's {@code name}
 *       ({@code projects/<p>/messages/<id>})</td><td></td></tr>
 *   <tr><td>404 {@code UNREGISTERED}</td><td>{@link SendResult#unregistered}: failed, and the token goes on the
 *       suppression list</td><td>{@code FCM_UNREGISTERED}</td></tr>
 *   <tr><td>429 {@code QUOTA_EXCEEDED}</td><td>transient, throttled, waiting at least its {@code Retry-After}</td>
 *       <td>{@code FCM_QUOTA_EXCEEDED}</td></tr>
 *   <tr><td>5xx ({@code UNAVAILABLE}, {@code INTERNAL}); 401 and {@code THIRD_PARTY_AUTH_ERROR} (the credentials are
 *       wrong: every message would fail, so the circuit opens; the token is fetched again); the token endpoint
 *       failing</td><td>transient, gateway unavailable, honouring {@code Retry-After}</td>
 *       <td>{@code FCM_UNAVAILABLE}, {@code FCM_INTERNAL}, {@code FCM_UNAUTHENTICATED}, {@value #AUTH_FAILED}</td></tr>
 *   <tr><td>other 4xx ({@code INVALID_ARGUMENT}, {@code SENDER_ID_MISMATCH}, ...)</td><td>permanent</td>
 *       <td>{@code FCM_<CODE>}</td></tr>
 *   <tr><td>no connection, no answer within {@code fcm.request.timeout.ms}</td><td>transient, gateway
 *       unavailable</td><td>{@value #CONNECT_FAILED}, {@value #TIMEOUT}</td></tr>
 * </table>
 * Thread-safe.
 */
public final class FcmGateway implements Gateway {

    /** The name in status events. */
    public static final String NAME = "fcm";
    /** The OAuth2 scope of the FCM v1 API. */
    public static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
    /** No answer within {@code fcm.request.timeout.ms}. */
    public static final String TIMEOUT = "FCM_TIMEOUT";
    /** The connection to FCM could not be made or broke. */
    public static final String CONNECT_FAILED = "FCM_CONNECT_FAILED";
    /** No access token: the token endpoint failed or refused the service account. */
    public static final String AUTH_FAILED = "FCM_AUTH_FAILED";
    /** The gateway was closed. */
    public static final String CLOSED = "FCM_GATEWAY_CLOSED";

    private static final Logger LOG = LoggerFactory.getLogger(FcmGateway.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FcmSettings settings;
    private final GoogleCredentials credentials;
    private final URI sendUri;
    private final GatewayHttpClient http;
    private final Clock clock;
    private volatile boolean refreshToken;
    private volatile boolean closed;

    /**
     * Reads the service-account key; the first access token is fetched on the first send.
     *
     * @param settings the {@code fcm.*} settings
     * @param clock the clock a {@code Retry-After} HTTP-date is measured against
     * @throws IllegalStateException if the key file cannot be read, is not a service-account key, or names no
     *     project while {@code fcm.project.id} is empty
     */
    public FcmGateway(FcmSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        ServiceAccountCredentials account;
        try (InputStream in = settings.serviceAccountFile() != null
                ? Files.newInputStream(Path.of(settings.serviceAccountFile()))
                : new ByteArrayInputStream(settings.serviceAccountJson().getBytes(StandardCharsets.UTF_8))) {
            account = ServiceAccountCredentials.fromStream(in);
        } catch (IOException | RuntimeException e) {
            // Never the key's content: where it comes from and the kind of error.
            throw new IllegalStateException("FCM gateway: cannot read the service-account key ("
                    + settings.keySource() + "): " + e.getClass().getSimpleName(), e);
        }
        if (settings.tokenUri() != null) {
            account = account.toBuilder().setTokenServerUri(settings.tokenUri()).build();
        }
        String project = settings.projectId() != null ? settings.projectId() : account.getProjectId();
        if (project == null || project.isBlank()) {
            throw new IllegalStateException("FCM gateway: " + PushConfig.FCM_PROJECT_ID_CONFIG + " is empty and the"
                    + " service-account key (" + settings.keySource() + ") has no project_id");
        }
        this.credentials = account.createScoped(List.of(SCOPE));
        this.sendUri = URI.create(settings.url().toString().replaceAll("/+$", "") + "/v1/projects/" + project
                + "/messages:send");
        this.http = new GatewayHttpClient("fcm-gateway", settings.url(), settings.connectTimeoutMs());
        LOG.info("FCM gateway: POST {} as {}", sendUri, PiiMask.recipient(account.getClientEmail()));
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
        return PushPlatform.ANDROID;
    }

    @Override
    public SendResult send(Message message) {
        if (closed) {
            return SendResult.transientFailure(TransientCause.GATEWAY_UNAVAILABLE, CLOSED, "FCM gateway closed");
        }
        PushPayloads.Content push = message.push();
        if (push == null || push.platform() != PushPlatform.ANDROID) {
            return SendResult.permanentFailure("FCM_NOT_ANDROID", "not an Android push notification");
        }
        String accessToken;
        try {
            accessToken = accessToken();
        } catch (IOException | RuntimeException e) {
            LOG.warn("FCM gateway: no access token from the token endpoint: {}", e.getClass().getSimpleName());
            return SendResult.transientFailure(TransientCause.GATEWAY_UNAVAILABLE, AUTH_FAILED,
                    "no OAuth2 access token: " + e.getClass().getSimpleName());
        }
        return post(message, accessToken);
    }

    /** POSTs the message with the token; the answer, or what the failure to get one means. */
    private SendResult post(Message message, String accessToken) {
        HttpRequest request = HttpRequest.newBuilder(sendUri)
                .timeout(Duration.ofMillis(settings.requestTimeoutMs()))
                .header("Authorization", "Bearer " + accessToken)
                .header("Content-Type", "application/json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(PushPayloads.fcmSendRequest(message.push())))
                .build();
        HttpResponse<String> response;
        try {
            response = http.client().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return SendResult.transientFailure(TransientCause.GATEWAY_UNAVAILABLE, TIMEOUT,
                    "no answer from FCM within " + settings.requestTimeoutMs() + " ms");
        } catch (ConnectException e) {
            return SendResult.transientFailure(TransientCause.GATEWAY_UNAVAILABLE, CONNECT_FAILED,
                    "cannot connect to FCM: " + e.getClass().getSimpleName());
        } catch (IOException e) {
            return SendResult.transientFailure(TransientCause.GATEWAY_UNAVAILABLE, CONNECT_FAILED,
                    "FCM connection: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendResult.transientFailure(TransientCause.GATEWAY_UNAVAILABLE, TIMEOUT,
                    "interrupted waiting for FCM");
        }
        return answer(message, response.statusCode(), response.body(),
                RetryAfter.delayMs(response.headers().firstValue("Retry-After").orElse(null), clock.instant()));
    }

    private String accessToken() throws IOException {
        if (refreshToken) {
            refreshToken = false;
            credentials.refresh();
        } else {
            credentials.refreshIfExpired();
        }
        AccessToken token = credentials.getAccessToken();
        if (token == null) {
            throw new IOException("the token endpoint gave no access token");
        }
        return token.getTokenValue();
    }

    /**
     * @param message the message sent
     * @param status the HTTP status
     * @param body the answer's body
     * @param retryAfterMs its {@code Retry-After}, in ms, 0 if none
     * @return what it means
     */
    SendResult answer(Message message, int status, String body, long retryAfterMs) {
        JsonNode json = readJson(body);
        if (status / 100 == 2) {
            String name = json.path("name").asText("");
            return SendResult.accepted(List.of(name.isEmpty() ? message.messageId() : name));
        }
        String errorCode = errorCode(json, status);
        String code = "FCM_" + errorCode;
        String text = "FCM " + status + " " + errorCode;
        if ("UNREGISTERED".equals(errorCode)) {
            LOG.debug("FCM: token {} unregistered, messageId={}", PiiMask.recipient(message.recipient()),
                    message.messageId());
            return SendResult.unregistered(code, text);
        }
        if (status == 429 || "QUOTA_EXCEEDED".equals(errorCode)) {
            return SendResult.throttled(code, text, retryAfterMs);
        }
        if (status == 401 || "THIRD_PARTY_AUTH_ERROR".equals(errorCode)) {
            refreshToken = true;
            return SendResult.transientFailure(TransientCause.GATEWAY_UNAVAILABLE, code, text, retryAfterMs);
        }
        if (status >= 500) {
            return SendResult.transientFailure(TransientCause.GATEWAY_UNAVAILABLE, code, text, retryAfterMs);
        }
        return SendResult.permanentFailure(code, text);
    }

    /** @return the FCM error code of {@code details[]}, else the error's status, else {@code HTTP_<status>} */
    private static String errorCode(JsonNode json, int status) {
        for (JsonNode detail : json.path("error").path("details")) {
            String code = detail.path("errorCode").asText("");
            if (!code.isEmpty()) {
                return sanitize(code);
            }
        }
        String grpc = json.path("error").path("status").asText("");
        return grpc.isEmpty() ? "HTTP_" + status : sanitize(grpc);
    }

    private static String sanitize(String code) {
        String clean = code.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
        return clean.length() > 40 ? clean.substring(0, 40) : clean;
    }

    private static JsonNode readJson(String body) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : JSON.readTree(body);
            return node == null ? JSON.createObjectNode() : node;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    @Override
    public boolean isAvailable() {
        return !closed;
    }

    @Override
    public void close() {
        closed = true;
        http.close();
    }
}
