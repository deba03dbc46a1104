package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.herald.local.IngestServiceProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Per-message status callbacks on the shared stack: each message's final state reaches the batch's
 * {@code statusCallbackUrl}, signed, in POSTs of at most 100 events, at least once through a receiver that fails and
 * recovers, while another client's receiver that does not answer holds none of it back.
 */
@ExtendWith(HeraldStackExtension.class)
class StatusCallbacksIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LOCAL = 150;
    private static final int OTHER = 10;
    /** The failing receiver's first answers: 503. */
    private static final int FAILURES = 3;

    private final HeraldTestStack stack;

    StatusCallbacksIT(HeraldTestStack stack) {
        this.stack = stack;
    }

    /** A POST a receiver got. */
    private record Post(String body, String signature, String event, String delivery) {
    }

    /** A receiver on {@code /hook} that records each POST and answers with what {@code answer} says. */
    private interface Answer {
        int status(int request) throws InterruptedException;
    }

    private static HttpServer receiver(List<Post> posts, Answer answer) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(HeraldTestStack.CALLBACK_RECEIVER_HOST, 0), 0);
        AtomicInteger requests = new AtomicInteger();
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status;
            try {
                status = answer.status(requests.incrementAndGet());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = 503;
            }
            posts.add(new Post(body, exchange.getRequestHeaders().getFirst("Herald-Signature"),
                    exchange.getRequestHeaders().getFirst("Herald-Event"),
                    exchange.getRequestHeaders().getFirst("Herald-Delivery")));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static String url(HttpServer receiver) {
        return "http://" + HeraldTestStack.CALLBACK_RECEIVER_HOST + ":" + receiver.getAddress().getPort() + "/hook";
    }

    private static Set<String> post(IngestHttp ingest, int count, String statusCallbackUrl) {
        List<IngestHttp.Recipient> recipients = IngestHttp.recipients(count);
        ObjectNode body = IngestHttp.batch("HERALD", "Your order has shipped", recipients);
        body.put("statusCallbackUrl", statusCallbackUrl);
        return ingest.postAccepted(body);
    }

    /** @return message id → final states, over the POSTs a receiver answered 2xx; checks each POST's shape */
    private static Map<String, Set<String>> delivered(List<Post> posts, String key) throws Exception {
        Map<String, Set<String>> states = new java.util.HashMap<>();
        for (Post post : posts) {
            assertThat(post.event()).isEqualTo("message.status");
            assertThat(post.delivery()).isNotBlank();
            String t = post.signature().replaceAll("t=(\\d+),v1=.*", "$1");
            assertThat(post.signature()).isEqualTo("t=" + t + ",v1=" + CallbackSignatures.hmac(key, t + "." + post.body()));
            JsonNode events = JSON.readTree(post.body()).get("events");
            assertThat(events.size()).isBetween(1, 100);
            for (JsonNode event : events) {
                states.computeIfAbsent(event.get("messageId").asText(), id -> new HashSet<>())
                        .add(event.get("state").asText());
            }
        }
        return states;
    }

    @Test
    void finalStatesReachAReceiverThatFailsAndRecoversWhileAnotherClientsHangs() throws Exception {
        List<Post> failing = new CopyOnWriteArrayList<>();
        List<Post> hanging = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        HttpServer recovering = receiver(failing, request -> request <= FAILURES ? 503 : 204);
        HttpServer stuck = receiver(hanging, request -> release.await(2, TimeUnit.MINUTES) ? 204 : 503);
        try {
            // given a batch of client "other" whose receiver does not answer, and then one of client "local"
            IngestHttp other = new IngestHttp(stack.ingestUrl(), HeraldTestStack.OTHER_CLIENT_KEY);
            Set<String> otherIds = post(other, OTHER, url(stuck));
            Set<String> localIds = post(stack.ingestHttp(), LOCAL, url(recovering));
            // and a batch without a status callback
            Set<String> plain = post(stack.ingestHttp(), 5, null);

            // then every message of local's batch reaches its receiver DELIVERED, through its failures, while the
            // other client's receiver still holds every POST it got
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(delivered(failing.subList(Math.min(FAILURES, failing.size()), failing.size()),
                            IngestServiceProcess.LOCAL_CALLBACK_KEY)).containsOnlyKeys(localIds)
                            .allSatisfy((id, states) -> assertThat(states).containsExactly("DELIVERED")));
            assertThat(release.getCount()).isEqualTo(1);
            assertThat(failing).hasSizeGreaterThan(FAILURES);
            // POSTs of up to 100 events: 150 messages take two at least
            assertThat(failing.size() - FAILURES).isGreaterThanOrEqualTo(2);

            // when the hanging receiver answers again, the other client's events arrive too
            release.countDown();
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(delivered(hanging, HeraldTestStack.OTHER_CALLBACK_KEY).keySet())
                            .containsAll(otherIds));
            assertThat(delivered(hanging, HeraldTestStack.OTHER_CALLBACK_KEY).keySet()).doesNotContainAnyElementsOf(
                    localIds).doesNotContainAnyElementsOf(plain);
        } finally {
            release.countDown();
            recovering.stop(0);
            stuck.stop(0);
        }
    }

    @Test
    void aStatusCallbackUrlThatIsNotAllowedIsRefusedWithAPointerToIt() {
        for (String url : List.of("ftp://hooks.example/x", "http://10.0.0.1/hook", "http://127.0.0.1:8081/tasks")) {
            ObjectNode body = IngestHttp.batch("HERALD", "x", List.of(new IngestHttp.Recipient(
                    TestRecipients.norwegianMobiles(1).get(0), Map.of())));
            body.put("statusCallbackUrl", url);
            IngestHttp.Response response = stack.ingestHttp().postBatch(body);
            assertThat(response.status()).as(url).isEqualTo(400);
            assertThat(response.body().get("errors").get(0).get("pointer").asText()).as(url)
                    .isEqualTo("/statusCallbackUrl");
        }
    }
}
