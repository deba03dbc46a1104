package io.herald.ingest.resources;

import com.codahale.metrics.annotation.Timed;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.auth.Auth;
import io.herald.ingest.api.BatchAccepted;
import io.herald.ingest.api.BatchRequest;
import io.herald.ingest.api.ErrorCode;
import io.herald.ingest.api.FieldError;
import io.herald.ingest.auth.ApiClient;
import io.herald.ingest.core.BatchIngestor;
import io.herald.ingest.core.DryRunSummary;
import io.herald.ingest.core.InvalidRequestException;
import io.herald.ingest.idempotency.IdempotencyStore;
import io.herald.ingest.idempotency.IdempotencyUnavailableException;
import io.herald.ingest.idempotency.RequestHash;
import io.herald.ingest.pricing.PricingFactory;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /v1/batches}: submit one text to many recipients. */
@Path("/v1/batches")
public final class BatchResource {

    private static final Logger LOG = LoggerFactory.getLogger(BatchResource.class);

    /** The longest idempotency key accepted, in characters. */
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

    private static final Pattern IDEMPOTENCY_KEY =
            Pattern.compile("[\\x21-\\x7e]{1," + MAX_IDEMPOTENCY_KEY_LENGTH + "}");

    /** The response header that marks a replayed answer (the first request's, sent again). */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private final BatchIngestor ingestor;
    private final IdempotencyStore idempotency;
    private final RequestHash requestHash;
    private final ObjectMapper mapper;
    private final DryRunSummary dryRuns;
    private volatile BatchListing listing;

    /**
     * @param ingestor validates, renders and writes batches
     * @param idempotency where {@value BatchRequest#IDEMPOTENCY_KEY_HEADER} keys live; null to check the header's form
     *     only
     * @param mapper the service's mapper: writes the 202 body (kept for replays) and the request's hash
     */
    public BatchResource(BatchIngestor ingestor, IdempotencyStore idempotency, ObjectMapper mapper) {
        this(ingestor, idempotency, mapper, new DryRunSummary(new PricingFactory(), (clientId, recipient) -> false));
    }

    /**
     * @param ingestor validates, renders and writes batches
     * @param idempotency where keys live; null to check the header's form only
     * @param mapper the service's mapper
     * @param dryRuns sums up a dry run (prices, the suppression list)
     */
    public BatchResource(BatchIngestor ingestor, IdempotencyStore idempotency, ObjectMapper mapper,
                         DryRunSummary dryRuns) {
        this.dryRuns = dryRuns;
        this.ingestor = ingestor;
        this.idempotency = idempotency;
        this.requestHash = new RequestHash(mapper);
        this.mapper = mapper;
    }

    /**
     * @param listing answers {@code GET /v1/batches} from the status view; until it is set, that answers 503
     */
    public void listFrom(BatchListing listing) {
        this.listing = listing;
    }

    /**
     * {@code GET /v1/batches?limit=&before=}: the client's batches, newest first, paged by cursor; see
     * {@link BatchListing#list}.
     *
     * @param client the authenticated client: only its own batches are listed
     * @param limit batches per page, 1–100 (default 20); text, so that a bad one is a 400 problem, not a 404
     * @param before the previous page's {@code next}, or none for the newest page
     * @param forwardedBy set when another instance forwarded the request
     * @param authorization the client's {@code Authorization} header, passed on when forwarding
     * @return 200 with a {@link io.herald.ingest.api.BatchPage}; 400, 503 problems as {@link BatchListing#list}
     */
    @GET
    public Response list(@Auth ApiClient client, @QueryParam("limit") String limit,
                         @QueryParam("before") String before,
                         @HeaderParam(StatusResource.FORWARDED_HEADER) String forwardedBy,
                         @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        BatchListing lister = listing;
        if (lister == null) {
            return ProblemResponse.of(ErrorCode.STATUS_UNAVAILABLE, "the status view is not running here", null)
                    .header("Retry-After", 1).build();
        }
        return lister.list(client, before, limit, forwardedBy, authorization);
    }

    /**
     * {@code POST /v1/batches}: validates the batch and writes one {@code NotificationRequest} per valid recipient to
     * {@code notify.requests}.
     *
     * @param client the authenticated client (401 without one); its id goes on every record
     * @param idempotencyKey the {@value BatchRequest#IDEMPOTENCY_KEY_HEADER} header, or null: 1–{@value
     *     #MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters, else a 400 with pointer
     *     {@code /headers/Idempotency-Key}. Within its retention (24 h) a request with the same key and body gets the
     *     first request's 202 again, byte for byte, with {@code Idempotent-Replayed: true}, and writes nothing.
     * @param dryRun {@code ?dryRun=true}: check and render everything, write nothing, and answer {@code 200} with a
     *     {@link io.herald.ingest.api.BatchDryRun} (what a send would do) instead of the 202; the same errors as a send
     * @param request the batch; null if the body was empty
     * @return {@code 202 Accepted} with a {@link BatchAccepted} and {@code Location: /v1/batches/{batchId}}, once Kafka
     *     acknowledged every record (invalid recipients are listed in {@code rejected} and do not fail the batch)
     * @throws io.herald.ingest.core.InvalidBatchException (400 problem) if the batch as a whole is invalid
     * @throws io.herald.ingest.auth.QuotaExceededException (429 problem, {@code Retry-After}) if the client is over its
     *     recipients-per-minute quota
     * @throws io.herald.ingest.core.PublishException (503 problem, {@code Retry-After}) if Kafka did not acknowledge
     *     every record; the idempotency key is free again for a retry
     * @throws io.herald.ingest.idempotency.IdempotencyKeyReusedException (422 problem) if the key was used for another
     *     body within its retention
     * @throws io.herald.ingest.idempotency.IdempotencyKeyInUseException (409 problem, {@code Retry-After}) if a
     *     request with the key is still running
     * @throws io.herald.ingest.idempotency.IdempotencyUnavailableException (503 problem, {@code Retry-After}) if the
     *     keys cannot be read or written now
     */
    @POST
    @Timed(name = "post")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response submit(@Auth ApiClient client,
                           @HeaderParam(BatchRequest.IDEMPOTENCY_KEY_HEADER) String idempotencyKey,
                           @QueryParam("dryRun") @DefaultValue("false") boolean dryRun,
                           BatchRequest request) {
        checkIdempotencyKey(idempotencyKey);
        if (dryRun) {
            // Writes nothing, so an idempotency key has nothing to guard.
            return Response.ok(dryRuns.summarize(ingestor.dryRun(client, request)), MediaType.APPLICATION_JSON_TYPE)
                    .build();
        }
        if (idempotencyKey == null || idempotency == null || request == null) {
            BatchAccepted accepted = ingestor.ingest(client, request);
            return accepted(accepted.batchId(), accepted).build();
        }
        IdempotencyStore.Start start = idempotency.begin(client.clientId(), idempotencyKey, requestHash.of(request));
        if (start instanceof IdempotencyStore.Replay replay) {
            return accepted(replay.batchId(), replay.response()).header(REPLAYED_HEADER, "true").build();
        }
        IdempotencyStore.Claim claim = ((IdempotencyStore.Claimed) start).claim();
        BatchAccepted accepted;
        try {
            accepted = ingestor.ingest(client, request);
        } catch (RuntimeException e) {
            idempotency.release(claim);
            throw e;
        }
        String body;
        try {
            body = mapper.writeValueAsString(accepted);
        } catch (JsonProcessingException e) {
            // A bug (500); the batch is written, so the claim holds the key until it times out.
            throw new IllegalStateException("the 202 answer of batch " + accepted.batchId() + " cannot be written", e);
        }
        try {
            idempotency.complete(claim, accepted.batchId(), body);
        } catch (IdempotencyUnavailableException e) {
            // The batch is written: its answer is 202. A retry within the claim timeout gets a 409, after it runs
            // again.
            LOG.warn("batch {} accepted, but its idempotency key was not recorded: {}", accepted.batchId(),
                    e.getMessage());
        }
        return accepted(accepted.batchId(), body).build();
    }

    private static Response.ResponseBuilder accepted(String batchId, Object body) {
        return Response.accepted(body).type(MediaType.APPLICATION_JSON_TYPE)
                .location(URI.create("/v1/batches/" + batchId));
    }

    private static void checkIdempotencyKey(String key) {
        if (key != null && !IDEMPOTENCY_KEY.matcher(key).matches()) {
            String detail = key.length() > MAX_IDEMPOTENCY_KEY_LENGTH
                    ? "has " + key.length() + " characters; at most " + MAX_IDEMPOTENCY_KEY_LENGTH
                    : "must be 1-" + MAX_IDEMPOTENCY_KEY_LENGTH + " visible ASCII characters";
            throw InvalidRequestException.of(
                    List.of(new FieldError("/headers/" + BatchRequest.IDEMPOTENCY_KEY_HEADER, detail)));
        }
    }
}
