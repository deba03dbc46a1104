package io.herald.smsc.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.herald.smsc.PortInUseException;
import io.herald.smsc.push.AccessTokens.Issued;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's FCM server, on the JDK's {@link HttpServer}, plain HTTP:
 * <ul>
 *   <li>{@code POST /token}: the OAuth 2.0 token endpoint for a service account's JWT bearer grant (RFC 7523, see
 *       {@link JwtBearerGrant}); 200 {@code {"access_token":"ya29....","expires_in":3600,"token_type":"Bearer"}},
 *       or 400 {@code {"error":"invalid_grant","error_description":"..."}} (RFC 6749 §5.2).</li>
 *   <li>{@code POST /v1/projects/{project}/messages:send}: FCM HTTP v1 {@code projects.messages.send}. Needs
 *       {@code Authorization: Bearer <token>} issued here and unexpired (else 401 UNAUTHENTICATED) with the scope
 *       {@code https://www.googleapis.com/auth/firebase.messaging} or {@code .../cloud-platform} (else 403
 *       PERMISSION_DENIED), the key file's project (else 403 PERMISSION_DENIED), a valid body (else 400
 *       INVALID_ARGUMENT, see {@link FcmMessageParser}); then meets the {@link PushFaults}; then answers 200
 *       {@code {"name":"projects/{project}/messages/0:1733561234567890%a1b2c3d4e5f60718"}} and records the message,
 *       or with {@code "validate_only":true} answers {@code .../messages/fake_message_id} and records nothing.</li>
 * </ul>
 * Errors of {@code messages:send} are in Google's shape, see {@link FcmError}; another path, or another method than
 * POST, is 404 NOT_FOUND, as Google answers; an unexpected failure is 500 INTERNAL. {@code /token} answers another
 * method with 405. Every error answer, token endpoint included, is counted as rejected.
 */
public final class FcmServer implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(FcmServer.class);
    private static final Pattern SEND_PATH = Pattern.compile("/v1/projects/([^/]+)/messages:send");
    private static final Set<String> MESSAGING_SCOPES = Set.of("https://www.googleapis.com/auth/firebase.messaging",
            "https://www.googleapis.com/auth/cloud-platform");
    private static final String JSON_TYPE = "application/json; charset=UTF-8";
    private static final int THREADS = 4;
    private static final int MAX_BODY_BYTES = 1 << 20;

    private final PushCredentials credentials;
    private final PushSink sink;
    private final PushFaults faults;
    private final Clock clock;
    private final AccessTokens tokens = new AccessTokens();
    private final AtomicLong lastMicros = new AtomicLong();
    private final ObjectMapper mapper = new ObjectMapper();
    private HttpServer server;
    private ExecutorService executor;
    private String tokenUri;

    /**
     * @param credentials where the service-account key file is made sure of, once the port is known
     * @param sink        where accepted messages, rejections and issued tokens are counted
     * @param faults      the injected faults
     * @param clock       the time of tokens and arrivals
     */
    public FcmServer(PushCredentials credentials, PushSink sink, PushFaults faults, Clock clock) {
        this.credentials = credentials;
        this.sink = sink;
        this.faults = faults;
        this.clock = clock;
    }

    /**
     * Binds, makes sure of {@value PushCredentials#FCM_SERVICE_ACCOUNT_FILE} with token_uri
     * {@code http://<host>:<port>/token} (127.0.0.1 for a wildcard host), and starts serving.
     *
     * @param host address to bind
     * @param port port to bind, 0 for a free one
     * @throws PortInUseException when the port is taken
     * @throws IOException        when the server cannot be opened or the key file cannot be made
     */
    public void start(String host, int port) throws IOException {
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 50);
        } catch (BindException e) {
            throw new PortInUseException(host, port, e);
        }
        String connectHost = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        tokenUri = "http://" + (connectHost.contains(":") ? "[" + connectHost + "]" : connectHost) + ":" + port()
                + "/token";
        try {
            credentials.ensureFcm(tokenUri);
        } catch (IOException | RuntimeException e) {
            server.stop(0);
            throw e;
        }
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "smsc-fcm-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/token", this::token);
        server.createContext("/", this::send);
        server.start();
    }

    /** @return the bound port */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return the project id of the service account, the only {@code {project}} accepted */
    public String projectId() {
        return credentials.serviceAccount().projectId();
    }

    /** Stops serving at once and ends the worker threads. Idempotent. */
    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"/token".equals(exchange.getRequestURI().getPath())) {
                answer(exchange, FcmError.notFound("The requested URL was not found on this server."));
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                json(exchange, 405, Map.of("error", "invalid_request", "error_description", "POST only"));
                return;
            }
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            try {
                Set<String> scopes = JwtBearerGrant.verify(form(readBody(exchange)), credentials.serviceAccount(),
                        tokenUri, clock.instant());
                String token = tokens.issue(scopes, clock.instant());
                sink.tokenIssued();
                LOG.debug("FCM access token {} issued for scopes {}", TokenMask.mask(token), scopes);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("access_token", token);
                body.put("expires_in", AccessTokens.LIFETIME_SECONDS);
                body.put("token_type", "Bearer");
                json(exchange, 200, body);
            } catch (JwtBearerGrant.OAuthError e) {
                refuseGrant(exchange, e);
            } catch (IllegalArgumentException e) {
                refuseGrant(exchange, new JwtBearerGrant.OAuthError("invalid_request", "Malformed form body"));
            } catch (RuntimeException e) {
                sink.rejected(ReceivedPush.ANDROID);
                LOG.warn("FCM token request failed", e);
                json(exchange, 500, Map.of("error", "server_error", "error_description", "internal error"));
            }
        }
    }

    private void refuseGrant(HttpExchange exchange, JwtBearerGrant.OAuthError e) throws IOException {
        sink.rejected(ReceivedPush.ANDROID);
        LOG.debug("FCM token request refused: {} {}", e.error(), e.getMessage());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.error());
        body.put("error_description", e.getMessage());
        json(exchange, 400, body);
    }

    private void send(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                String name = accept(exchange);
                json(exchange, 200, Map.of("name", name));
            } catch (FcmError e) {
                sink.rejected(ReceivedPush.ANDROID);
                answer(exchange, e);
            } catch (RuntimeException e) {
                sink.rejected(ReceivedPush.ANDROID);
                LOG.warn("FCM {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
                json(exchange, 500, Map.of("error", Map.of("code", 500, "message", "Internal error encountered.",
                        "status", "INTERNAL")));
            }
        }
    }

    /** @return the message's name; throws for every error answer */
    private String accept(HttpExchange exchange) throws FcmError, IOException {
        Matcher path = SEND_PATH.matcher(exchange.getRequestURI().getPath());
        if (!path.matches()) {
            throw FcmError.notFound("The requested URL " + exchange.getRequestURI().getPath()
                    + " was not found on this server.");
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "POST");
            throw FcmError.notFound("Method " + exchange.getRequestMethod() + " not allowed: POST only.");
        }
        Issued grant = authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
        if (grant.scopes().stream().noneMatch(MESSAGING_SCOPES::contains)) {
            throw FcmError.permissionDenied("Request had insufficient authentication scopes.");
        }
        String project = path.group(1);
        if (!project.equals(projectId())) {
            throw FcmError.permissionDenied("Permission 'cloudmessaging.messages.create' denied on resource "
                    + "'//cloudresourcemanager.googleapis.com/projects/" + project + "' (or it may not exist).");
        }
        FcmMessageParser.Parsed message = FcmMessageParser.parse(readBody(exchange));
        meetFaults(message.token());
        if (message.validateOnly()) {
            return "projects/" + project + "/messages/fake_message_id";
        }
        Instant now = clock.instant();
        String name = "projects/" + project + "/messages/" + messageId(now);
        sink.record(message.toPush(name, now));
        LOG.debug("FCM message {} accepted for token {}", name, TokenMask.mask(message.token()));
        return name;
    }

    private Issued authenticate(String authorization) throws FcmError {
        if (authorization == null || authorization.isBlank()) {
            throw FcmError.unauthenticated("Request is missing required authentication credential. Expected OAuth 2 "
                    + "access token, login cookie or other valid authentication credential.");
        }
        String[] parts = authorization.trim().split("\\s+", 2);
        Optional<Issued> grant = parts.length == 2 && parts[0].equalsIgnoreCase("Bearer")
                ? tokens.find(parts[1], clock.instant()) : Optional.empty();
        return grant.orElseThrow(() -> FcmError.unauthenticated("Request had invalid authentication credentials. "
                + "Expected OAuth 2 access token, login cookie or other valid authentication credential."));
    }

    private void meetFaults(String token) throws FcmError {
        switch (faults.fcm()) {
            case UNAVAILABLE:
                throw FcmError.unavailable();
            case THROTTLE:
                throw FcmError.quotaExceeded(faults.retryAfterSeconds());
            default:
                break;
        }
        if (faults.fcmUnregistered(token)) {
            throw FcmError.unregistered();
        }
    }

    /** FCM's message id form, {@code 0:<epoch µs>%<16 hex>}, the µs strictly increasing so that ids are unique. */
    private String messageId(Instant now) {
        long nowMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        long micros = lastMicros.updateAndGet(last -> Math.max(last + 1, nowMicros));
        return "0:" + micros + "%" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    private void answer(HttpExchange exchange, FcmError error) throws IOException {
        if (error.retryAfterSeconds() != null) {
            exchange.getResponseHeaders().set("Retry-After", String.valueOf(error.retryAfterSeconds()));
        }
        if (error.httpStatus() == 401) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\"");
        }
        json(exchange, error.httpStatus(), error.body());
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new IOException("request body over " + MAX_BODY_BYTES + " bytes");
            }
            return body;
        }
    }

    /** Decodes an {@code application/x-www-form-urlencoded} body (first value of each name). */
    private static Map<String, String> form(byte[] body) {
        Map<String, String> form = new HashMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.putIfAbsent(name, value);
        }
        return form;
    }

    private void json(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = mapper.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", JSON_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
