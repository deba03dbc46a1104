package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.herald.local.DispatcherProcess;
import io.herald.local.SmscMessage;
import io.herald.schema.DeliveryState;
import io.herald.schema.DeliveryStatus;
import io.herald.schema.NotificationRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Routing with failover on real parts: a broker, the registry, the SMSC simulator (gateway {@code smsc}, SMPP) and an
 * SMS provider's HTTP API (gateway {@code provider}), a real HTTP server in this JVM that answers 200 with an id, or
 * 503 while it is "down". One dispatcher routes {@code +47} to {@code provider|smsc} and everything else to
 * {@code smsc}. A batch split across both routes goes where the routes say; while the provider answers 503 its
 * circuit opens and its traffic fails over to the SMSC; once it is up again, traffic returns to it. Every SENT status
 * names the gateway actually used.
 */
class RoutingIT {

    private static final String GROUP = "it-routing";

    private static IsolatedStack stack;
    private static HttpServer provider;
    private static final AtomicBoolean PROVIDER_DOWN = new AtomicBoolean();
    private static final AtomicInteger PROVIDER_503 = new AtomicInteger();
    /** Message ids (Idempotency-Key) the provider accepted, with how often. */
    private static final Map<String, Integer> PROVIDER_ACCEPTED = new ConcurrentHashMap<>();
    private static DispatcherProcess dispatcher;

    @BeforeAll
    static void start() throws IOException {
        stack = IsolatedStack.start("routing", options -> options.name("routing-smsc"));
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/sms", RoutingIT::answer);
        provider.start();
        dispatcher = stack.startDispatcher(stack.dispatcherOptions("routing-dispatcher", GROUP)
                .property("gateways", "smsc,provider")
                .property("gateway.smsc.type", "smpp")
                .property("gateway.provider.type", "http")
                .property("gateway.provider.http.url",
                        "http://127.0.0.1:" + provider.getAddress().getPort() + "/sms")
                .property("routes", "+47=provider|smsc,*=smsc"));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (provider != null) {
            provider.stop(0);
        }
    }

    /** The provider: 503 while down, else 200 {@code {"id": "p-<messageId>"}}. */
    private static void answer(HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
        }
        String messageId = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        byte[] reply;
        if (PROVIDER_DOWN.get()) {
            PROVIDER_503.incrementAndGet();
            reply = "{\"error\":\"maintenance\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(503, reply.length);
        } else {
            PROVIDER_ACCEPTED.merge(messageId, 1, Integer::sum);
            reply = ("{\"id\":\"p-" + messageId + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, reply.length);
        }
        exchange.getResponseBody().write(reply);
        exchange.close();
    }

    @Test
    void aBatchSplitAcrossTwoRoutesFailsOverWhileTheProviderAnswers503AndReturnsAfter() throws Exception {
        // given a batch of 60 Norwegian (+47: provider, then smsc) and 60 Swedish (+46: smsc) recipients
        Batch first = send(60, 0);

        // then each went through the first gateway of its route, and its SENT status says so
        Map<String, DeliveryStatus> sent = awaitSent(first);
        for (Map.Entry<String, String> message : first.recipients().entrySet()) {
            String expected = message.getValue().startsWith("+47") ? "provider" : "smsc";
            assertThat(sent.get(message.getKey()).getGateway()).as("gateway of %s", message.getKey())
                    .isEqualTo(expected);
        }
        assertThat(PROVIDER_ACCEPTED.keySet()).containsAll(idsTo(first, "+47"));
        assertThat(smscIds()).containsAll(idsTo(first, "+46")).doesNotContainAnyElementsOf(idsTo(first, "+47"));

        // when the provider starts answering 503 and another such batch comes
        PROVIDER_DOWN.set(true);
        Batch second = send(60, 1000);

        // then every message is still sent, the Norwegian ones mostly through the SMSC once the provider's circuit
        // opened, none of them through the provider, which answered 503
        Map<String, DeliveryStatus> sentWhileDown = awaitSent(second);
        Set<String> norwegianWhileDown = idsTo(second, "+47");
        long failedOver = norwegianWhileDown.stream()
                .filter(id -> sentWhileDown.get(id).getGateway().equals("smsc")).count();
        assertThat(failedOver).as("Norwegian messages sent through the SMSC while the provider was down")
                .isEqualTo(norwegianWhileDown.size());
        assertThat(PROVIDER_503.get()).isPositive();
        assertThat(smscIds()).containsAll(norwegianWhileDown);
        JsonNode stats = IsolatedStack.stats(dispatcher);
        assertThat(stats.get("failed").asLong()).isZero();

        // when the provider is up again and a third batch comes, after the circuit's wait (1 s)
        PROVIDER_DOWN.set(false);
        Thread.sleep(2000);
        Batch third = send(60, 2000);

        // then its Norwegian messages go back to the provider (its probes closed the circuit)
        Map<String, DeliveryStatus> sentAfter = awaitSent(third);
        Set<String> norwegianAfter = idsTo(third, "+47");
        long back = norwegianAfter.stream().filter(id -> sentAfter.get(id).getGateway().equals("provider")).count();
        assertThat(back).as("Norwegian messages sent through the provider once it was up").isPositive();
        assertThat(PROVIDER_ACCEPTED.keySet()).containsAll(norwegianAfter.stream()
                .filter(id -> sentAfter.get(id).getGateway().equals("provider")).toList());
        System.out.printf(Locale.ROOT, "routing: while down %d/%d failed over (%d answers 503); after %d/%d back "
                        + "to the provider%n", failedOver, norwegianWhileDown.size(), PROVIDER_503.get(), back,
                norwegianAfter.size());
    }

    /** A batch written to notify.requests: its id, and messageId to recipient. */
    private record Batch(String batchId, Map<String, String> recipients) {
    }

    /** Writes {@code count} requests per country in one batch, numbered from {@code from}. */
    private static Batch send(int count, int from) {
        String batchId = UUID.randomUUID().toString();
        Map<String, String> recipients = new ConcurrentHashMap<>();
        try (RequestProducer producer = new RequestProducer(stack.bootstrapServers(), stack.registryUrl())) {
            for (int i = from; i < from + count; i++) {
                for (String number : List.of(String.format(Locale.ROOT, "+4791%06d", i),
                        String.format(Locale.ROOT, "+46701%06d", i))) {
                    NotificationRequest request = RequestProducer.request(batchId, number, "Route test " + i);
                    producer.send(request, r -> recipients.put(r.getMessageId(), r.getRecipient()), e -> { });
                }
            }
            producer.flush();
        }
        assertThat(recipients).hasSize(2 * count);
        return new Batch(batchId, recipients);
    }

    /** Waits until every message of the batch has a SENT status; returns them by messageId. */
    private static Map<String, DeliveryStatus> awaitSent(Batch batch) {
        Map<String, DeliveryStatus> sent = new HashMap<>();
        try (StatusReader reader = new StatusReader(stack.bootstrapServers(), stack.registryUrl(),
                Set.of(batch.batchId()))) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                for (DeliveryStatus status : reader.poll()) {
                    if (status.getState() == DeliveryState.SENT) {
                        sent.put(status.getMessageId(), status);
                    }
                }
                assertThat(sent.keySet()).containsAll(batch.recipients().keySet());
            });
        }
        return sent;
    }

    private static Set<String> idsTo(Batch batch, String prefix) {
        Set<String> ids = new HashSet<>();
        batch.recipients().forEach((id, recipient) -> {
            if (recipient.startsWith(prefix)) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** The Herald message ids the simulator received. */
    private static Set<String> smscIds() {
        Set<String> ids = new HashSet<>();
        for (SmscMessage message : stack.smsc().messages(null)) {
            if (message.heraldMessageId() != null) {
                ids.add(message.heraldMessageId());
            }
        }
        return ids;
    }
}
