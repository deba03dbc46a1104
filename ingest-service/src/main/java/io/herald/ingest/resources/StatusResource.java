package io.herald.ingest.resources;

import io.dropwizard.auth.Auth;
import io.herald.ingest.api.BatchControlAnswer;
import io.herald.ingest.api.BatchRejections;
import io.herald.ingest.api.BatchView;
import io.herald.ingest.api.ErrorCode;
import io.herald.ingest.auth.ApiClient;
import io.herald.ingest.batch.BatchControlStore;
import io.herald.ingest.status.BatchCounters;
import io.herald.ingest.status.MessageStatusView;
import io.herald.ingest.status.StatusView;
import io.herald.ingest.status.StatusView.Lookup;
import io.herald.ingest.status.StoredRejections;
import io.herald.schema.BatchControl;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/batches/{batchId}} (with {@code /rejected} and {@code /report.csv}) and {@code GET
 * /v1/messages/{messageId}}: what became of a batch and of a message, from the status view's stores ({@link
 * StatusView}); and {@code POST /v1/batches/{batchId}/pause}, {@code /resume} and {@code /cancel}, which write the
 * batch's control ({@link BatchControlStore}) once its own client asked. An instance that does not hold the key asks
 * the one that does (its {@code application.server}) and relays the answer; the forwarded request carries {@value
 * #FORWARDED_HEADER}, so it is never forwarded twice. Answers name the instance whose store answered in {@value
 * #SERVED_BY_HEADER} by an opaque tag, random per process (e.g. {@code ingest-3f9a1c2b}): a client learns which answers
 * came from the same instance, never an internal address. Problem details do not name addresses either (they are
 * logged).
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public final class StatusResource {

    /** The header that marks a request forwarded from another instance. */
    public static final String FORWARDED_HEADER = "Herald-Forwarded-By";
    /** The answer's header with the opaque tag of the instance whose store answered. */
    public static final String SERVED_BY_HEADER = "Herald-Served-By";

    private static final Logger LOG = LoggerFactory.getLogger(StatusResource.class);
    /** How long a pause, resume or cancel waits for the status view to learn of a batch it does not know, in ms. */
    static final long CONTROL_LOOKUP_WAIT_MS = 3000;

    private final StatusView view;
    private final BatchControlStore controls;
    private final Clock clock;
    private final InstanceForwarder forwarder;
    /** This process's {@value #SERVED_BY_HEADER} tag. */
    private final String tag;

    /**
     * @param view the status view
     * @param controls the batches' pauses and cancels
     * @param clock the clock for control times
     * @param timeout how long a forwarded request may take
     * @param retryAfter the {@code Retry-After} of a 503 answer
     */
    public StatusResource(StatusView view, BatchControlStore controls, Clock clock, Duration timeout,
                          Duration retryAfter) {
        this.view = view;
        this.controls = controls;
        this.clock = clock;
        this.forwarder = new InstanceForwarder(view::self, timeout, retryAfter);
        this.tag = forwarder.tag();
    }

    /**
     * @param client the authenticated client; another client's batch is answered as unknown
     * @param batchId the batch's id, as {@code POST /v1/batches} or the bulk-load lines gave it
     * @param forwardedBy set when another instance forwarded the request
     * @param authorization the client's {@code Authorization} header, passed on when forwarding
     * @return 200 with a {@link BatchView}; 404 problem {@code batch-not-found}; 503 problem
     *     {@code status-unavailable} with {@code Retry-After} while the view cannot answer
     */
    @GET
    @Path("/batches/{batchId}")
    public Response batch(@Auth ApiClient client, @PathParam("batchId") String batchId,
                          @HeaderParam(FORWARDED_HEADER) String forwardedBy,
                          @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return answer(client, view.batch(batchId), BatchCounters::clientId, this::viewOf, "batches",
                batchId,
                new Forward("GET", forwardedBy, authorization), ErrorCode.BATCH_NOT_FOUND, batchNotFound(batchId));
    }

    /**
     * Pauses a batch: within about 2 s of the answer no new message of it reaches a gateway; its messages wait in
     * {@code notify.requests.held} until {@link #resume resumed}. Messages already handed to a gateway finish.
     *
     * @param client the authenticated client; only the batch's own client may pause it, others get 404
     * @param batchId the batch's id
     * @param forwardedBy set when another instance forwarded the request
     * @param authorization the client's {@code Authorization} header, passed on when forwarding
     * @return 200 with a {@link BatchControlAnswer} ({@code state: paused}); 404 problem {@code batch-not-found};
     *     409 problem {@code batch-cancelled}; 503 problem while the status view or Kafka cannot answer
     */
    @POST
    @Path("/batches/{batchId}/pause")
    public Response pause(@Auth ApiClient client, @PathParam("batchId") String batchId,
                          @HeaderParam(FORWARDED_HEADER) String forwardedBy,
                          @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return control(client, batchId, BatchControl.State.PAUSED, new Forward("POST", forwardedBy, authorization));
    }

    /**
     * Resumes a paused batch: its held messages are sent again, each recipient's in order. Resuming a running batch
     * changes nothing.
     *
     * @param client the authenticated client; only the batch's own client may resume it, others get 404
     * @param batchId the batch's id
     * @param forwardedBy set when another instance forwarded the request
     * @param authorization the client's {@code Authorization} header, passed on when forwarding
     * @return 200 with a {@link BatchControlAnswer} ({@code state: running}); 404, 409 and 503 as {@link #pause}
     */
    @POST
    @Path("/batches/{batchId}/resume")
    public Response resume(@Auth ApiClient client, @PathParam("batchId") String batchId,
                           @HeaderParam(FORWARDED_HEADER) String forwardedBy,
                           @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return control(client, batchId, BatchControl.State.RUNNING, new Forward("POST", forwardedBy, authorization));
    }

    /**
     * Cancels a batch, for good: every message of it that no gateway has accepted yet ends CANCELLED, also those
     * held by a pause and those waiting in a retry or delay topic. Messages already at a gateway finish as they are.
     * Cancelling twice answers as the first time.
     *
     * @param client the authenticated client; only the batch's own client may cancel it, others get 404
     * @param batchId the batch's id
     * @param forwardedBy set when another instance forwarded the request
     * @param authorization the client's {@code Authorization} header, passed on when forwarding
     * @return 200 with a {@link BatchControlAnswer} ({@code state: cancelled}); 404 and 503 as {@link #pause}
     */
    @POST
    @Path("/batches/{batchId}/cancel")
    public Response cancel(@Auth ApiClient client, @PathParam("batchId") String batchId,
                           @HeaderParam(FORWARDED_HEADER) String forwardedBy,
                           @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return control(client, batchId, BatchControl.State.CANCELLED,
                new Forward("POST", forwardedBy, authorization));
    }

    /**
     * The batch's counters; a batch the view does not know yet, or knows only from status events (not yet whose it
     * is), is looked up again every 100 ms for up to {@value #CONTROL_LOOKUP_WAIT_MS} ms, so that a client may pause or
     * cancel a batch right after its 202 (the view reads the batch's intake record a moment later).
     */
    private Lookup<BatchCounters> awaitBatch(String batchId) {
        long deadline = System.nanoTime() + CONTROL_LOOKUP_WAIT_MS * 1_000_000;
        Lookup<BatchCounters> lookup = view.batch(batchId);
        while (ownerUnknown(lookup) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return lookup;
            }
            lookup = view.batch(batchId);
        }
        return lookup;
    }

    /**
     * @return whether the view cannot tell the batch's client yet: it has no record of it, or only status events (the
     *     client comes with the intake record, which ingest writes after the requests, so a dispatcher's first
     *     statuses may be counted before it)
     */
    private static boolean ownerUnknown(Lookup<BatchCounters> lookup) {
        return lookup instanceof Lookup.Missing<BatchCounters>
                || (lookup instanceof Lookup.Found<BatchCounters> found && found.value().clientId() == null);
    }

    private static String batchNotFound(String batchId) {
        return "no batch " + batchId + " of this client is known (or none of its records has been read yet)";
    }

    /**
     * Writes a batch's new control once the status view shows the batch is the client's; on another instance's
     * store, the request is forwarded there, which checks the owner again.
     */
    private Response control(ApiClient client, String batchId, BatchControl.State wanted, Forward forward) {
        String action = switch (wanted) {
            case PAUSED -> "pause";
            case RUNNING -> "resume";
            case CANCELLED -> "cancel";
        };
        return answer(client, awaitBatch(batchId), BatchCounters::clientId, counters -> {
            BatchControl previous = controls.control(batchId);
            if (previous != null && previous.state() == BatchControl.State.CANCELLED
                    && wanted != BatchControl.State.CANCELLED) {
                return ProblemResponse.of(ErrorCode.BATCH_CANCELLED, "batch " + batchId
                        + " was cancelled at " + previous.at() + "; it cannot be paused or resumed", null).build();
            }
            if (previous == null ? wanted != BatchControl.State.RUNNING : previous.state() != wanted) {
                controls.set(BatchControl.next(previous, batchId, client.clientId(), wanted, clock.instant()));
                LOG.info("Batch {} of client {}: {} ({} messages had no status yet)", batchId, client.clientId(),
                        action, counters.totalsKnown() ? counters.pending() : "?");
            }
            return new BatchControlAnswer(batchId, wanted.apiName(),
                    counters.totalsKnown() ? counters.pending() : null);
        }, "batches", batchId + "/" + action, forward, ErrorCode.BATCH_NOT_FOUND, batchNotFound(batchId));
    }

    /**
     * @param client the authenticated client; another client's message is answered as unknown
     * @param messageId the message's id ({@code messages[].messageId} of the 202 answer, or of a status event)
     * @param forwardedBy set when another instance forwarded the request
     * @param authorization the client's {@code Authorization} header, passed on when forwarding
     * @return 200 with a {@link MessageStatusView}; 404 problem {@code message-not-found} (also while the message is
     *     queued and has no status yet); 503 as for batches
     */
    @GET
    @Path("/messages/{messageId}")
    public Response message(@Auth ApiClient client, @PathParam("messageId") String messageId,
                            @HeaderParam(FORWARDED_HEADER) String forwardedBy,
                            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return answer(client, view.message(messageId), MessageStatusView::clientId, Function.identity(), "messages",
                messageId, new Forward("GET", forwardedBy, authorization), ErrorCode.MESSAGE_NOT_FOUND,
                "no status of message " + messageId + " of this client is known: the id is unknown, or the message"
                        + " is still queued (it has a status once the dispatcher tried it)");
    }

    /**
     * The recipients of a batch refused at intake, with their reasons, as the 202 answer listed them (the first
     * 1,000 at most, see {@link BatchRejections}); read from the status view's store of the instance that holds the
     * batch's intake.
     *
     * @param client the authenticated client; another client's batch is answered as unknown
     * @param batchId the batch's id
     * @param forwardedBy set when another instance forwarded the request
     * @param authorization the client's {@code Authorization} header, passed on when forwarding
     * @return 200 with a {@link BatchRejections}; 404 problem {@code batch-not-found} (also for a batch accepted
     *     before this release, and for a moment after the 202, until the view read the intake); 503 problem
     *     {@code status-unavailable} while the view cannot answer
     */
    @GET
    @Path("/batches/{batchId}/rejected")
    public Response rejected(@Auth ApiClient client, @PathParam("batchId") String batchId,
                             @HeaderParam(FORWARDED_HEADER) String forwardedBy,
                             @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return answer(client, view.rejections(batchId), StoredRejections::clientId, StoredRejections::view,
                "batches", batchId + "/rejected", new Forward("GET", forwardedBy, authorization),
                ErrorCode.BATCH_NOT_FOUND, batchNotFound(batchId));
    }

    /**
     * Every message of a batch that has a status, with its latest state, as CSV (RFC 4180, UTF-8, header
     * {@code messageId,state,updatedAt}; {@code updatedAt} ISO-8601 UTC), in message id order. Messages with no status
     * yet (queued, scheduled, being retried) are not listed: the batch's {@code pending} counts them. The rows are
     * streamed from the store of the instance that holds the batch; if that store moves away while it is read (a
     * rebalance), the connection is closed before the end, so a client never takes a cut report for a whole one.
     *
     * @param client the authenticated client; another client's batch is answered as unknown
     * @param batchId the batch's id
     * @param forwardedBy set when another instance forwarded the request
     * @param authorization the client's {@code Authorization} header, passed on when forwarding
     * @return 200 {@code text/csv} with {@code Content-Disposition: attachment}; 404 problem {@code batch-not-found};
     *     503 problem {@code status-unavailable} while the view cannot answer
     */
    @GET
    @Path("/batches/{batchId}/report.csv")
    @Produces({"text/csv", MediaType.APPLICATION_JSON})
    public Response report(@Auth ApiClient client, @PathParam("batchId") String batchId,
                           @HeaderParam(FORWARDED_HEADER) String forwardedBy,
                           @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return answer(client, view.batch(batchId), BatchCounters::clientId, counters -> Response.ok(
                        (StreamingOutput) out -> writeReport(batchId, out), "text/csv; charset=utf-8")
                        .header("Content-Disposition", "attachment; filename=\"batch-" + batchId + ".csv\"")
                        .build(), "batches", batchId + "/report.csv",
                new Forward("GET", forwardedBy, authorization), ErrorCode.BATCH_NOT_FOUND, batchNotFound(batchId));
    }

    private void writeReport(String batchId, OutputStream out) throws IOException {
        Writer csv = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        csv.write("messageId,state,updatedAt\r\n");
        Lookup<Long> read = view.forEachMessage(batchId, (messageId, state) -> {
            try {
                csv.write(messageId + "," + state.state() + "," + (state.at() == null ? "" : state.at()) + "\r\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!(read instanceof Lookup.Found<Long>)) {
            // The batch's partition moved away between the lookup and the read: end without the rest.
            throw new IOException("the report of batch " + batchId + " could not be read to its end: " + read);
        }
        csv.flush();
    }

    /** @return how this resource asks the other instances (for {@link BatchListing}) */
    InstanceForwarder forwarder() {
        return forwarder;
    }

    /**
     * @param counters a batch's counters
     * @return its view with its control state ({@code paused}, {@code cancelled}), as {@code GET /v1/batches/{id}}
     *     answers it
     */
    BatchView viewOf(BatchCounters counters) {
        return counters.view(BatchControl.stateOf(controls.control(counters.batchId())));
    }

    /**
     * What forwarding needs of the request: its method ({@code GET}, or {@code POST} without a body), whether it was
     * forwarded already, and the client's key.
     */
    private record Forward(String method, String forwardedBy, String authorization) {
    }

    /**
     * A found entry of another client is answered exactly as a missing one, so that ids of other clients' batches
     * cannot even be confirmed to exist.
     */
    private <T> Response answer(ApiClient client, Lookup<T> lookup, Function<T, String> owner, Function<T, ?> body,
                                String collection, String id, Forward forward, ErrorCode notFound,
                                String notFoundDetail) {
        if (lookup instanceof Lookup.Found<T> found && client.clientId().equals(owner.apply(found.value()))) {
            Object entity = body.apply(found.value());
            Response.ResponseBuilder ok = entity instanceof Response problem ? Response.fromResponse(problem)
                    : Response.ok(entity);
            return ok.header(SERVED_BY_HEADER, tag).build();
        }
        if (lookup instanceof Lookup.Found<T> || lookup instanceof Lookup.Missing<T>) {
            return ProblemResponse.of(notFound, notFoundDetail, null).header(SERVED_BY_HEADER, tag).build();
        }
        if (lookup instanceof Lookup.Elsewhere<T> elsewhere) {
            if (forward.forwardedBy() != null) {
                return unavailable("the instances disagree on who holds " + id + " (rebalancing)");
            }
            return forward(elsewhere.host(), collection, id, forward);
        }
        return unavailable(((Lookup.Unavailable<T>) lookup).reason());
    }

    /** Asks the instance that holds the key, with the client's own key: that instance checks it again. */
    private Response forward(HostInfo host, String collection, String id, Forward forward) {
        return forwarder.forward(host, InstanceForwarder.path(collection, id), null, forward.method(),
                forward.authorization());
    }

    private Response unavailable(String detail) {
        return forwarder.unavailable(detail);
    }
}
