package io.herald.ingest.resources;

import com.codahale.metrics.annotation.Timed;
import io.dropwizard.auth.Auth;
import io.herald.ingest.api.BatchAccepted;
import io.herald.ingest.api.BatchRequest;
import io.herald.ingest.api.FieldError;
import io.herald.ingest.auth.ApiClient;
import io.herald.ingest.core.BatchIngestor;
import io.herald.ingest.core.InvalidRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

/** {@code /v1/batches}: submit one text to many recipients. */
@Path("/v1/batches")
public final class BatchResource {

    /** The request header of a client's idempotency key (draft-ietf-httpapi-idempotency-key-header). */
    public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
    /** The longest idempotency key accepted, in characters. */
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1," + MAX_IDEMPOTENCY_KEY_LENGTH + "}");

    private final BatchIngestor ingestor;

    /** @param ingestor validates, renders and writes batches */
    public BatchResource(BatchIngestor ingestor) {
        this.ingestor = ingestor;
    }

    /**
     * {@code POST /v1/batches}: validates the batch and writes one {@code NotificationRequest} per valid recipient to
     * {@code notify.requests}.
     *
     * @param client the authenticated client (401 without one); its id goes on every record
     * @param idempotencyKey the {@value #IDEMPOTENCY_KEY_HEADER} header, or null: checked (1–{@value
     *     #MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters, else a 400 with pointer
     *     {@code /headers/Idempotency-Key}) but not used yet
     * @param request the batch; null if the body was empty
     * @return {@code 202 Accepted} with a {@link BatchAccepted} and {@code Location: /v1/batches/{batchId}}, once Kafka acknowledged every record (invalid
     *     recipients are listed in {@code rejected} and do not fail the batch)
     * @throws io.herald.ingest.core.InvalidBatchException (400 problem) if the batch as a whole is invalid
     * @throws io.herald.ingest.auth.QuotaExceededException (429 problem, {@code Retry-After}) if the client is over its
     *     recipients-per-minute quota
     * @throws io.herald.ingest.core.PublishException (503 problem, {@code Retry-After}) if Kafka did not acknowledge
     *     every record
     */
    @POST
    @Timed(name = "post")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response submit(@Auth ApiClient client,
                           @HeaderParam(IDEMPOTENCY_KEY_HEADER) String idempotencyKey,
                           BatchRequest request) {
        checkIdempotencyKey(idempotencyKey);
        BatchAccepted accepted = ingestor.ingest(client, request);
        return Response.accepted(accepted).location(URI.create("/v1/batches/" + accepted.batchId())).build();
    }

    private static void checkIdempotencyKey(String key) {
        if (key != null && !IDEMPOTENCY_KEY.matcher(key).matches()) {
            String detail = key.length() > MAX_IDEMPOTENCY_KEY_LENGTH
                    ? "has " + key.length() + " characters; at most " + MAX_IDEMPOTENCY_KEY_LENGTH
                    : "must be 1-" + MAX_IDEMPOTENCY_KEY_LENGTH + " visible ASCII characters";
            throw InvalidRequestException.of(List.of(new FieldError("/headers/" + IDEMPOTENCY_KEY_HEADER, detail)));
        }
    }
}
