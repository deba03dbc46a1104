package io.herald.dispatcher.send.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.herald.dispatcher.Fixtures;
import io.herald.dispatcher.send.Message;
import io.herald.dispatcher.send.SendResult;
import io.herald.dispatcher.send.SendResult.TransientCause;
import io.herald.dispatcher.send.http.HttpGatewaySettings.Auth;
import io.herald.dispatcher.status.StatusEvents;
import io.herald.schema.Channel;
import io.herald.schema.DeliveryState;
import io.herald.schema.DeliveryStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * HttpSmsGateway against a real HTTP server on 127.0.0.1 (the JDK's {@link HttpServer}) standing in for an SMS
 * provider: it records every request and answers as each test says.
 */
class HttpSmsGatewayTest {

    private static final String PATH = "/v1/messages";
    private static final String TEXT = "Your code is 123456";
    private static final Message MESSAGE = new Message("6f1c2a9e-0000-4000-8000-000000000001", "Herald",
            Fixtures.RECIPIENT, TEXT);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The test's "now" for HTTP-dates: Wednesday 2025-01-01 12:00:00 UTC. */
    private static final Clock CLOCK = Clock.fixed(Fixtures.NOW, ZoneOffset.UTC);

    /** What the provider received. */
    private record Received(String method, String path, Headers headers, String body) {
    }

    /** What the provider answers. */
    private record Answer(int status, Map<String, String> headers, String body) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private ExecutorService serverThreads;
    private HttpServer server;
    private HttpSmsGateway gateway;
    private volatile Answer answer = new Answer(200, Map.of(), "{\"id\":\"prov-1\"}");
    private volatile boolean hang;

    @AfterEach
    void stop() {
        release.countDown();
        if (gateway != null) {
            gateway.close();
        }
        if (server != null) {
            server.stop(0);
            serverThreads.shutdownNow();
        }
    }

    private URI startProvider() throws IOException {
        serverThreads = Executors.newCachedThreadPool();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(serverThreads);
        server.createContext(PATH, this::handle);
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders(), body));
        if (hang) {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Answer now = answer;
        byte[] bytes = now.body().getBytes(StandardCharsets.UTF_8);
        now.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(now.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static HttpGatewaySettings settings(URI url, Auth auth, String pointer, int requestTimeoutMs) {
        return new HttpGatewaySettings(url, auth, "s3cr3t-token", "herald", "pä:ss", pointer, 2000,
                requestTimeoutMs);
    }

    private SendResult sendThrough(HttpGatewaySettings settings) {
        gateway = new HttpSmsGateway(settings, CLOCK);
        return gateway.send(MESSAGE);
    }

    private SendResult sendWithAnswer(int status, Map<String, String> headers, String body) throws IOException {
        answer = new Answer(status, headers, body);
        return sendThrough(settings(startProvider(), Auth.NONE, "/id", 5000));
    }

    @Test
    void postsTheMessageAsJsonWithItsIdAsIdempotencyKeyAndReadsTheProviderIdAtThePointer() throws Exception {
        // given a provider that answers 201 with its id nested in the body
        answer = new Answer(201, Map.of(), "{\"data\":{\"messages\":[{\"ref\":\"prov-42\"}]}}");
        URI url = startProvider();
        // when a message is sent with the id read at /data/messages/0/ref
        SendResult result = sendThrough(settings(url, Auth.NONE, "/data/messages/0/ref", 5000));
        // then it is accepted with the provider's id, as one segment
        assertThat(result.isAccepted()).isTrue();
        assertThat(result.gatewayMessageId()).isEqualTo("prov-42");
        assertThat(result.gatewayMessageIds()).containsExactly("prov-42");
        assertThat(result.segments()).isEqualTo(1);
        // and the provider got one JSON POST with the documented shape and headers, and no Authorization
        assertThat(received).hasSize(1);
        Received request = received.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo(PATH);
        assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/json");
        assertThat(request.headers().getFirst("Idempotency-Key")).isEqualTo(MESSAGE.messageId());
        assertThat(request.headers().containsKey("Authorization")).isFalse();
        JsonNode body = JSON.readTree(request.body());
        assertThat(body.size()).isEqualTo(4);
        assertThat(body.get("messageId").asText()).isEqualTo(MESSAGE.messageId());
        assertThat(body.get("from").asText()).isEqualTo("Herald");
        assertThat(body.get("to").asText()).isEqualTo(Fixtures.RECIPIENT);
        assertThat(body.get("text").asText()).isEqualTo(TEXT);
    }

    @Test
    void sendsUnicodeTextAsUtf8AndTakesANumericIdAtTheDefaultPointer() throws Exception {
        // given a provider that answers 200 with a numeric id at /id
        answer = new Answer(200, Map.of(), "{\"id\":12345678901,\"status\":\"queued\"}");
        URI url = startProvider();
        gateway = new HttpSmsGateway(settings(url, Auth.NONE, "/id", 5000), CLOCK);
        // when a message with non-Latin text is sent
        SendResult result = gateway.send(new Message("m-2", "Herald", Fixtures.RECIPIENT, "Привет 👋 Grüße"));
        // then the number's digits are the id, and the text arrived intact
        assertThat(result.gatewayMessageId()).isEqualTo("12345678901");
        assertThat(JSON.readTree(received.get(0).body()).get("text").asText()).isEqualTo("Привет 👋 Grüße");
    }

    @Test
    void aRetryOfTheSameMessageCarriesTheSameIdempotencyKey() throws Exception {
        // given a provider
        URI url = startProvider();
        gateway = new HttpSmsGateway(settings(url, Auth.NONE, "/id", 5000), CLOCK);
        // when the same message is sent twice, and another one once
        gateway.send(MESSAGE);
        gateway.send(MESSAGE);
        gateway.send(new Message("m-other", "Herald", Fixtures.RECIPIENT, TEXT));
        // then the first two carried the same key, the third its own
        assertThat(received).extracting(r -> r.headers().getFirst("Idempotency-Key"))
                .containsExactly(MESSAGE.messageId(), MESSAGE.messageId(), "m-other");
    }

    @Test
    void bearerAuthSendsTheTokenInTheAuthorizationHeader() throws Exception {
        // given a provider and http.auth=bearer
        URI url = startProvider();
        // when a message is sent
        SendResult result = sendThrough(settings(url, Auth.BEARER, "/id", 5000));
        // then the provider got "Authorization: Bearer <token>" (RFC 6750 §2.1)
        assertThat(result.isAccepted()).isTrue();
        assertThat(received.get(0).headers().getFirst("Authorization")).isEqualTo("Bearer s3cr3t-token");
    }

    @Test
    void basicAuthSendsUserAndPasswordBase64EncodedAsUtf8() throws Exception {
        // given a provider and http.auth=basic with a password holding a colon and a non-ASCII letter
        URI url = startProvider();
        // when a message is sent
        SendResult result = sendThrough(settings(url, Auth.BASIC, "/id", 5000));
        // then the provider got "Authorization: Basic base64(user:password)" (RFC 7617 §2)
        assertThat(result.isAccepted()).isTrue();
        String header = received.get(0).headers().getFirst("Authorization");
        assertThat(header).startsWith("Basic ");
        assertThat(new String(Base64.getDecoder().decode(header.substring("Basic ".length())), StandardCharsets.UTF_8))
                .isEqualTo("herald:pä:ss");
    }

    @Test
    void tooManyRequestsWithRetryAfterSecondsIsThrottledWithThatDelay() throws Exception {
        // given a provider that answers 429 with Retry-After: 7
        // when a message is sent
        SendResult result = sendWithAnswer(429, Map.of("Retry-After", "7"), "{\"error\":\"slow down\"}");
        // then it is throttled, to be retried no sooner than 7000 ms
        assertThat(result.isRetriable()).isTrue();
        assertThat(result.transientCause()).isEqualTo(TransientCause.THROTTLED);
        assertThat(result.errorCode()).isEqualTo("HTTP_429");
        assertThat(result.retryAfterMs()).isEqualTo(7000L);
    }

    @Test
    void tooManyRequestsWithRetryAfterHttpDateIsThrottledUntilThatInstant() throws Exception {
        // given a provider that answers 429 with Retry-After as an IMF-fixdate 90 s after the test's now
        // when a message is sent
        SendResult result = sendWithAnswer(429, Map.of("Retry-After", "Wed, 01 Jan 2025 12:01:30 GMT"), "");
        // then it is throttled for those 90 s
        assertThat(result.isThrottled()).isTrue();
        assertThat(result.retryAfterMs()).isEqualTo(90_000L);
    }

    @Test
    void tooManyRequestsWithoutRetryAfterIsThrottledWithNoDelayOfItsOwn() throws Exception {
        // when the provider answers 429 without Retry-After
        SendResult result = sendWithAnswer(429, Map.of(), "");
        // then it is throttled, and the sender's own backoff decides
        assertThat(result.isThrottled()).isTrue();
        assertThat(result.retryAfterMs()).isZero();
    }

    @Test
    void serviceUnavailableIsAnUnavailableGatewayWithItsStatusAsCode() throws Exception {
        // when the provider answers 503 with Retry-After: 2
        SendResult result = sendWithAnswer(503, Map.of("Retry-After", "2"), "<html>down</html>");
        // then the gateway is unavailable (it feeds the circuit breaker, so routes fail over), not throttling
        assertThat(result.isRetriable()).isTrue();
        assertThat(result.transientCause()).isEqualTo(TransientCause.GATEWAY_UNAVAILABLE);
        assertThat(result.errorCode()).isEqualTo("HTTP_503");
        assertThat(result.retryAfterMs()).isEqualTo(2000L);
    }

    @Test
    void internalServerErrorIsTransient() throws Exception {
        // when the provider answers 500
        SendResult result = sendWithAnswer(500, Map.of(), "");
        // then
        assertThat(result.transientCause()).isEqualTo(TransientCause.ERROR);
        assertThat(result.errorCode()).isEqualTo("HTTP_500");
    }

    @Test
    void badRequestIsPermanentAndItsTextLeavesOutWhatTheProviderEchoes() throws Exception {
        // given a provider that answers 400 and echoes the recipient and the text in its body
        String echo = "{\"error\":\"invalid number " + Fixtures.RECIPIENT + " for text " + TEXT + "\"}";
        // when a message is sent
        SendResult result = sendWithAnswer(400, Map.of(), echo);
        // then it failed permanently with HTTP_400, and neither the recipient nor the text is in the result
        assertThat(result.kind()).isEqualTo(SendResult.Kind.PERMANENT_FAILURE);
        assertThat(result.errorCode()).isEqualTo("HTTP_400");
        assertThat(result.toString()).doesNotContain(Fixtures.RECIPIENT).doesNotContain(TEXT);
    }

    @Test
    void notFoundIsPermanent() throws Exception {
        // when the provider answers 404
        SendResult result = sendWithAnswer(404, Map.of(), "");
        // then
        assertThat(result.isRetriable()).isFalse();
        assertThat(result.isAccepted()).isFalse();
        assertThat(result.errorCode()).isEqualTo("HTTP_404");
    }

    @Test
    void aSuccessWithoutAnIdAtThePointerIsAPermanentFailureWithItsOwnCode() throws Exception {
        // given 2xx answers that carry no usable id at /id
        List<String> bodies = List.of("{\"status\":\"queued\"}", "{\"id\":null}", "{\"id\":\"\"}",
                "{\"id\":{\"value\":\"x\"}}", "OK", "");
        URI url = startProvider();
        gateway = new HttpSmsGateway(settings(url, Auth.NONE, "/id", 5000), CLOCK);
        for (String body : bodies) {
            answer = new Answer(200, Map.of(), body);
            // when a message is sent
            SendResult result = gateway.send(MESSAGE);
            // then it is a permanent failure HTTP_NO_PROVIDER_ID
            assertThat(result.kind()).as(body).isEqualTo(SendResult.Kind.PERMANENT_FAILURE);
            assertThat(result.errorCode()).as(body).isEqualTo(HttpSmsGateway.NO_PROVIDER_ID);
        }
    }

    @Test
    void aProviderThatDoesNotAnswerWithinTheRequestTimeoutMakesTheGatewayUnavailable() throws Exception {
        // given a provider that takes the request and never answers
        hang = true;
        URI url = startProvider();
        // when a message is sent with a 300 ms request timeout
        SendResult result = sendThrough(settings(url, Auth.NONE, "/id", 300));
        // then it is a transient "gateway unavailable", which the circuit breaker counts
        assertThat(result.isRetriable()).isTrue();
        assertThat(result.isGatewayUnavailable()).isTrue();
        assertThat(result.errorCode()).isEqualTo(HttpSmsGateway.TIMEOUT);
        assertThat(received).hasSize(1);
    }

    @Test
    void aRefusedConnectionMakesTheGatewayUnavailable() throws Exception {
        // given a port nothing listens on
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        // when a message is sent there
        SendResult result = sendThrough(settings(URI.create("http://127.0.0.1:" + port + PATH), Auth.NONE, "/id",
                5000));
        // then it is a transient "gateway unavailable"
        assertThat(result.isGatewayUnavailable()).isTrue();
        assertThat(result.errorCode()).isEqualTo(HttpSmsGateway.CONNECT_FAILED);
    }

    @Test
    void isAvailableUntilClosedAndThenRefusesToSend() throws Exception {
        // given a gateway
        URI url = startProvider();
        gateway = new HttpSmsGateway(settings(url, Auth.NONE, "/id", 5000), CLOCK);
        assertThat(gateway.isAvailable()).isTrue();
        assertThat(gateway.name()).isEqualTo("http");
        // when it is closed
        gateway.close();
        // then it is unavailable and a send does not reach the provider
        assertThat(gateway.isAvailable()).isFalse();
        SendResult result = gateway.send(MESSAGE);
        assertThat(result.isGatewayUnavailable()).isTrue();
        assertThat(result.errorCode()).isEqualTo(HttpSmsGateway.CLOSED);
        assertThat(received).isEmpty();
    }

    @Test
    void theSentStatusOfAnAcceptedMessageCarriesTheProviderIdAsGatewayMessageId() throws Exception {
        // given a provider that answers with id prov-7
        answer = new Answer(202, Map.of(), "{\"id\":\"prov-7\"}");
        SendResult result = sendThrough(settings(startProvider(), Auth.NONE, "/id", 5000));
        // when the SENT status is built from the result, as RecordSender does
        DeliveryStatus status = StatusEvents.sent(Fixtures.request(MESSAGE.messageId(), Channel.SMS, null),
                gateway.name(), result, 1, Fixtures.NOW);
        // then it names the HTTP gateway and carries the provider's id
        assertThat(status.getState()).isEqualTo(DeliveryState.SENT);
        assertThat(status.getGateway()).isEqualTo("http");
        assertThat(status.getGatewayMessageId()).isEqualTo("prov-7");
        assertThat(status.getGatewayMessageIds()).containsExactly("prov-7");
        assertThat(status.getSegments()).isEqualTo(1);
    }
}
