package io.herald.ingest.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.herald.ingest.core.CallbackKeys;
import io.herald.ingest.core.CallbackTargets;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 22 §5: one client's slow or failing receiver does not delay another client's callbacks, and the offsets
 * committed never pass a callback not yet delivered or given up. A sender runs on Kafka's {@code MockConsumer} and
 * POSTs to real receivers on 127.0.0.1: a JDK HTTP server, and raw sockets that trickle their answer.
 *
 * <p>The bounds (10 s) are generous for two loaded cores: what they check is that client B's callbacks do not wait for
 * client A's, whose POST takes 60 s or whose retry is due in 300 s.
 */
class CallbackIsolationTest {

    private static final String TOPIC = "notify.batches.completed";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final String KEY = "0123456789abcdef0123456789abcdef";
    private static final Duration PROMPTLY = Duration.ofSeconds(10);

    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final PacedConsumer consumer = new PacedConsumer();
    private final MetricRegistry metrics = new MetricRegistry();
    private final CountDownLatch releaseA = new CountDownLatch(1);
    /** Batch ids as each receiver got them, at the start of the request. */
    private final List<String> receivedA = new CopyOnWriteArrayList<>();
    private final List<String> receivedB = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private CallbackSender sender;

    @BeforeEach
    void startReceivers() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(handlers);
        server.createContext("/b", exchange -> {
            receivedB.add(exchange.getRequestHeaders().getFirst(CallbackSender.DELIVERY_HEADER));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/a/retry-after-300", exchange -> {
            receivedA.add(exchange.getRequestHeaders().getFirst(CallbackSender.DELIVERY_HEADER));
            exchange.getResponseHeaders().add("Retry-After", "300");
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.createContext("/a/held", exchange -> {
            receivedA.add(exchange.getRequestHeaders().getFirst(CallbackSender.DELIVERY_HEADER));
            try {
                releaseA.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
    }

    @AfterEach
    void stop() throws InterruptedException {
        releaseA.countDown();
        if (sender != null) {
            sender.stop();
        }
        server.stop(0);
        handlers.shutdownNow();
    }

    /** Starts a sender on the test's consumer, assigned partitions 0 and 1. */
    private CallbackSender start(CallbackFactory settings) {
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(P0, P1)));
        sender = new CallbackSender(consumer, TOPIC, new CallbackKeys(Map.of("a", KEY, "b", KEY)), settings,
                new CallbackTargets(List.of("127.0.0.1/32"), true, Map.of(), InetAddress::getAllByName),
                new ObjectMapper(), metrics, Clock.systemUTC());
        sender.start();
        return sender;
    }

    /** Completion records, written to the topic in this order at the consumer's next poll. */
    private void write(ConsumerRecord<?, ?>... records) {
        consumer.schedulePollTask(() -> {
            for (ConsumerRecord<?, ?> record : records) {
                @SuppressWarnings("unchecked")
                ConsumerRecord<String, byte[]> typed = (ConsumerRecord<String, byte[]>) record;
                consumer.addRecord(typed);
            }
        });
    }

    private static ConsumerRecord<String, byte[]> completion(TopicPartition partition, long offset, String batchId,
                                                             String clientId, String url) {
        return new ConsumerRecord<>(TOPIC, partition.partition(), offset, batchId,
                ("{\"callbackUrl\":\"" + url + "\",\"clientId\":\"" + clientId + "\",\"batch\":{\"batchId\":\""
                        + batchId + "\"}}").getBytes(StandardCharsets.UTF_8));
    }

    private String urlB() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/b";
    }

    private String urlA(String behaviour) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/a/" + behaviour;
    }

    private static CallbackFactory settings() {
        CallbackFactory settings = new CallbackFactory();
        // longer than each test: a POST to a receiver that never answers stays in flight throughout
        settings.setTimeout(io.dropwizard.util.Duration.seconds(60));
        return settings;
    }

    @Test
    void aReceiverThatTricklesItsAnswerDoesNotDelayAnotherClientsCallbacks() throws IOException {
        try (Trickler trickler = new Trickler()) {
            // given a sender whose POSTs may take 60 s, and client A's receiver that sends one byte a second
            start(settings());

            // when A's completion comes first on partition 0, then B's on both partitions
            write(completion(P0, 0, "a1", "a", "http://127.0.0.1:" + trickler.port() + "/hook"),
                    completion(P0, 1, "b1", "b", urlB()),
                    completion(P0, 2, "b2", "b", urlB()),
                    completion(P1, 0, "b3", "b", urlB()));

            // then B's arrive promptly while A's is still being trickled
            await().atMost(PROMPTLY).untilAsserted(() -> assertThat(receivedB).containsExactlyInAnyOrder("b1", "b2",
                    "b3"));
            await().atMost(PROMPTLY).until(() -> trickler.accepted() == 1);
            assertThat(trickler.open()).as("A's POST is still in flight").isEqualTo(1);
            // and partition 1 is committed past B's, partition 0 not past A's
            await().atMost(PROMPTLY).until(() -> consumer.committedOffset(P1) == 1);
            assertThat(consumer.commitsOf(P0)).allSatisfy(offset -> assertThat(offset).isLessThanOrEqualTo(0));
        }
    }

    @Test
    void aReceiverAskingForRetryAfter300sGetsOneAttemptAndDelaysNoOtherClient() {
        // given a sender with the default backoff (1 s, doubled up to 5 minutes), and A's receiver answering 503 with
        // Retry-After: 300
        start(settings());

        // when A's completion comes first on partition 0, then B's
        write(completion(P0, 0, "a1", "a", urlA("retry-after-300")), completion(P0, 1, "b1", "b", urlB()));
        await().atMost(PROMPTLY).until(() -> receivedA.size() == 1);
        write(completion(P0, 2, "b2", "b", urlB()), completion(P1, 0, "b3", "b", urlB()));

        // then B's keep being delivered
        await().atMost(PROMPTLY).untilAsserted(() -> assertThat(receivedB).containsExactlyInAnyOrder("b1", "b2",
                "b3"));
        await().atMost(PROMPTLY).until(() -> consumer.committedOffset(P1) == 1);
        // and A's is not tried again before its Retry-After (the 1 s backoff would have, three times)
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> receivedA.size() == 1);
        assertThat(receivedA).containsExactly("a1");
        assertThat(sender.pending()).as("A's callback waits for its next attempt").isEqualTo(1);
        // and partition 0 is never committed past A's record
        assertThat(consumer.commitsOf(P0)).allSatisfy(offset -> assertThat(offset).isLessThanOrEqualTo(0));
        assertThat(consumer.committedOffset(P0)).isLessThanOrEqualTo(0);
    }

    @Test
    void aClientOverItsPendingCapHasOnlyItsOwnExcessGivenUp() {
        // given at most 2 callbacks held per client, and A's receiver that holds every request until released
        CallbackFactory settings = settings();
        settings.setMaxPendingPerClient(2);
        start(settings);

        // when A has 5 completions, then B 2
        write(completion(P0, 0, "a1", "a", urlA("held")),
                completion(P0, 1, "a2", "a", urlA("held")),
                completion(P0, 2, "a3", "a", urlA("held")),
                completion(P0, 3, "a4", "a", urlA("held")),
                completion(P0, 4, "a5", "a", urlA("held")),
                completion(P0, 5, "b1", "b", urlB()),
                completion(P1, 0, "b2", "b", urlB()));

        // then B's are delivered, and A's three beyond the cap are given up at once
        await().atMost(PROMPTLY).untilAsserted(() -> assertThat(receivedB).containsExactlyInAnyOrder("b1", "b2"));
        await().atMost(PROMPTLY).until(() -> metrics.meter("io.herald.ingest.callbacks.abandoned").getCount() == 3);
        assertThat(sender.pending()).isEqualTo(2);
        // and once A's receiver answers, A's first two are delivered, the rest never tried, and partition 0 is done
        releaseA.countDown();
        await().atMost(PROMPTLY).until(() -> consumer.committedOffset(P0) == 6);
        assertThat(receivedA).containsExactly("a1", "a2");
        assertThat(metrics.meter("io.herald.ingest.callbacks.delivered").getCount()).isEqualTo(4);
        assertThat(metrics.meter("io.herald.ingest.callbacks.abandoned").getCount()).isEqualTo(3);
    }

    @Test
    void committedOffsetsNeverPassAnUnfinishedCallbackSoACrashLosesNone() throws InterruptedException {
        // given A's receiver that holds every request
        start(settings());

        // when partition 0 has B's, A's, then B's completions
        write(completion(P0, 0, "b1", "b", urlB()),
                completion(P0, 1, "a1", "a", urlA("held")),
                completion(P0, 2, "b2", "b", urlB()),
                completion(P0, 3, "b3", "b", urlB()));

        // then B's are all delivered, but partition 0 is committed up to A's record only
        await().atMost(PROMPTLY).untilAsserted(() -> assertThat(receivedB).containsExactly("b1", "b2", "b3"));
        await().atMost(PROMPTLY).until(() -> consumer.committedOffset(P0) == 1);
        await().atMost(PROMPTLY).until(() -> receivedA.size() == 1);
        assertThat(receivedA).containsExactly("a1");

        // and when the sender stops with A's POST in flight (it is aborted), nothing past A's record was committed:
        // the partition's next owner sends A's callback again (and B's after it, told apart by Herald-Delivery)
        sender.stop();
        sender = null;
        assertThat(consumer.commitsOf(P0)).isNotEmpty()
                .allSatisfy(offset -> assertThat(offset).isLessThanOrEqualTo(1));
        assertThat(consumer.closed()).isTrue();
    }

    @Test
    void aRevokedPartitionsCallbacksAreDroppedAndItIsNotCommittedAfterwards() {
        // given A's receiver that holds every request, and A's two completions on partition 0, B's on partition 1
        start(settings());
        write(completion(P0, 0, "a1", "a", urlA("held")),
                completion(P0, 1, "a2", "a", urlA("held")),
                completion(P1, 0, "b1", "b", urlB()));
        await().atMost(PROMPTLY).untilAsserted(() -> assertThat(receivedB).containsExactly("b1"));
        await().atMost(PROMPTLY).until(() -> receivedA.size() == 1 && sender.pending() == 2);

        // when partition 0 goes to another consumer
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(P1)));

        // then A's queued callback is dropped (the next owner sends it), and once the POST in flight ends, nothing
        // is held and partition 0 was never committed past A's first record
        await().atMost(PROMPTLY).until(() -> sender.pending() == 1);
        releaseA.countDown();
        await().atMost(PROMPTLY).until(() -> sender.pending() == 0);
        write(completion(P1, 1, "b2", "b", urlB()));
        await().atMost(PROMPTLY).until(() -> consumer.committedOffset(P1) == 2);
        assertThat(receivedA).containsExactly("a1");
        assertThat(consumer.commitsOf(P0)).allSatisfy(offset -> assertThat(offset).isLessThanOrEqualTo(0));
    }

    @Test
    void atMaxPendingTheConsumerPausesItsPartitionsUntilFewerAreHeld() {
        // given at most 2 callbacks held in all, and A's receiver that holds every request
        CallbackFactory settings = settings();
        settings.setMaxPending(2);
        settings.setThreads(4);
        settings.setMaxConcurrentPerClient(2);
        start(settings);

        // when three of A's completions come in one poll
        write(completion(P0, 0, "a1", "a", urlA("held")),
                completion(P0, 1, "a2", "a", urlA("held")),
                completion(P0, 2, "a3", "a", urlA("held")));

        // then two are held, the third is left to be read again, and the partitions are paused
        await().atMost(PROMPTLY).until(() -> receivedA.size() == 2);
        await().atMost(PROMPTLY).until(() -> consumer.paused().containsAll(List.of(P0, P1)));
        assertThat(sender.pending()).isEqualTo(2);
        assertThat(consumer.position(P0)).isEqualTo(2);

        // and once they are delivered, the partitions are resumed and the third is read again and delivered
        releaseA.countDown();
        await().atMost(PROMPTLY).until(() -> consumer.paused().isEmpty());
        write(completion(P0, 2, "a3", "a", urlA("held")));
        await().atMost(PROMPTLY).until(() -> consumer.committedOffset(P0) == 3);
        assertThat(receivedA).containsExactlyInAnyOrder("a1", "a2", "a3");
    }

    /**
     * A receiver on a raw socket that reads the request, then sends its status line one byte a second: it takes the
     * POST's whole timeout.
     */
    private static final class Trickler implements AutoCloseable {

        private final ServerSocket socket = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
        private final AtomicInteger accepted = new AtomicInteger();
        private final AtomicInteger open = new AtomicInteger();
        private final List<Socket> connections = new ArrayList<>();

        Trickler() throws IOException {
            Thread thread = new Thread(this::serve, "trickler");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        /** @return connections accepted so far */
        int accepted() {
            return accepted.get();
        }

        /** @return connections still being trickled to */
        int open() {
            return open.get();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    synchronized (connections) {
                        connections.add(connection);
                    }
                    accepted.incrementAndGet();
                    open.incrementAndGet();
                    Thread trickle = new Thread(() -> trickle(connection), "trickle");
                    trickle.setDaemon(true);
                    trickle.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void trickle(Socket connection) {
            try (connection) {
                InputStream in = connection.getInputStream();
                in.read(new byte[8192]);
                OutputStream out = connection.getOutputStream();
                for (byte b : "HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.US_ASCII)) {
                    out.write(b);
                    out.flush();
                    TimeUnit.SECONDS.sleep(1);
                }
            } catch (IOException | InterruptedException e) {
                // the client hung up
            } finally {
                open.decrementAndGet();
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (connections) {
                for (Socket connection : connections) {
                    connection.close();
                }
            }
        }
    }
}
