package io.herald.ingest.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.herald.ingest.core.CallbackKeys;
import io.herald.ingest.core.CallbackTargets;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One callback POST against a real JDK HTTP server: headers, signature, how answers map to outcomes, where a POST may
 * go, and how long it may take.
 */
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
        // The receiver is on loopback: these tests allow it, as an operator would for a receiver on its network.
        sender = sender(new CallbackFactory(), new CallbackTargets(List.of("127.0.0.1/32"), true, Map.of(),
                CallbackSenderTest::resolve));
    }

    /** This test's DNS: {@code hooks.test} is the loopback receiver, known to no other resolver. */
    private static InetAddress[] resolve(String host) throws UnknownHostException {
        if (host.equals("hooks.test")) {
            return new InetAddress[] {InetAddress.getByName("127.0.0.1")};
        }
        return InetAddress.getAllByName(host);
    }

    private static CallbackSender sender(CallbackFactory settings, CallbackTargets targets) {
        return new CallbackSender(new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name()),
                "notify.batches.completed",
                new CallbackKeys(Map.of(CallbackKeys.DEFAULT_CLIENT, new String(KEY, StandardCharsets.UTF_8))),
                settings, targets, new ObjectMapper(), new MetricRegistry(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.stop(0);
        sender.stop();
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

    @Test
    void connectsOnlyToTheAddressItsResolverChecked() {
        // given the name hooks.test, which only the targets' resolver knows (it says 127.0.0.1)
        URI byName = URI.create("http://hooks.test:" + server.getAddress().getPort() + "/hook");
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

        // when loopback is allowed, the POST reaches the receiver: the HTTP client resolved the name with it
        assertThat(sender.post(new CallbackSender.Callback("b1", CallbackKeys.DEFAULT_CLIENT, byName, body, KEY))
                .delivered()).isTrue();
        assertThat(received).hasSize(1);

        // and when it is not (the production default, with http allowed), the same name is refused at connect time,
        // as a name that resolved elsewhere when the batch was submitted and to loopback now would be
        CallbackSender strict = sender(new CallbackFactory(), new CallbackTargets(List.of(), true, Map.of(),
                CallbackSenderTest::resolve));
        try {
            CallbackSender.Outcome outcome = strict.post(new CallbackSender.Callback("b1", CallbackKeys.DEFAULT_CLIENT,
                    byName, body, KEY));
            assertThat(outcome.delivered()).isFalse();
            assertThat(outcome.retryable()).as("a refused target is given up at once").isFalse();
            assertThat(outcome.reason()).contains("refused", "loopback");
            CallbackSender.Outcome literal = strict.post(callback(body));
            assertThat(literal.retryable()).isFalse();
            assertThat(literal.reason()).contains("refused", "127.0.0.1");
            assertThat(received).as("nothing more reached the receiver").hasSize(1);
        } finally {
            stopQuietly(strict);
        }
    }

    @Test
    void refusesPlainHttpAndOtherClientsHostsWhenSending() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        CallbackSender httpsOnly = sender(new CallbackFactory(), new CallbackTargets(List.of("127.0.0.1/32"), false,
                Map.of(CallbackKeys.DEFAULT_CLIENT, List.of("hooks.example.com")), CallbackSenderTest::resolve));
        try {
            assertThat(httpsOnly.post(callback(body)).reason()).contains("https");
            CallbackSender listed = sender(new CallbackFactory(), new CallbackTargets(List.of("127.0.0.1/32"), true,
                    Map.of(CallbackKeys.DEFAULT_CLIENT, List.of("hooks.example.com")), CallbackSenderTest::resolve));
            try {
                assertThat(listed.post(callback(body)).reason()).contains("not among this client's callback hosts");
            } finally {
                stopQuietly(listed);
            }
            assertThat(received).isEmpty();
        } finally {
            stopQuietly(httpsOnly);
        }
    }

    @Test
    void aReceiverThatTricklesItsAnswerCannotHoldThePostPastTheTimeout() throws Exception {
        // given a receiver that reads the request, then sends its status line and one header byte every 100 ms
        try (ServerSocket trickler = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Thread thread = new Thread(() -> trickle(trickler));
            thread.setDaemon(true);
            thread.start();
            CallbackFactory settings = new CallbackFactory();
            settings.setTimeout(io.dropwizard.util.Duration.seconds(1));
            CallbackSender bounded = sender(settings, new CallbackTargets(List.of("127.0.0.1/32"), true, Map.of(),
                    CallbackSenderTest::resolve));
            try {
                // when a callback is posted to it, then the POST ends (not delivered, to be retried) instead of
                // waiting as long as the receiver keeps sending
                CallbackSender.Outcome outcome = assertTimeoutPreemptively(Duration.ofSeconds(30),
                        () -> bounded.post(new CallbackSender.Callback("b1", CallbackKeys.DEFAULT_CLIENT,
                                URI.create("http://127.0.0.1:" + trickler.getLocalPort() + "/hook"),
                                "{}".getBytes(StandardCharsets.UTF_8), KEY)));
                assertThat(outcome.delivered()).isFalse();
                assertThat(outcome.retryable()).isTrue();
                assertThat(outcome.reason()).contains("no answer within");
            } finally {
                stopQuietly(bounded);
            }
        }
    }

    @Test
    void anErrorInTheLoopIsReportedAndTheLoopGoesOnFromTheCommittedOffsets() throws Exception {
        // given a sender on a consumer of one partition, started
        TopicPartition partition = new TopicPartition("notify.batches.completed", 0);
        MockConsumer<String, byte[]> consumer = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());
        consumer.updateBeginningOffsets(Map.of(partition, 0L));
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(partition)));
        CallbackSender looping = new CallbackSender(consumer, partition.topic(),
                new CallbackKeys(Map.of(CallbackKeys.DEFAULT_CLIENT, new String(KEY, StandardCharsets.UTF_8))),
                new CallbackFactory(), new CallbackTargets(List.of("127.0.0.1/32"), true, Map.of(),
                        CallbackSenderTest::resolve), new ObjectMapper(), new MetricRegistry(),
                Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(looping.problem()).hasValue("not started");
        looping.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> looping.problem().isEmpty());

            // when a poll fails (a broker gone)
            consumer.setPollException(new KafkaException("broker gone"));

            // then the health check says so
            await().atMost(Duration.ofSeconds(10)).until(() -> looping.problem().isPresent());
            assertThat(looping.problem()).hasValueSatisfying(problem -> assertThat(problem)
                    .contains("failing", "broker gone"));

            // and the loop goes on: a completion written afterwards is delivered, and the problem clears
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
            consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>(partition.topic(), 0, 0, "b9",
                    ("{\"callbackUrl\":\"" + url + "\",\"clientId\":null,\"batch\":{\"batchId\":\"b9\"}}")
                            .getBytes(StandardCharsets.UTF_8))));
            await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 1);
            assertThat(received.get(0).get("delivery")).isEqualTo("b9");
            await().atMost(Duration.ofSeconds(10)).until(() -> looping.problem().isEmpty());
        } finally {
            looping.stop();
        }
        assertThat(looping.problem()).hasValueSatisfying(problem -> assertThat(problem).startsWith("stopped"));
    }

    private static void trickle(ServerSocket server) {
        try (Socket socket = server.accept()) {
            socket.getInputStream().read(new byte[8192]);
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            while (true) {
                out.write('a');
                out.flush();
                Thread.sleep(100);
            }
        } catch (IOException | InterruptedException e) {
            // the client hung up: what the test wants
        }
    }

    private static void stopQuietly(CallbackSender sender) {
        try {
            sender.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private CallbackSender.Callback callback(byte[] body) {
        return new CallbackSender.Callback("b1", CallbackKeys.DEFAULT_CLIENT,
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook"), body, KEY);
    }
}
