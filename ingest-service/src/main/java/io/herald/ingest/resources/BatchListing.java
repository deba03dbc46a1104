package io.herald.ingest.resources;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.ingest.api.BatchPage;
import io.herald.ingest.api.BatchView;
import io.herald.ingest.api.ErrorCode;
import io.herald.ingest.api.FieldError;
import io.herald.ingest.api.IngestJson;
import io.herald.ingest.auth.ApiClient;
import io.herald.ingest.status.BatchCounters;
import io.herald.ingest.status.ClientBatch;
import io.herald.ingest.status.StatusView;
import io.herald.ingest.status.StatusView.Lookup;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/batches} (served by {@link BatchResource#list}): a client's batches, newest first, from the status
 * view's client index ({@link StatusView#clientBatches}), each with its counters as {@code GET /v1/batches/{id}}
 * answers them. Only batches whose intake the status view has read are listed, so batches accepted before the
 * index existed (before this release) are not.
 */
public final class BatchListing {

    /** The fewest batches a page may ask for. */
    public static final int MIN_PAGE = 1;
    /** The batches a page holds when the request does not say. */
    public static final int DEFAULT_PAGE = 20;
    /** The most batches a page may ask for. */
    public static final int MAX_PAGE = 100;

    private static final Logger LOG = LoggerFactory.getLogger(BatchListing.class);
    /** Reads the other instances' batch views. */
    private static final ObjectMapper JSON = IngestJson.configure(new ObjectMapper());

    private final StatusView view;
    private final StatusResource status;
    private final InstanceForwarder forwarder;

    /**
     * @param view the status view
     * @param status the status resource, whose batch views (with their control state) and way of asking the other
     *     instances this shares
     */
    public BatchListing(StatusView view, StatusResource status) {
        this.view = view;
        this.status = status;
        this.forwarder = status.forwarder();
    }

    /**
     * {@code GET /v1/batches}: the client's batches, newest first, a page at a time (see {@link BatchPage}). The
     * client's index is held by one instance (a request to another is forwarded there); each batch's counters are
     * read where that batch is held, asking the other instances in parallel.
     *
     * @param client the authenticated client: only its own batches are listed
     * @param before the previous page's {@code next}: one of the client's batch ids; null for the newest page
     * @param limitParam batches per page, {@value #MIN_PAGE}–{@value #MAX_PAGE}, as the query gave it; null for
     *     {@value #DEFAULT_PAGE}
     * @param forwardedBy set when another instance forwarded the request
     * @param authorization the client's {@code Authorization} header, passed on when forwarding
     * @return 200 with a {@link BatchPage}; 400 problem {@code invalid-request} with pointer {@code /query/limit} or
     *     {@code /query/before} (not a batch of this client); 503 problem {@code status-unavailable}
     */
    public Response list(ApiClient client, String before, String limitParam, String forwardedBy,
                         String authorization) {
        int limit = limit(limitParam);
        if (limit < MIN_PAGE || limit > MAX_PAGE) {
            return invalidQuery("/query/limit", "limit must be a whole number " + MIN_PAGE + "-" + MAX_PAGE);
        }
        Lookup<StatusView.Page> lookup = view.clientBatches(client.clientId(), before, limit);
        if (lookup instanceof Lookup.Missing<StatusView.Page>) {
            return invalidQuery("/query/before", "before must be the id of one of this client's batches");
        }
        if (lookup instanceof Lookup.Elsewhere<StatusView.Page> elsewhere) {
            if (forwardedBy != null) {
                return forwarder.unavailable("the instances disagree on who holds the client's batches (rebalancing)");
            }
            String query = "limit=" + limit + (before == null ? ""
                    : "&before=" + URLEncoder.encode(before, StandardCharsets.UTF_8));
            return forwarder.forward(elsewhere.host(), InstanceForwarder.path("batches", ""), query, "GET",
                    authorization);
        }
        if (!(lookup instanceof Lookup.Found<StatusView.Page> found)) {
            return forwarder.unavailable(((Lookup.Unavailable<StatusView.Page>) lookup).reason());
        }
        return page(client, found.value(), authorization);
    }

    /** @return the page with each batch's counters, or a 503 problem if one of them cannot be had */
    private Response page(ApiClient client, StatusView.Page found, String authorization) {
        List<ClientBatch> batches = found.batches();
        List<CompletableFuture<BatchView>> views = new ArrayList<>();
        for (ClientBatch batch : batches) {
            views.add(batchView(client, batch, authorization));
        }
        List<BatchView> page = new ArrayList<>();
        for (CompletableFuture<BatchView> future : views) {
            BatchView batchView = future.join();
            if (batchView == null) {
                return forwarder.unavailable("an instance that holds one of the batches did not answer");
            }
            page.add(batchView);
        }
        String next = found.more() ? batches.get(batches.size() - 1).batchId() : null;
        return Response.ok(new BatchPage(page, next)).header(StatusResource.SERVED_BY_HEADER, forwarder.tag()).build();
    }

    /** @return the limit the query gave, {@value #DEFAULT_PAGE} if none, -1 if it is not a number */
    private static int limit(String limitParam) {
        try {
            return limitParam == null ? DEFAULT_PAGE : Integer.parseInt(limitParam.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The batch's view from its counters, here or at the instance that holds them; null if none can be had. */
    private CompletableFuture<BatchView> batchView(ApiClient client, ClientBatch batch, String authorization) {
        Lookup<BatchCounters> lookup = view.batch(batch.batchId());
        if (lookup instanceof Lookup.Found<BatchCounters> found) {
            return CompletableFuture.completedFuture(status.viewOf(countersOf(batch, client.clientId(),
                    found.value())));
        }
        if (lookup instanceof Lookup.Missing<BatchCounters>) {
            return CompletableFuture.completedFuture(status.viewOf(countersOf(batch, client.clientId(), null)));
        }
        if (!(lookup instanceof Lookup.Elsewhere<BatchCounters> elsewhere)) {
            return CompletableFuture.completedFuture(null);
        }
        HostInfo host = elsewhere.host();
        return forwarder.getAsync(host, InstanceForwarder.path("batches", batch.batchId()), authorization)
                .handle((response, failure) -> {
                    if (failure == null && response.statusCode() == 404) {
                        // the holder has not counted the batch's intake yet (or its counters name no client yet)
                        return status.viewOf(countersOf(batch, client.clientId(), null));
                    }
                    if (failure != null || response.statusCode() != 200) {
                        LOG.warn("Could not ask {} for batch {}: {}", host, batch.batchId(),
                                failure != null ? failure.toString() : "HTTP " + response.statusCode());
                        return null;
                    }
                    try {
                        return JSON.readValue(response.body(), BatchView.class);
                    } catch (IOException e) {
                        LOG.warn("Unreadable answer of {} for batch {}: {}", host, batch.batchId(), e.toString());
                        return null;
                    }
                });
    }

    /**
     * A listed batch's counters. The client index says the batch is the client's; its counters may not say so yet:
     * they count status events from the first one on, but learn the batch's client and totals from its intake, which
     * may be counted later. Until then the index's totals stand in.
     *
     * @param batch the batch as the client's index holds it
     * @param clientId the client
     * @param counters the batch's counters, or null if there are none yet
     * @return the counters with the index's totals and client where they have none; with none, the index's totals
     *     and no message counted; counters of another client (a bulk load's id used by two clients) are not shown:
     *     the index's totals stand in for them too
     */
    static BatchCounters countersOf(ClientBatch batch, String clientId, BatchCounters counters) {
        if (counters != null && clientId.equals(counters.clientId())) {
            return counters;
        }
        boolean unowned = counters != null && counters.clientId() == null;
        return new BatchCounters(batch.batchId(), batch.source(), batch.channel(), batch.accepted(), batch.rejected(),
                batch.createdAt(), null, clientId, unowned ? counters.byState() : Map.of(),
                unowned ? counters.firstEventAt() : null, unowned ? counters.lastEventAt() : null, null, false);
    }

    private static Response invalidQuery(String pointer, String detail) {
        return ProblemResponse.of(ErrorCode.INVALID_REQUEST, detail, List.of(new FieldError(pointer, detail))).build();
    }
}
