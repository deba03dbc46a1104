package io.herald.dispatcher.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP server (JDK {@code HttpServer}):
 * <ul>
 *   <li>{@code GET /health/ready} (and {@code GET /health}, the same): 200 {@code {"status":"UP",...}} when every
 *       consumer (requests, retry) polled within the last {@value #POLL_STALE_MS} ms and a gateway can send;
 *       503 {@code {"status":"DOWN",...}} otherwise. For a readiness probe: a pod that cannot send is taken out of
 *       rotation, not restarted.</li>
 *   <li>{@code GET /health/live}: 200 unless a consumer that polled before has not polled for
 *       {@value #LIVE_STALE_MS} ms (Kafka's default {@code max.poll.interval.ms}: by then the group has evicted it),
 *       503 then. For a liveness probe: a gateway that is down, a rebalance or a ledger load does not restart the
 *       pod; a stuck poll loop does.</li>
 *   <li>{@code GET /stats}: 200 with counters (consumed, sent, failed, expired, deadLettered, poison, retries:
 *       inline attempts beyond the first, retryScheduled: messages handed to a retry topic, delayed: records handed
 *       to a delay topic because their notBefore was ahead (once per tier passed), ledgerSkipped: records
 *       not sent again because the sent ledger had them, throttled, gatewayWaits, suppressed: requests completed
 *       with SUPPRESSED instead of being sent), the suppression list ({@code suppressionList}: {@code state} OFF,
 *       LOADING or LOADED, {@code entries}), gauges ({@code gateways}: per
 *       gateway name its channel, circuit CLOSED/OPEN/HALF_OPEN, rateLimitTps (0 for none) and available; inFlight,
 *       paused, smppSessionsBound), per loop
 *       ({@code loops.requests}, {@code loops.retry}) inFlight, paused and held (partitions waiting until their next
 *       record is due), delivery receipt counters ({@code receipts}: see {@link ReceiptStats}),
 *       and the last committed offset per partition.</li>
 *   <li>{@code GET /metrics}: 200 with the Prometheus metrics ({@link DispatcherMetrics}), text format 0.0.4, or
 *       OpenMetrics 1.0 when the {@code Accept} header asks for {@code application/openmetrics-text}.</li>
 * </ul>
 * Other methods get 405, other paths 404.
 */
public final class AdminServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How recent the last poll must be for the consumer to count as polling, in ms. */
    public static final long POLL_STALE_MS = 10_000;
    /** How old the last poll may be before the process counts as stuck, in ms. */
    public static final long LIVE_STALE_MS = 300_000;

    private final HttpServer server;
    private final String instanceId;
    private final DispatcherStats stats;
    private final BooleanSupplier gatewayAvailable;
    private final IntSupplier sessionsBound;

    /**
     * Binds the server (not started yet).
     *
     * @param host the address to listen on: a host name or IP address, {@code 0.0.0.0} for every interface
     * @param port TCP port; 0 picks a free one
     * @param instanceId this process's name, echoed in responses
     * @param stats the counters
     * @param gatewayAvailable whether the gateway can take messages
     * @param sessionsBound SMPP sessions bound now
     * @throws IOException if the address cannot be bound (port in use, host not local)
     * @throws IllegalArgumentException if the host name cannot be resolved
     */
    public AdminServer(String host, int port, String instanceId, DispatcherStats stats,
                       BooleanSupplier gatewayAvailable, IntSupplier sessionsBound) throws IOException {
        this.instanceId = instanceId;
        this.stats = stats;
        this.gatewayAvailable = gatewayAvailable;
        this.sessionsBound = sessionsBound;
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("admin host " + host + " cannot be resolved");
        }
        this.server = HttpServer.create(address, 0);
        server.createContext("/health", exchange -> handle(exchange, e -> health()));
        server.createContext("/health/ready", exchange -> handle(exchange, e -> health()));
        server.createContext("/health/live", exchange -> handle(exchange, e -> liveness()));
        server.createContext("/stats", exchange -> handle(exchange, e -> statsJson()));
        server.createContext("/metrics", exchange -> handle(exchange,
                e -> metrics(e.getRequestHeaders().getFirst("Accept"))));
        server.createContext("/", exchange -> respond(exchange, 404, "{\"error\":\"not found\"}"));
        server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "admin-http");
            thread.setDaemon(true);
            return thread;
        }));
    }

    /** Starts serving. */
    public void start() {
        server.start();
        LOG.info("Admin server on {}:{}: GET /health/ready, GET /health/live, GET /stats, GET /metrics",
                server.getAddress().getHostString(), port());
    }

    /** @return the bound port */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return the bound address and port */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    /** @return HTTP status and JSON body of {@code /health} */
    Response health() {
        long last = stats.lastPollNanos();
        boolean polling = last != 0 && TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - last) <= POLL_STALE_MS;
        boolean gateway = gatewayAvailable.getAsBoolean();
        boolean up = polling && gateway;
        return json(up ? 200 : 503, new AdminBodies.Health(up ? "UP" : "DOWN", instanceId, polling, gateway));
    }

    /** @return HTTP status and JSON body of {@code /health/live} */
    Response liveness() {
        long last = stats.lastPollNanos();
        boolean stuck = last != 0 && TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - last) > LIVE_STALE_MS;
        return json(stuck ? 503 : 200, new AdminBodies.Liveness(stuck ? "DOWN" : "UP", instanceId));
    }

    /** @return HTTP status and JSON body of {@code /stats} */
    Response statsJson() {
        return json(200, AdminBodies.Stats.of(instanceId, stats, sessionsBound.getAsInt()));
    }

    private static Response json(int status, Object body) {
        try {
            return new Response(status, JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an admin answer as JSON", e);
        }
    }

    /** A response: status code, body and its content type. */
    record Response(int status, String body, String contentType) {

        Response(int status, String body) {
            this(status, body, "application/json");
        }
    }

    private interface Handler {
        Response handle(HttpExchange exchange);
    }

    private static void handle(HttpExchange exchange, Handler handler) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().add("Allow", "GET");
            respond(exchange, 405, "{\"error\":\"method not allowed\"}");
            return;
        }
        Response response = handler.handle(exchange);
        respond(exchange, response.status(), response.body(), response.contentType());
    }

    /** @return the Prometheus metrics, in the format the {@code Accept} header asks for */
    Response metrics(String accept) {
        String contentType = DispatcherMetrics.contentType(accept);
        return new Response(200, stats.metrics().scrape(contentType), contentType);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        respond(exchange, status, body, "application/json");
    }

    private static void respond(HttpExchange exchange, int status, String body, String contentType)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
