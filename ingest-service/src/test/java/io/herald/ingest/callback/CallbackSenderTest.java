package io.herald.ingest.callback;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.herald.ingest.core.CallbackKeys;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One callback POST against a real JDK HTTP server: headers, signature, and how answers map to outcomes. */
class CallbackSenderTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    private HttpServer server;
    private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String retryAfter;
    private CallbackSender sender;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(Map.of(
                    "body", new String(body, StandardCharsets.UTF_8),
                    "signature", exchange.getRequestHeaders().getFirst(CallbackSignature.HEADER),
                    "event", exchange.getRequestHeaders().getFirst(CallbackSender.EVENT_HEADER),
                    "delivery", exchange.getRequestHeaders().getFirst(CallbackSender.DELIVERY_HEADER),
                    "type", exchange.getRequestHeaders().getFirst("Content-Type")));
            if (retryAfter != null) {
                exchange.getResponseHeaders().add("Retry-After", retryAfter);
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        sender = new CallbackSender(new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name()),
                "notify.batches.completed",
                new CallbackKeys(Map.of(CallbackKeys.DEFAULT_CLIENT, new String(KEY, StandardCharsets.UTF_8))),
                new CallbackFactory(), new ObjectMapper(), new MetricRegistry(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void postsTheBodyWithAnHmacSha256SignatureAReceiverCanCheck() {
        byte[] body = "{\"batchId\":\"b1\",\"pending\":0}".getBytes(StandardCharsets.UTF_8);

        CallbackSender.Outcome outcome = sender.post(callback(body));

        assertThat(outcome.delivered()).isTrue();
        Map<String, String> request = received.get(0);
        assertThat(request.get("body")).isEqualTo("{\"batchId\":\"b1\",\"pending\":0}");
        assertThat(request.get("event")).isEqualTo("batch.completed");
        assertThat(request.get("delivery")).isEqualTo("b1");
        assertThat(request.get("type")).isEqualTo("application/json");
        // What a receiver does: recompute HMAC-SHA256 over "<t>.<raw body>" with the shared key.
        String signature = request.get("signature");
        assertThat(signature).startsWith("t=" + NOW.getEpochSecond() + ",v1=");
        String t = signature.substring(2, signature.indexOf(','));
        assertThat(signature.substring(signature.indexOf("v1=") + 3))
                .isEqualTo(receiverHmac(t + "." + request.get("body")))
                .isNotEqualTo(receiverHmac(t + ".{\"batchId\":\"b1\",\"pending\":1}"));
    }

    private static String receiverHmac(String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void retriesServerErrorsThrottlingAndTimeoutsButNotOtherClientErrors() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        status = 503;
        assertThat(sender.post(callback(body))).satisfies(o -> {
            assertThat(o.delivered()).isFalse();
            assertThat(o.retryable()).isTrue();
        });
        status = 429;
        retryAfter = "7";
        assertThat(sender.post(callback(body)).retryAfter()).hasValueSatisfying(
                after -> assertThat(after.toSeconds()).isEqualTo(7));
        retryAfter = null;
        status = 408;
        assertThat(sender.post(callback(body)).retryable()).isTrue();
        status = 404;
        assertThat(sender.post(callback(body)).retryable()).isFalse();
        status = 302;
        assertThat(sender.post(callback(body))).satisfies(o -> {
            assertThat(o.delivered()).as("redirects are not followed").isFalse();
            assertThat(o.retryable()).isFalse();
        });
        server.stop(0);
        assertThat(sender.post(callback(body)).retryable()).as("connection refused").isTrue();
    }

    private CallbackSender.Callback callback(byte[] body) {
        return new CallbackSender.Callback("b1",
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook"), body, KEY);
    }
}
