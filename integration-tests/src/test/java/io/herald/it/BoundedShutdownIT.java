package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.herald.local.DispatcherProcess;
import io.herald.local.HeraldHome;
import io.herald.local.IngestServiceProcess;
import io.herald.local.LocalPorts;
import io.herald.local.LocalProcess;
import io.herald.schema.DeliveryState;
import io.herald.schema.DeliveryStatus;
import io.herald.schema.HeraldSerdes;
import io.herald.schema.Topics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM stops ingest-service and a dispatcher within 10 s while their Kafka Streams threads are busy (issue 20): an
 * ingest instance (its status view) and a dispatcher (its receipt correlator) read a backlog of
 * {@value #BACKLOG} statuses on {@code notify.status} through a registry that knows none of their schema ids and
 * answers each lookup after {@code LOOKUP_DELAY}, so every record costs a slow round trip, as in the bug report.
 *
 * <p>Both run on the shared stack without disturbing it: their own Streams application ids (they read the statuses
 * without taking partitions from the stack's status view or correlators), the dispatcher in a group of its own that
 * starts at the end of the request topics, no bulk loader and no callbacks. The statuses are valid records of a
 * batch no one else knows, so the stack's own Streams apps read them at the cost of one cached lookup.
 */
@ExtendWith(HeraldStackExtension.class)
class BoundedShutdownIT {

    private static final Logger LOG = LoggerFactory.getLogger(BoundedShutdownIT.class);

    /** What issue 20 asks: exit within 10 s of SIGTERM. */
    private static final Duration BUDGET = Duration.ofSeconds(10);
    private static final int BACKLOG = 2_000;
    private static final Duration LOOKUP_DELAY = Duration.ofMillis(50);
    /** Longer than before the fix (up to 30 s per Streams app), so a slow exit is measured rather than SIGKILLed. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(75);

    @TempDir
    Path work;

    @Test
    void ingestAndDispatcherExitWithinTenSecondsOfSigtermWhileTheirStreamsThreadsAreBusy(HeraldTestStack stack)
            throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        HeraldHome home = HeraldHome.locate();
        try (SlowUnknownIdRegistry ingestRegistry = SlowUnknownIdRegistry.start();
             SlowUnknownIdRegistry dispatcherRegistry = SlowUnknownIdRegistry.start()) {
            // given a backlog on notify.status
            long t0 = System.nanoTime();
            writeStatuses(stack, "shutdown-it-" + run);
            LOG.info("{} statuses written in {} ms", BACKLOG, (System.nanoTime() - t0) / 1_000_000);
            // and an ingest instance and a dispatcher whose Streams apps read it, each record a slow failed lookup
            try (IngestServiceProcess ingest = IngestServiceProcess.start(home, IngestServiceProcess.Options.in(work)
                    .name("ingest-shutdown").kafka(stack.bootstrapServers(), ingestRegistry.url())
                    .port(0).adminPort(0).stopTimeout(STOP_TIMEOUT)
                    .override("streams.statusApplicationId", "herald-ingest-status-shutdown-it-" + run)
                    .override("streams.bulkEnabled", "false")
                    .override("callbacks.enabled", "false"));
                 DispatcherProcess dispatcher = DispatcherProcess.start(home, DispatcherProcess.Options.in(work)
                         .name("dispatcher-shutdown").instanceId("it-dispatcher-shutdown-" + run)
                         .kafka(stack.bootstrapServers(), dispatcherRegistry.url()).smpp(stack.smsc())
                         .groupId("herald-dispatcher-shutdown-it-" + run)
                         .property("consumer.auto.offset.reset", "latest")
                         .property("receipts.application.id", "herald-receipts-shutdown-it-" + run)
                         .adminPort(0).stopTimeout(STOP_TIMEOUT))) {
                await("both Streams threads reading the backlog").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> ingestRegistry.lookups() >= 3 && dispatcherRegistry.lookups() >= 3);
                LOG.info("Both Streams threads busy {} ms after the backlog was written",
                        (System.nanoTime() - t0) / 1_000_000);

                // when each gets SIGTERM
                Stop ingestStop = stop(ingest);
                Stop dispatcherStop = stop(dispatcher);
                LOG.info("SIGTERM to exit: ingest {} ms (exit {}), dispatcher {} ms (exit {}); failed lookups: "
                                + "ingest {}, dispatcher {}", ingestStop.elapsed.toMillis(), ingestStop.exitCode,
                        dispatcherStop.elapsed.toMillis(), dispatcherStop.exitCode, ingestRegistry.lookups(),
                        dispatcherRegistry.lookups());

                // then each exits on its own within the budget: the JVM's 143 for ingest, 0 for the dispatcher
                assertThat(ingestStop.elapsed).as("ingest, SIGTERM to exit").isLessThan(BUDGET);
                assertThat(ingestStop.exitCode).as("ingest exit code").isEqualTo(143);
                assertThat(dispatcherStop.elapsed).as("dispatcher, SIGTERM to exit").isLessThan(BUDGET);
                assertThat(dispatcherStop.exitCode).as("dispatcher exit code").isZero();
            }
        }
    }

    private static Stop stop(LocalProcess process) {
        long start = System.nanoTime();
        int exitCode = process.stop();
        return new Stop(Duration.ofNanos(System.nanoTime() - start), exitCode);
    }

    private record Stop(Duration elapsed, int exitCode) {
    }

    /**
     * Writes {@value #BACKLOG} FAILED statuses of one batch that nothing else knows: valid records (the stack's own
     * readers look their schema up once), which are harmless in its status view.
     */
    private static void writeStatuses(HeraldTestStack stack, String batchId) {
        Map<String, Object> config = new HashMap<>(HeraldSerdes.producerSerdeConfig(stack.registryUrl()));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        try (KafkaProducer<String, DeliveryStatus> producer = new KafkaProducer<>(config)) {
            for (int i = 0; i < BACKLOG; i++) {
                String messageId = UUID.randomUUID().toString();
                producer.send(new ProducerRecord<>(Topics.STATUS, messageId, DeliveryStatus.newBuilder()
                        .setMessageId(messageId).setBatchId(batchId).setState(DeliveryState.FAILED)
                        .setErrorCode("SHUTDOWN_IT").setSegments(1).setTimestamp(Instant.now()).setAttempt(1)
                        .build()));
            }
            producer.flush();
        }
    }

    /**
     * A registry that knows no schema: every request is answered 404 after {@link #LOOKUP_DELAY}, and counted. Neither
     * service needs the registry to start; their Streams apps' deserializers ask it once per record and skip the
     * record (LogAndContinueExceptionHandler).
     */
    private static final class SlowUnknownIdRegistry implements AutoCloseable {

        private final HttpServer server;
        private final AtomicInteger lookups = new AtomicInteger();

        private SlowUnknownIdRegistry(HttpServer server) {
            this.server = server;
        }

        static SlowUnknownIdRegistry start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(LocalPorts.HOST, 0), 0);
            SlowUnknownIdRegistry registry = new SlowUnknownIdRegistry(server);
            server.createContext("/", exchange -> {
                registry.lookups.incrementAndGet();
                try {
                    Thread.sleep(LOOKUP_DELAY.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                byte[] body = "{\"error_code\":404,\"message\":\"No content with id\"}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(404, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.start();
            return registry;
        }

        String url() {
            return "http://" + LocalPorts.HOST + ":" + server.getAddress().getPort();
        }

        int lookups() {
            return lookups.get();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
