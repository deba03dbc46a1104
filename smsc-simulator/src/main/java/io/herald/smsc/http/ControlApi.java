package io.herald.smsc.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.herald.smsc.PortInUseException;
import io.herald.smsc.ReceivedMessage;
import io.herald.smsc.SmscSimulator;
import io.herald.smsc.SmscStats;
import io.herald.smsc.mail.MailStats;
import io.herald.smsc.mail.ReceivedMail;
import io.herald.smsc.push.FaultsUpdate;
import io.herald.smsc.push.PushFaults;
import io.herald.smsc.push.PushStats;
import io.herald.smsc.push.ReceivedPush;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP control/stats API, on the JDK's {@link HttpServer}, answering JSON (Jackson):
 * <ul>
 *   <li>{@code GET /health}: 200 {@code {"status":"UP","smppPort":N}} while the SMPP listener is bound, with
 *       {@code "smtpPort":N} too when the SMTP server runs</li>
 *   <li>{@code GET /stats}: the {@link SmscStats} counters</li>
 *   <li>{@code GET /messages[?recipient=..][&heraldId=..]}: the received messages in arrival order, filtered by
 *       exact recipient and/or Herald message id. A '+' in a query value is taken literally (E.164), not as a
 *       space. Each message: heraldMessageId, smscMessageIds, recipient, sender, sourceTon, sourceNpi, text (all
 *       parts decoded per data_coding and joined), segments, dataCoding, concatenation ({@code none}, {@code udh} or
 *       {@code sar}), anomalies (what the check of the parts found, see {@link ReceivedMessage}), receivedAt.</li>
 *   <li>{@code GET /mail/stats}: the {@link MailStats} of the SMTP server,
 *       {@code {"received":N,"distinctMessages":M,"duplicates":D}}</li>
 *   <li>{@code GET /mail/messages[?to=ADDRESS]}: the e-mails received, filtered by the recipient mailbox they were
 *       delivered to (case-insensitive). Each: messageId (header X-Herald-Message-Id, or null), messageIdHeader
 *       (Message-ID), from, to (the To addresses), subject, text, html (decoded, or null); see
 *       {@link ReceivedMail}.</li>
 *   <li>{@code GET /push/stats}: the {@link PushStats} of the FCM and APNs servers,
 *       {@code {"received":N,"distinctMessages":M,"duplicates":D,"apns":{"received":A,"rejected":RA},
 *       "fcm":{"received":F,"rejected":RF},"tokensIssued":T,"rejected":R}}</li>
 *   <li>{@code GET /push/messages[?token=T][&heraldId=ID]}: the push notifications recorded, both platforms, in
 *       arrival order, filtered by exact device token and/or Herald message id. Each: platform ({@code ios} or
 *       {@code android}), token, heraldMessageId, gatewayId, title, body, data (object of strings), badge, sound,
 *       collapseKey, priority ({@code high}/{@code normal}), ttlSeconds, topic, pushType, payload (the JSON as
 *       received: APNs payload, FCM {@code message}), receivedAt; see {@link ReceivedPush}.</li>
 *   <li>{@code GET /push/faults}: the faults injected, {@code {"unregistered":[...],"apns":"ok","fcm":"ok",
 *       "retryAfterSeconds":30}}; {@code POST /push/faults} with {@code {"unregistered":["tok",...],
 *       "apns":"ok"|"unavailable"|"throttle","fcm":"ok"|"unavailable"|"throttle","retryAfterSeconds":N}} (every field
 *       optional; {@code unregistered} adds to the tokens already marked): 204, or 400 for a bad body;
 *       {@code DELETE /push/faults} clears them: 204. See {@link PushFaults}.</li>
 *   <li>{@code POST /reset}: clears messages, counters, every e-mail, every push and the push faults; 204</li>
 * </ul>
 * {@code GET /health} also gives {@code "fcmPort":N} and {@code "apnsPort":N} when those servers run. Another method
 * gets 405 with an Allow header; another path 404, and so do {@code /mail/*} when the simulator runs no SMTP server
 * and {@code /push/*} when it runs neither an FCM nor an APNs server.
 */
public final class ControlApi implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlApi.class);
    private static final String JSON = "application/json";

    private final SmscSimulator simulator;
    private final ObjectMapper mapper = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private HttpServer server;
    private ExecutorService executor;

    /** @param simulator the simulator whose state is served */
    public ControlApi(SmscSimulator simulator) {
        this.simulator = simulator;
    }

    /**
     * Binds and starts serving.
     *
     * @param host address to bind
     * @param port port to bind, 0 for a free one
     * @throws PortInUseException when the port is taken
     * @throws IOException        when the server cannot be opened for another reason
     */
    public void start(String host, int port) throws IOException {
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 50);
        } catch (BindException e) {
            throw new PortInUseException(host, port, e);
        }
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "smsc-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/health", exchange -> handle(exchange, "GET", () -> health()));
        server.createContext("/stats", exchange -> handle(exchange, "GET", () -> stats(simulator.stats())));
        server.createContext("/messages", exchange -> handle(exchange, "GET",
                () -> messages(exchange.getRequestURI().getRawQuery())));
        server.createContext("/mail/stats", exchange -> handle(exchange, "GET", () -> mailStats()));
        server.createContext("/mail/messages", exchange -> handle(exchange, "GET",
                () -> mails(exchange.getRequestURI().getRawQuery())));
        server.createContext("/push/stats", exchange -> handle(exchange, "GET", () -> pushStats()));
        server.createContext("/push/messages", exchange -> handle(exchange, "GET",
                () -> pushes(exchange.getRequestURI().getRawQuery())));
        server.createContext("/push/faults", exchange -> handle(exchange, Map.of(
                "GET", () -> faults(),
                "POST", () -> setFaults(exchange),
                "DELETE", () -> {
                    requirePush();
                    simulator.pushFaults().clear();
                    return null;
                })));
        server.createContext("/smpp/latency", exchange -> handle(exchange, Map.of(
                "GET", () -> Map.of("latencyMs", simulator.smpp().latencyMs()),
                "PUT", () -> {
                    simulator.smpp().latencyMs(longParam(exchange.getRequestURI().getRawQuery(), "ms"));
                    LOG.info("SMPP latency set to {} ms", simulator.smpp().latencyMs());
                    return Map.of("latencyMs", simulator.smpp().latencyMs());
                })));
        server.createContext("/reset", exchange -> handle(exchange, "POST", () -> {
            simulator.reset();
            return null;
        }));
        server.createContext("/", exchange -> {
            try (exchange) {
                send(exchange, 404, Map.of("error", "not found", "path", exchange.getRequestURI().getPath()));
            }
        });
        server.start();
    }

    /** @return the bound port */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private void handle(HttpExchange exchange, String method, Body body) throws IOException {
        handle(exchange, Map.of(method, body));
    }

    private void handle(HttpExchange exchange, Map<String, Body> bodies) throws IOException {
        try (exchange) {
            try {
                respond(exchange, bodies);
            } catch (NotFound e) {
                send(exchange, 404, Map.of("error", e.getMessage(), "path", exchange.getRequestURI().getPath()));
            } catch (IllegalArgumentException e) {
                send(exchange, 400, Map.of("error", "bad request: " + e.getMessage()));
            } catch (RuntimeException e) {
                LOG.warn("HTTP {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
                send(exchange, 500, Map.of("error", "internal error"));
            }
        }
    }

    private void respond(HttpExchange exchange, Map<String, Body> bodies) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!path.equals(exchange.getHttpContext().getPath())) {
            send(exchange, 404, Map.of("error", "not found", "path", path));
            return;
        }
        Body body = bodies.get(exchange.getRequestMethod());
        if (body == null) {
            String allow = bodies.keySet().stream().sorted().collect(Collectors.joining(", "));
            exchange.getResponseHeaders().set("Allow", allow);
            send(exchange, 405, Map.of("error", "method not allowed", "allow", allow));
            return;
        }
        Object result = body.get();
        if (result == null) {
            exchange.sendResponseHeaders(204, -1);
        } else {
            send(exchange, 200, result);
        }
    }

    private Object health() {
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", "UP");
        health.put("smppPort", simulator.smppPort());
        if (simulator.smtpEnabled()) {
            health.put("smtpPort", simulator.smtpPort());
        }
        if (simulator.fcmPort() >= 0) {
            health.put("fcmPort", simulator.fcmPort());
        }
        if (simulator.apnsPort() >= 0) {
            health.put("apnsPort", simulator.apnsPort());
        }
        return health;
    }

    private static Object stats(SmscStats s) {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("submitSm", s.submitSm());
        stats.put("segments", s.segments());
        stats.put("messages", s.messages());
        stats.put("distinctMessages", s.distinctMessages());
        stats.put("duplicates", s.duplicates());
        stats.put("throttled", s.throttled());
        stats.put("errors", s.errors());
        stats.put("invalid", s.invalid());
        stats.put("receiptsSent", s.receiptsSent());
        stats.put("receiptsFailed", s.receiptsFailed());
        stats.put("incompleteMessages", s.incompleteMessages());
        stats.put("boundSessions", s.boundSessions());
        return stats;
    }

    private Object mailStats() {
        requireSmtp();
        MailStats s = simulator.mailStats();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("received", s.received());
        stats.put("distinctMessages", s.distinctMessages());
        stats.put("duplicates", s.duplicates());
        return stats;
    }

    private Object mails(String rawQuery) {
        requireSmtp();
        // '+' is literal here too: it is common in e-mail local parts (user+tag@example.com).
        String to = parseQuery(rawQuery).get("to");
        return simulator.mails(to == null || to.isBlank() ? null : to.trim()).stream()
                .map(ControlApi::json).collect(Collectors.toList());
    }

    private static Map<String, Object> json(ReceivedMail m) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("messageId", m.messageId());
        json.put("messageIdHeader", m.messageIdHeader());
        json.put("from", m.from());
        json.put("to", m.to());
        json.put("subject", m.subject());
        json.put("text", m.text());
        json.put("html", m.html());
        return json;
    }

    private void requireSmtp() {
        if (!simulator.smtpEnabled()) {
            throw new NotFound("SMTP is not enabled: start the simulator with --smtp-port PORT");
        }
    }

    private Object pushStats() {
        requirePush();
        PushStats s = simulator.pushStats();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("received", s.received());
        stats.put("distinctMessages", s.distinctMessages());
        stats.put("duplicates", s.duplicates());
        stats.put("apns", receivedAndRejected(s.apnsReceived(), s.apnsRejected()));
        stats.put("fcm", receivedAndRejected(s.fcmReceived(), s.fcmRejected()));
        stats.put("tokensIssued", s.tokensIssued());
        stats.put("rejected", s.rejected());
        return stats;
    }

    private static Map<String, Object> receivedAndRejected(long received, long rejected) {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("received", received);
        counts.put("rejected", rejected);
        return counts;
    }

    private Object pushes(String rawQuery) {
        requirePush();
        Map<String, String> query = parseQuery(rawQuery);
        String token = query.get("token");
        String heraldId = query.get("heraldId");
        return simulator.pushes(p -> (token == null || token.equals(p.token()))
                        && (heraldId == null || heraldId.equals(p.heraldMessageId())))
                .stream().map(ControlApi::json).collect(Collectors.toList());
    }

    private static Map<String, Object> json(ReceivedPush p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("platform", p.platform());
        json.put("token", p.token());
        json.put("heraldMessageId", p.heraldMessageId());
        json.put("gatewayId", p.gatewayId());
        json.put("title", p.title());
        json.put("body", p.body());
        json.put("data", p.data());
        json.put("badge", p.badge());
        json.put("sound", p.sound());
        json.put("collapseKey", p.collapseKey());
        json.put("priority", p.priority());
        json.put("ttlSeconds", p.ttlSeconds());
        json.put("topic", p.topic());
        json.put("pushType", p.pushType());
        json.put("payload", p.payload());
        json.put("receivedAt", p.receivedAt().toString());
        return json;
    }

    /** @return the query's parameter as a long; IllegalArgumentException (400) if missing or not a number */
    private static long longParam(String rawQuery, String name) {
        String value = parseQuery(rawQuery).get(name);
        if (value == null) {
            throw new IllegalArgumentException("query parameter " + name + " is missing");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a number: " + value);
        }
    }

    private Object faults() {
        requirePush();
        PushFaults f = simulator.pushFaults();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("unregistered", f.unregisteredTokens().stream().sorted().collect(Collectors.toList()));
        json.put("apns", f.apns().jsonName());
        json.put("fcm", f.fcm().jsonName());
        json.put("retryAfterSeconds", f.retryAfterSeconds());
        return json;
    }

    private Object setFaults(HttpExchange exchange) throws IOException {
        requirePush();
        FaultsUpdate update;
        try {
            update = FaultsUpdate.fromJson(mapper.readTree(exchange.getRequestBody()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getOriginalMessage(), e);
        }
        simulator.pushFaults().apply(update);
        LOG.info("Push faults set: apns={}, fcm={}, {} more unregistered token(s)",
                simulator.pushFaults().apns().jsonName(), simulator.pushFaults().fcm().jsonName(),
                update.unregistered().size());
        return null;
    }

    private void requirePush() {
        if (!simulator.pushEnabled()) {
            throw new NotFound("push is not enabled: start the simulator with --fcm-port PORT and/or --apns-port PORT "
                    + "and --push-credentials-dir DIR");
        }
    }

    private Object messages(String rawQuery) {
        Map<String, String> query = parseQuery(rawQuery);
        Predicate<ReceivedMessage> filter = m -> true;
        String recipient = query.get("recipient");
        if (recipient != null) {
            filter = filter.and(m -> m.recipient().equals(recipient));
        }
        String heraldId = query.get("heraldId");
        if (heraldId != null) {
            filter = filter.and(m -> heraldId.equals(m.heraldMessageId()));
        }
        List<ReceivedMessage> found = simulator.messages(filter);
        return found.stream().map(ControlApi::json).collect(Collectors.toList());
    }

    private static Map<String, Object> json(ReceivedMessage m) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("heraldMessageId", m.heraldMessageId());
        json.put("smscMessageIds", m.smscMessageIds());
        json.put("recipient", m.recipient());
        json.put("sender", m.sender());
        json.put("sourceTon", m.sourceTon());
        json.put("sourceNpi", m.sourceNpi());
        json.put("text", m.text());
        json.put("segments", m.segments());
        json.put("dataCoding", m.dataCoding());
        json.put("concatenation", m.concatenation());
        json.put("anomalies", m.anomalies());
        json.put("receivedAt", m.receivedAt().toString());
        return json;
    }

    /** Splits a raw query string; '+' stays '+' so that E.164 numbers need no escaping. */
    static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            query.putIfAbsent(decode(name), decode(value));
        }
        return query;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = mapper.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", JSON);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A resource that does not exist in this simulator's setup: answered 404 with its message. */
    private static final class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFound(String message) {
            super(message, null, false, false);
        }
    }

    @FunctionalInterface
    private interface Body {
        Object get() throws IOException;
    }
}
