package io.herald.ingest.resources;

import com.codahale.metrics.annotation.Timed;
import io.dropwizard.auth.Auth;
import io.herald.ingest.api.BatchAccepted;
import io.herald.ingest.api.BatchRequest;
import io.herald.ingest.auth.ApiClient;
import io.herald.ingest.core.BatchIngestor;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** {@code /v1/batches}: submit one text to many recipients. */
@Path("/v1/batches")
public final class BatchResource {

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
    public Response submit(@Auth ApiClient client, BatchRequest request) {
        BatchAccepted accepted = ingestor.ingest(client, request);
        return Response.accepted(accepted).location(URI.create("/v1/batches/" + accepted.batchId())).build();
    }
}
