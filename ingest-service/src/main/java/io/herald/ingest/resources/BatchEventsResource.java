package io.herald.ingest.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.auth.Auth;
import io.herald.ingest.api.ErrorCode;
import io.herald.ingest.auth.ApiClient;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/batches/{id}/events}: a batch's progress as Server-Sent Events ({@code text/event-stream}, WHATWG
 * HTML §9.2), for pages that follow a batch without polling.
 *
 * <p>The first event comes at once, then one each time the batch's counters change (looked at every
 * {@link #INTERVAL}): {@code event: batch} with {@code data:} the body {@code GET /v1/batches/{id}} answers then, and
 * {@code id:} a counter. When the batch is done (nothing {@code pending}; or cancelled with nothing pending) a last
 * {@code event: end} with the same data closes the stream. A comment line ({@code : keep-alive}) every
 * {@link #KEEP_ALIVE} keeps proxies from closing an idle stream; a stream ends after {@link #MAX_DURATION} (an
 * {@code EventSource} reconnects). Each event is what {@code GET /v1/batches/{id}} answers, from any instance (it
 * forwards to the one that holds the batch), so the stream needs no stickiness.
 *
 * <p>Bounded: a stream holds a server thread, so at most {@value #MAX_STREAMS} are open at once, and
 * {@value #MAX_STREAMS_PER_CLIENT} per client; beyond that the answer is a 429 {@code quota-exceeded} problem with
 * {@code Retry-After}. A batch unknown or another client's is a 404, as for {@code GET /v1/batches/{id}}.
 */
@Path("/v1/batches/{batchId}/events")
public final class BatchEventsResource {

    /** How often the counters are looked at. */
    public static final Duration INTERVAL = Duration.ofSeconds(1);
    /** The longest a stream stays open; the client reconnects. */
    public static final Duration MAX_DURATION = Duration.ofMinutes(30);
    /** How long a stream may go without a line. */
    public static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    /** Streams open at once, for all clients. */
    public static final int MAX_STREAMS = 64;
    /** Streams open at once, for one client. */
    public static final int MAX_STREAMS_PER_CLIENT = 4;
    /** The media type of the answer. */
    public static final String EVENT_STREAM = "text/event-stream";

    private static final Logger LOG = LoggerFactory.getLogger(BatchEventsResource.class);

    private final StatusResource status;
    private final ObjectMapper json;
    private final StreamSlots slots = new StreamSlots(MAX_STREAMS, MAX_STREAMS_PER_CLIENT);

    /**
     * @param status answers each look at the batch, as {@code GET /v1/batches/{id}} does
     * @param json reads the answers, to tell when the batch is done
     */
    public BatchEventsResource(StatusResource status, ObjectMapper json) {
        this.status = status;
        this.json = json;
    }

    /**
     * @param client the authenticated client
     * @param batchId the batch's id
     * @param authorization the client's {@code Authorization} header, passed on when the batch is elsewhere
     * @return 200 {@code text/event-stream}; or the problem {@code GET /v1/batches/{id}} answers (404, 503); or 429
     *     when too many streams are open
     */
    @GET
    public Response events(@Auth ApiClient client, @PathParam("batchId") String batchId,
                           @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        Response first = status.batch(client, batchId, null, authorization);
        if (first.getStatus() != 200) {
            return first;
        }
        Optional<StreamSlots.Slot> slot = slots.acquire(client.clientId());
        if (slot.isEmpty()) {
            return ProblemResponse.of(ErrorCode.QUOTA_EXCEEDED, "too many event streams open (at most "
                    + MAX_STREAMS_PER_CLIENT + " per client, " + MAX_STREAMS + " in all)", null)
                    .header("Retry-After", KEEP_ALIVE.toSeconds()).build();
        }
        StreamingOutput stream = out -> {
            try (StreamSlots.Slot held = slot.get()) {
                follow(client, batchId, authorization, body(first), out);
            }
        };
        return Response.ok(stream, EVENT_STREAM).header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("X-Accel-Buffering", "no").build();
    }

    private void follow(ApiClient client, String batchId, String authorization, String firstBody, OutputStream out)
            throws IOException {
        long started = System.nanoTime();
        long lastLine = started;
        int id = 0;
        String last = null;
        String body = firstBody;
        try {
            while (System.nanoTime() - started < MAX_DURATION.toNanos()) {
                if (body != null && !body.equals(last)) {
                    boolean done = done(body);
                    write(out, "id: " + (++id) + "\nevent: " + (done ? "end" : "batch") + "\ndata: " + body + "\n\n");
                    lastLine = System.nanoTime();
                    last = body;
                    if (done) {
                        return;
                    }
                } else if (System.nanoTime() - lastLine >= KEEP_ALIVE.toNanos()) {
                    write(out, ": keep-alive\n\n");
                    lastLine = System.nanoTime();
                }
                Thread.sleep(INTERVAL.toMillis());
                Response next = status.batch(client, batchId, null, authorization);
                // A look that fails (a rebalance, an instance gone) is skipped: the next one may answer.
                body = next.getStatus() == 200 ? body(next) : null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client went away.
            LOG.debug("Event stream of batch {} closed by the client: {}", batchId, e.toString());
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** @return the answer's body as one line of JSON */
    private String body(Response answer) throws IOException {
        Object entity = answer.getEntity();
        JsonNode node = entity instanceof byte[] bytes ? json.readTree(bytes) : json.valueToTree(entity);
        return json.writeValueAsString(node);
    }

    /** @return whether nothing of the batch is pending any more */
    private boolean done(String body) throws IOException {
        JsonNode view = json.readTree(body);
        return view.path("pending").isNumber() && view.path("pending").asLong() == 0
                && !view.path("completedAt").isNull() && !view.path("completedAt").isMissingNode();
    }
}
