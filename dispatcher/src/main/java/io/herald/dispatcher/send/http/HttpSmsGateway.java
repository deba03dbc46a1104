package io.herald.dispatcher.send.http;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.dispatcher.send.Gateway;
import io.herald.dispatcher.send.Message;
import io.herald.dispatcher.send.SendResult;
import io.herald.dispatcher.send.SendResult.TransientCause;
import io.herald.schema.PiiMask;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMS gateway over an SMS provider's HTTP API ({@code gateway.type=http}): one JSON POST per message to
 * {@code http.url}, with the JDK's {@link HttpClient} (HTTP/1.1 keep-alive over {@code http}, HTTP/2 when TLS ALPN
 * offers it over {@code https}; redirects are not followed).
 *
 * <p>The request:
 * <pre>
 * POST {http.url}
 * Content-Type: application/json
 * Accept: application/json
 * Idempotency-Key: {messageId}
 * Authorization: Bearer {http.bearer.token}          (http.auth=bearer, RFC 6750 §2.1)
 * Authorization: Basic base64({user}:{password})     (http.auth=basic, RFC 7617 §2, UTF-8)
 *
 * {"messageId": "…Herald's id (UUID)…", "from": "…sender id…", "to": "…recipient, E.164…", "text": "…any Unicode…"}
 * </pre>
 * The body is UTF-8 JSON (RFC 8259), all four members strings. A retry of the same message carries the same
 * {@code Idempotency-Key}, so that a provider that honours it (IETF draft "The Idempotency-Key HTTP Header Field")
 * does not send the message twice after a timeout.
 *
 * <p>How the answer maps to a {@link SendResult}:
 * <table>
 *   <caption>Answers</caption>
 *   <tr><th>Answer</th><th>Result</th><th>Code</th></tr>
 *   <tr><td>2xx with a string or number at {@code http.provider.id.pointer} (RFC 6901) in its JSON body</td>
 *       <td>accepted, that value as the gateway message id (1 segment: the provider splits the text itself)</td>
 *       <td></td></tr>
 *   <tr><td>2xx whose body is not JSON, or has nothing, null, an empty string, an object or an array there</td>
 *       <td>permanent failure: the provider may have taken the message, but without an id its status can never be
 *       matched, and a retry would risk a second SMS. The fix is in the configuration, not in a retry.</td>
 *       <td>{@value #NO_PROVIDER_ID}</td></tr>
 *   <tr><td>429 Too Many Requests (RFC 6585 §4)</td>
 *       <td>transient, {@link TransientCause#THROTTLED}, with the {@code Retry-After} delay in ms (RFC 9110
 *       §10.2.3: delay-seconds or IMF-fixdate), 0 if none</td><td>{@code HTTP_429}</td></tr>
 *   <tr><td>408 Request Timeout (RFC 9110 §15.5.9: the client may repeat the request) and any 5xx</td>
 *       <td>transient, {@link TransientCause#ERROR} (a failed attempt), with any {@code Retry-After} delay in ms (RFC
 *       9110 §15.6.4 for 503)</td><td>{@code HTTP_<status>}, e.g. {@code HTTP_503}</td></tr>
 *   <tr><td>any other status (other 4xx per RFC 9110 §15.5, 1xx, 3xx)</td><td>permanent failure</td>
 *       <td>{@code HTTP_<status>}, e.g. {@code HTTP_400}</td></tr>
 *   <tr><td>connection refused, unknown host, connect timeout ({@code http.connect.timeout.ms})</td>
 *       <td>transient, {@link TransientCause#GATEWAY_UNAVAILABLE} (counted by the circuit breaker)</td>
 *       <td>{@value #CONNECT_FAILED}</td></tr>
 *   <tr><td>no complete answer within {@code http.request.timeout.ms}</td>
 *       <td>transient, {@link TransientCause#GATEWAY_UNAVAILABLE}</td><td>{@value #TIMEOUT}</td></tr>
 *   <tr><td>any other I/O error (connection reset, TLS failure, …)</td>
 *       <td>transient, {@link TransientCause#GATEWAY_UNAVAILABLE}</td><td>{@value #IO_ERROR}</td></tr>
 *   <tr><td>the HTTP client fails otherwise (a bug, not the network)</td>
 *       <td>transient, {@link TransientCause#ERROR}</td><td>{@value #CLIENT_FAILURE}</td></tr>
 *   <tr><td>a send after {@link #close()}</td>
 *       <td>transient, {@link TransientCause#GATEWAY_UNAVAILABLE}</td><td>{@value #CLOSED}</td></tr>
 * </table>
 * Error texts name the status; logs the status, the message id, the body's length and the recipient masked by
 * {@link PiiMask}; neither ever holds the message text, the full recipient, the answer's body (a provider may echo
 * either) or the credentials.
 *
 * <p>No delivery receipts: the provider's delivery reports (webhooks) are not read, so a message sent here ends at
 * SENT. Thread-safe.
 */
public final class HttpSmsGateway implements Gateway {

    private static final Logger LOG = LoggerFactory.getLogger(HttpSmsGateway.class);

    /** The gateway name in status events. */
    public static final String NAME = "http";
    /** Permanent failure code: a 2xx answer without a provider id at {@code http.provider.id.pointer}. */
    public static final String NO_PROVIDER_ID = "HTTP_NO_PROVIDER_ID";
    /** Transient failure code: no connection (refused, unknown host, connect timeout). */
    public static final String CONNECT_FAILED = "HTTP_CONNECT_FAILED";
    /** Transient failure code: no complete answer within {@code http.request.timeout.ms}. */
    public static final String TIMEOUT = "HTTP_TIMEOUT";
    /** Transient failure code: any other I/O error on the connection. */
    public static final String IO_ERROR = "HTTP_IO_ERROR";
    /** Transient failure code: the HTTP client itself failed (not an I/O error); a failed attempt. */
    public static final String CLIENT_FAILURE = "HTTP_CLIENT_FAILURE";
    /** Transient failure code: the gateway was closed. */
    public static final String CLOSED = "HTTP_GATEWAY_CLOSED";
    /** The header that carries Herald's messageId, the same on every attempt at a message. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TOO_MANY_REQUESTS = 429;
    private static final int REQUEST_TIMEOUT = 408;
    private static final int BAD_GATEWAY = 502;
    private static final int SERVICE_UNAVAILABLE = 503;
    private static final int GATEWAY_TIMEOUT = 504;
    private final HttpGatewaySettings settings;
    private final JsonPointer providerIdPointer;
    private final String authorization;
    private final Clock clock;
    private final GatewayHttpClient http;
    private final HttpClient client;
    private volatile boolean closed;

    /**
     * @param settings the http.* settings
     */
    public HttpSmsGateway(HttpGatewaySettings settings) {
        this(settings, Clock.systemUTC());
    }

    /**
     * @param settings the http.* settings
     * @param clock the clock an HTTP-date in {@code Retry-After} is measured against
     * @throws IllegalArgumentException if {@code settings.providerIdPointer()} is not a JSON Pointer (RFC 6901)
     */
    public HttpSmsGateway(HttpGatewaySettings settings, Clock clock) {
        this.settings = settings;
        this.providerIdPointer = JsonPointer.compile(settings.providerIdPointer());
        this.authorization = settings.authorization();
        this.clock = clock;
        this.http = new GatewayHttpClient("http-gateway", settings.url(), settings.connectTimeoutMs());
        this.client = http.client();
        LOG.info("HTTP SMS gateway: POST {} (auth {}, provider id at {})", settings.safeUrl(), settings.auth(),
                settings.providerIdPointer());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SendResult send(Message message) {
        if (closed) {
            return SendResult.transientFailure(TransientCause.GATEWAY_UNAVAILABLE, CLOSED, "HTTP gateway closed");
        }
        CompletableFuture<HttpResponse<byte[]>> call;
        try {
            call = client.sendAsync(request(message), HttpResponse.BodyHandlers.ofByteArray());
        } catch (RuntimeException e) {
            return closed ? SendResult.transientFailure(TransientCause.GATEWAY_UNAVAILABLE, CLOSED,
                    "HTTP gateway closed") : failure(message, e);
        }
        HttpResponse<byte[]> response;
        try {
            // The request's own timeout ends at the answer's headers; this one also bounds reading the body.
            response = call.get(settings.requestTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            return timeout(message);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            return SendResult.transientFailure(TransientCause.GATEWAY_UNAVAILABLE, IO_ERROR,
                    "interrupted waiting for the HTTP answer");
        } catch (ExecutionException e) {
            return failure(message, e.getCause());
        }
        return answer(message, response);
    }

    private HttpRequest request(Message message) {
        ObjectNode body = JSON.createObjectNode()
                .put("messageId", message.messageId())
                .put("from", message.sender())
                .put("to", message.recipient())
                .put("text", message.text());
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            // Four strings in a tree cannot fail to serialize.
            throw new IllegalStateException("cannot write the JSON body", e);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(settings.url())
                .timeout(Duration.ofMillis(settings.requestTimeoutMs()))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header(IDEMPOTENCY_KEY, message.messageId())
                .POST(HttpRequest.BodyPublishers.ofByteArray(json));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder.build();
    }

    private SendResult answer(Message message, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        byte[] body = response.body() == null ? new byte[0] : response.body();
        String code = "HTTP_" + status;
        if (status >= 200 && status < 300) {
            return accepted(message, status, body);
        }
        long retryAfterMs = RetryAfter.delayMs(response.headers().firstValue("Retry-After").orElse(null),
                clock.instant());
        LOG.debug("messageId={} recipient={} HTTP {} from the provider ({} body bytes, retry after {} ms)",
                message.messageId(), PiiMask.recipient(message.recipient()), status, body.length, retryAfterMs);
        if (status == TOO_MANY_REQUESTS) {
            return SendResult.throttled(code, "HTTP 429 Too Many Requests", retryAfterMs);
        }
        if (status == BAD_GATEWAY || status == SERVICE_UNAVAILABLE || status == GATEWAY_TIMEOUT) {
            // The provider (or its upstream) cannot take messages now, per RFC 9110 §15.6.3-5: this feeds the
            // circuit breaker, so that a route fails over to its next gateway while the provider is down.
            return SendResult.transientFailure(TransientCause.GATEWAY_UNAVAILABLE, code,
                    "HTTP " + status + " from the provider", retryAfterMs);
        }
        if (status >= 500 || status == REQUEST_TIMEOUT) {
            return SendResult.transientFailure(TransientCause.ERROR, code,
                    "HTTP " + status + " from the provider", retryAfterMs);
        }
        return SendResult.permanentFailure(code, "HTTP " + status + " from the provider");
    }

    private SendResult accepted(Message message, int status, byte[] body) {
        JsonNode id;
        try {
            id = JSON.readTree(body).at(providerIdPointer);
        } catch (IOException e) {
            LOG.warn("messageId={} HTTP {} but the body ({} bytes) is not JSON", message.messageId(), status,
                    body.length);
            return SendResult.permanentFailure(NO_PROVIDER_ID, "HTTP " + status + " but the body is not JSON; the "
                    + "provider may have taken the message");
        }
        if (id == null || !(id.isTextual() || id.isNumber()) || id.asText().isBlank()) {
            LOG.warn("messageId={} HTTP {} without a provider id at {} ({} body bytes)", message.messageId(), status,
                    settings.providerIdPointer(), body.length);
            return SendResult.permanentFailure(NO_PROVIDER_ID, "HTTP " + status + " without a provider id (string or "
                    + "number) at " + settings.providerIdPointer() + "; the provider may have taken the message");
        }
        return SendResult.accepted(List.of(id.asText()));
    }

    private SendResult failure(Message message, Throwable cause) {
        String what = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException) {
            LOG.debug("messageId={} cannot connect to {}: {}", message.messageId(), settings.safeUrl(), what);
            return SendResult.transientFailure(TransientCause.GATEWAY_UNAVAILABLE, CONNECT_FAILED,
                    "cannot connect to the provider: " + what);
        }
        if (cause instanceof HttpTimeoutException) {
            return timeout(message);
        }
        if (cause instanceof IOException) {
            LOG.debug("messageId={} I/O error talking to {}: {}", message.messageId(), settings.safeUrl(), what);
            return SendResult.transientFailure(TransientCause.GATEWAY_UNAVAILABLE, IO_ERROR,
                    "I/O error talking to the provider: " + what);
        }
        LOG.warn("messageId={} HTTP client failure: {}", message.messageId(), what);
        return SendResult.transientFailure(TransientCause.ERROR, CLIENT_FAILURE, "HTTP client failure: " + what);
    }

    private SendResult timeout(Message message) {
        LOG.debug("messageId={} no answer from {} within {} ms", message.messageId(), settings.safeUrl(),
                settings.requestTimeoutMs());
        return SendResult.transientFailure(TransientCause.GATEWAY_UNAVAILABLE, TIMEOUT,
                "no answer within " + settings.requestTimeoutMs() + " ms");
    }

    /** @return true until {@link #close()}: HTTP needs no session, so whether the provider is up shows per send */
    @Override
    public boolean isAvailable() {
        return !closed;
    }

    /** Stops taking messages; a send after this fails with {@value #CLOSED}. In-flight requests may complete. */
    @Override
    public void close() {
        closed = true;
        http.close();
        LOG.info("HTTP SMS gateway closed");
    }
}
