package io.herald.ingest.resources;

import io.herald.ingest.api.ErrorCode;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks another ingest instance (its {@code application.server}) for what its status view stores hold, with the
 * client's own {@code Authorization} (that instance checks it again) and {@value StatusResource#FORWARDED_HEADER}
 * (so that it never forwards again). Redirects are not followed. Answers that cannot be had are 503 problems
 * {@code status-unavailable} with {@code Retry-After}; they name no internal address (that is logged).
 */
final class InstanceForwarder {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceForwarder.class);

    private final Supplier<String> self;
    private final Duration timeout;
    private final Duration retryAfter;
    private final HttpClient http;
    private final String tag = "ingest-" + HexFormat.of().toHexDigits(new SecureRandom().nextInt());

    /**
     * @param self this instance's {@code application.server}, {@code host:port}
     * @param timeout how long a forwarded request may take, connection included
     * @param retryAfter the {@code Retry-After} of a 503 answer
     */
    InstanceForwarder(Supplier<String> self, Duration timeout, Duration retryAfter) {
        this.self = self;
        this.timeout = timeout;
        this.retryAfter = retryAfter;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** @return this process's opaque {@value StatusResource#SERVED_BY_HEADER} tag, e.g. {@code ingest-3f9a1c2b} */
    String tag() {
        return tag;
    }

    /**
     * @param collection e.g. {@code batches}
     * @param id the id, which may end in {@code /<action>}; each segment is URL-encoded on its own; empty for the
     *     collection itself
     * @return the path, e.g. {@code /v1/batches/b1/pause}
     */
    static String path(String collection, String id) {
        StringBuilder path = new StringBuilder("/v1/").append(collection);
        for (String segment : id.isEmpty() ? new String[0] : id.split("/", -1)) {
            path.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return path.toString();
    }

    /**
     * Sends the request to the instance and relays its answer: status, body, {@code Content-Type},
     * {@value StatusResource#SERVED_BY_HEADER} and {@code Retry-After}.
     *
     * @param host the instance
     * @param path the encoded path ({@link #path})
     * @param query the encoded query string without {@code ?}, or null
     * @param method {@code GET}, or {@code POST} without a body
     * @param authorization the client's {@code Authorization} header
     * @return the relayed answer, or a 503 problem if the instance did not answer
     */
    Response forward(HostInfo host, String path, String query, String method, String authorization) {
        HttpRequest request = request(host, path, query, authorization).method(method,
                HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            Response.ResponseBuilder relayed = Response.status(response.statusCode())
                    .type(response.headers().firstValue("Content-Type").orElse(MediaType.APPLICATION_JSON))
                    .entity(response.body());
            for (String header : new String[] {StatusResource.SERVED_BY_HEADER, "Retry-After",
                "Content-Disposition"}) {
                response.headers().firstValue(header).ifPresent(value -> relayed.header(header, value));
            }
            return relayed.build();
        } catch (IOException e) {
            LOG.warn("Could not ask {} for {}: {}", host, path, e.toString());
            return unavailable("the instance that holds it did not answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable("interrupted");
        }
    }

    /**
     * @param host the instance
     * @param path the encoded path ({@link #path})
     * @param authorization the client's {@code Authorization} header
     * @return the instance's answer to a {@code GET}, or the failure to get one
     */
    CompletableFuture<HttpResponse<byte[]>> getAsync(HostInfo host, String path, String authorization) {
        return http.sendAsync(request(host, path, null, authorization).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * @param detail why
     * @return a 503 problem {@code status-unavailable} with {@code Retry-After} (whole seconds, at least 1)
     */
    Response unavailable(String detail) {
        return ProblemResponse.of(ErrorCode.STATUS_UNAVAILABLE, detail, null)
                .header("Retry-After", Math.max(1, retryAfter.toSeconds()))
                .build();
    }

    private HttpRequest.Builder request(HostInfo host, String path, String query, String authorization) {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + path + (query == null ? "" : "?" + query));
        return HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "*/*")
                .header(HttpHeaders.AUTHORIZATION, authorization)
                .header(StatusResource.FORWARDED_HEADER, String.valueOf(self.get()));
    }
}
