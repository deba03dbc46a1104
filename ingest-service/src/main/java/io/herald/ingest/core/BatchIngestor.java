package io.herald.ingest.core;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.herald.ingest.api.BatchAccepted;
import io.herald.ingest.api.BatchRequest;
import io.herald.ingest.api.FieldError;
import io.herald.ingest.api.Rejection;
import io.herald.ingest.auth.ApiClient;
import io.herald.ingest.auth.ClientQuotas;
import io.herald.ingest.metrics.IngestMeters;
import io.herald.schema.BatchIntake;
import io.herald.schema.BatchSource;
import io.herald.schema.NotificationRequest;
import io.herald.schema.Priorities;
import io.herald.schema.PriorityLane;
import io.herald.schema.StatusCallbackTarget;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests one batch: prepares it ({@link BatchPreparer}), writes the accepted recipients' requests through the
 * {@link RequestPublisher} and reports what was accepted. Thread-safe: one instance serves every HTTP request.
 *
 * <p>Metrics (Dropwizard, under {@code io.herald.ingest}): meters {@code recipients.accepted},
 * {@code recipients.rejected}, {@code batches.accepted}, {@code batches.failed}, and the timer
 * {@code publish.latency} (time from the first send to the last acknowledgement of a batch). The same in Micrometer,
 * per client, for {@code GET /prometheus} ({@link IngestMeters}): {@code herald_ingest_recipients_total},
 * {@code herald_ingest_produce_seconds} and {@code herald_ingest_kafka_unavailable_total}.
 */
public final class BatchIngestor {

    private static final Logger LOG = LoggerFactory.getLogger(BatchIngestor.class);
    private static final String PREFIX = "io.herald.ingest";
    /** Rejections listed in the problem of a batch whose every recipient was rejected. */
    private static final int MAX_LISTED_REJECTIONS = 100;

    private final BatchPreparer preparer;
    private final RequestPublisher publisher;
    private final CallbackKeys callbackKeys;
    private final CallbackTargets callbackTargets;
    private final ClientQuotas quotas;
    private final Clock clock;
    private final Meter acceptedRecipients;
    private final Meter rejectedRecipients;
    private final Meter acceptedBatches;
    private final Meter failedBatches;
    private final Timer publishLatency;
    private final IngestMeters meters;
    private final InFlightBytes inFlight;

    /**
     * An ingestor whose rendered output only {@code maxRenderedCharsPerBatch} bounds (no shared budget).
     *
     * @param preparer validates and renders batches
     * @param publisher where accepted requests and the batches' intake records go
     * @param callbackKeys the keys that sign completion callbacks: a batch may ask for one only if its client has a key
     * @param callbackTargets where completion callbacks may go
     * @param quotas the clients' recipients-per-minute quotas
     * @param metrics where the Dropwizard meters and timer are registered
     * @param meters Herald's Micrometer meters, for {@code GET /prometheus}
     * @param clock the intake records' time
     */
    public BatchIngestor(BatchPreparer preparer, RequestPublisher publisher, CallbackKeys callbackKeys,
                         CallbackTargets callbackTargets, ClientQuotas quotas, MetricRegistry metrics,
                         IngestMeters meters, Clock clock) {
        this(preparer, publisher, callbackKeys, callbackTargets, quotas, metrics, meters, clock,
                new InFlightBytes(Long.MAX_VALUE));
    }

    /**
     * @param preparer validates and renders batches
     * @param publisher where accepted requests and the batches' intake records go
     * @param callbackKeys the keys that sign completion callbacks: a batch may ask for one only if its client has a key
     * @param callbackTargets where completion callbacks may go
     * @param quotas the clients' recipients-per-minute quotas
     * @param metrics where the Dropwizard meters and timer are registered
     * @param meters Herald's Micrometer meters, for {@code GET /prometheus}
     * @param clock the intake records' time
     * @param inFlight the service's budget of bytes held for requests in progress ({@code maxInFlightBytes}), which
     *     the request bodies take too: each batch takes 2 bytes per rendered char from it while it renders, and gives
     *     them back once its records were acknowledged
     */
    public BatchIngestor(BatchPreparer preparer, RequestPublisher publisher, CallbackKeys callbackKeys,
                         CallbackTargets callbackTargets, ClientQuotas quotas, MetricRegistry metrics,
                         IngestMeters meters, Clock clock, InFlightBytes inFlight) {
        this.inFlight = inFlight;
        this.preparer = preparer;
        this.publisher = publisher;
        this.callbackKeys = callbackKeys;
        this.callbackTargets = callbackTargets;
        this.quotas = quotas;
        this.clock = clock;
        this.acceptedRecipients = metrics.meter(MetricRegistry.name(PREFIX, "recipients", "accepted"));
        this.rejectedRecipients = metrics.meter(MetricRegistry.name(PREFIX, "recipients", "rejected"));
        this.acceptedBatches = metrics.meter(MetricRegistry.name(PREFIX, "batches", "accepted"));
        this.failedBatches = metrics.meter(MetricRegistry.name(PREFIX, "batches", "failed"));
        this.publishLatency = metrics.timer(MetricRegistry.name(PREFIX, "publish", "latency"));
        this.meters = meters;
    }

    /**
     * Refuses a sender the client may not use; a sender that is not valid at all is left to the preparer's 400.
     *
     * @throws SenderNotAllowedException if the client has senders and the batch's {@code from} is not among them
     */
    private static void checkSender(ApiClient client, BatchRequest request) {
        if (client.senders().isEmpty() || request == null || request.from() == null) {
            return;
        }
        if (BatchRequest.CHANNEL_EMAIL.equals(request.channel())) {
            EmailAddress.senderAddress(request.from()).filter(address -> !client.allowsEmailSender(address))
                    .ifPresent(address -> {
                        throw new SenderNotAllowedException("e-mail sender " + address.substring(address
                                .lastIndexOf('@')) + " is not among this client's senders (auth.clients."
                                + client.clientId() + ".senders)");
                    });
        } else if ((request.channel() == null || BatchRequest.CHANNEL_SMS.equals(request.channel()))
                && SenderId.problem(request.from()).isEmpty() && !client.allowsSmsSender(request.from())) {
            throw new SenderNotAllowedException("sender id " + request.from() + " is not among this client's senders"
                    + " (auth.clients." + client.clientId() + ".senders)");
        }
    }

    /**
     * Refuses a priority above the client's {@code maxPriority}; one that is not valid at all is left to the
     * preparer's 400.
     *
     * @throws PriorityNotAllowedException if the batch asks for a lane above the client's
     */
    private static void checkPriority(ApiClient client, BatchRequest request) {
        if (request == null) {
            return;
        }
        Priorities.parse(request.priority()).filter(lane -> !client.allowsLane(lane)).ifPresent(lane -> {
            throw new PriorityNotAllowedException(Priorities.name(lane) + " is above this client's maxPriority "
                    + Priorities.name(client.maxPriority()) + " (auth.clients." + client.clientId() + ".maxPriority)");
        });
    }

    /** A callback URL needs its client's signing key. */
    private void checkSigningKey(ApiClient client, String pointer, String url) {
        if (url != null && callbackKeys.keyFor(client.clientId()).isEmpty()) {
            throw new InvalidBatchException(pointer + " cannot be used: no callback signing key is configured",
                    List.of(new FieldError(pointer, "cannot be used: no callback signing key is configured for this"
                            + " client (callbacks.signingKeys." + client.clientId() + ")")));
        }
    }

    /** A callback URL must go where {@link CallbackTargets} allows; this may resolve its host name. */
    private void checkTarget(ApiClient client, String pointer, String url) {
        if (url != null) {
            callbackTargets.check(client.clientId(), url).ifPresent(detail -> {
                throw new InvalidBatchException(pointer + " " + detail, List.of(new FieldError(pointer, detail)));
            });
        }
    }

    /** A problem listing the first rejections, so that a batch nobody would receive is not accepted with 202. */
    private static InvalidBatchException noRecipientAccepted(List<Rejection> rejections) {
        List<FieldError> errors = rejections.stream().limit(MAX_LISTED_REJECTIONS)
                .map(rejection -> new FieldError(rejection.pointer(), rejection.reason())).toList();
        return new InvalidBatchException("no recipient was accepted: all " + rejections.size() + " were rejected"
                + (rejections.size() > errors.size() ? " (the first " + errors.size() + " are listed)" : ""), errors);
    }

    /**
     * Validates a batch, takes its recipients from the client's quota, writes one record per accepted recipient
     * (each carrying the client's id), then the batch's intake record (its totals and its first rejections, as
     * {@link RejectionList} bounds them, for the status view); returns once Kafka acknowledged them all.
     *
     * @param client the authenticated client
     * @param request the request body; null if the body was empty
     * @return the batch id, how many recipients were written, their SMS segments in all, and the rejected ones
     * @throws InvalidBatchException if the batch as a whole is invalid (also: every recipient rejected, a
     *     {@code callbackUrl} for a client without a signing key or one that {@link CallbackTargets} refuses, or more
     *     recipients than the client's per-minute quota); nothing was written
     * @throws SenderNotAllowedException if the client may not send from the batch's {@code from}; nothing was written
     * @throws PriorityNotAllowedException if the batch's {@code priority} is above the client's {@code maxPriority};
     *     nothing was written
     * @throws io.herald.ingest.auth.QuotaExceededException if the client's recipients-per-minute quota has no room
     *     for the batch now; nothing was written
     * @throws PublishException if not every record was acknowledged; some may have been written, and its
     *     {@code acknowledged()} counts them (at least)
     * @throws IngestBusyException if the rendered output does not fit in {@code maxInFlightBytes} beside the other
     *     requests in progress; nothing was written
     */
    public BatchAccepted ingest(ApiClient client, BatchRequest request) {
        RenderReservation reservation = new RenderReservation(inFlight);
        try {
            return ingest(client, request, reservation);
        } finally {
            reservation.release();
        }
    }

    /**
     * @return the batch with its client's default quiet hours ({@code auth.clients.<id>.quietHours}) if it is an SMS
     *     batch that gives none and is not of {@code high} priority (one-time codes and alerts ignore the default; a
     *     {@code high} batch that gives its own quiet hours keeps them); else the batch as it is
     */
    static BatchRequest withClientQuietHours(ApiClient client, BatchRequest request) {
        boolean sms = request != null
                && (request.channel() == null || BatchRequest.CHANNEL_SMS.equals(request.channel()));
        boolean high = sms && Priorities.parse(request.priority()).orElse(null) == PriorityLane.HIGH;
        return sms && !high && request.quietHours() == null && client.quietHours() != null
                ? request.withQuietHours(client.quietHours()) : request;
    }

    /**
     * Does all that {@link #ingest} does but write: the same checks, quota and rendering, and the same errors; then
     * gives the client's recipients quota back. For {@code POST /v1/batches?dryRun=true}.
     *
     * @param client the authenticated client
     * @param request the request body; null if the body was empty
     * @return the batch as it would be written (its requests carry the client id), with its rejections
     * @throws InvalidBatchException, SenderNotAllowedException, PriorityNotAllowedException,
     *     io.herald.ingest.auth.QuotaExceededException or IngestBusyException as {@link #ingest} would
     */
    public PreparedBatch dryRun(ApiClient client, BatchRequest request) {
        RenderReservation reservation = new RenderReservation(inFlight);
        try {
            PreparedBatch batch = validated(client, request, reservation);
            quotas.releaseRecipients(client, batch.requests().size() + batch.rejections().size());
            return batch;
        } finally {
            reservation.release();
        }
    }

    /**
     * Checks, takes the quota and renders; on an error gives the quota back and throws it.
     *
     * @return the prepared batch, each request carrying the client's id; the quota of all its recipients is taken
     */
    private PreparedBatch validated(ApiClient client, BatchRequest request, RenderReservation reservation) {
        checkSender(client, request);
        checkPriority(client, request);
        int recipients = request == null || request.recipients() == null ? 0 : request.recipients().size();
        // The quota is taken before the rendering work, so that a client over it costs little; an invalid batch
        // gives it all back, a valid one its rejected recipients.
        quotas.acquireRecipients(client, recipients);
        PreparedBatch batch;
        try {
            batch = preparer.prepare(withClientQuietHours(client, request), client.clientId(), reservation);
            checkSigningKey(client, "/callbackUrl", request.callbackUrl());
            checkSigningKey(client, "/statusCallbackUrl", request.statusCallbackUrl());
            if (batch.requests().isEmpty()) {
                throw noRecipientAccepted(batch.rejections());
            }
            // Last: it may resolve the host name.
            checkTarget(client, "/callbackUrl", request.callbackUrl());
            checkTarget(client, "/statusCallbackUrl", request.statusCallbackUrl());
        } catch (RuntimeException e) {
            quotas.releaseRecipients(client, recipients);
            throw e;
        }
        for (NotificationRequest record : batch.requests()) {
            record.setClientId(client.clientId());
        }
        return batch;
    }

    private BatchAccepted ingest(ApiClient client, BatchRequest request, RenderReservation reservation) {
        PreparedBatch batch = validated(client, request, reservation);
        quotas.releaseRecipients(client, batch.rejections().size());
        long publishNanos = 0;
        long start = System.nanoTime();
        try {
            if (request.statusCallbackUrl() != null) {
                // Before the requests: every status event of the batch then comes after its target.
                publisher.publishStatusCallbackTarget(new StatusCallbackTarget(batch.batchId(), client.clientId(),
                        request.statusCallbackUrl()));
            }
            if (!batch.requests().isEmpty()) {
                publisher.publish(batch.requests());
            }
            try {
                publisher.publishIntake(intake(client, request, batch));
            } catch (PublishException e) {
                // Every request record is written: they will be sent, only the batch's totals are missing.
                throw e.withCounts(batch.requests().size(), batch.requests().size());
            }
        } catch (PublishException e) {
            failedBatches.mark();
            meters.kafkaUnavailable();
            long written = Math.max(0, e.acknowledged());
            quotas.releaseRecipients(client, (int) (batch.requests().size() - written));
            LOG.atWarn()
                    .addKeyValue("batchId", batch.batchId())
                    .addKeyValue("clientId", client.clientId())
                    .log("batch {} not accepted: {} records not all acknowledged: {}", batch.batchId(),
                            batch.requests().size(), e.getMessage());
            throw e;
        }
        publishNanos = System.nanoTime() - start;
        publishLatency.update(publishNanos, TimeUnit.NANOSECONDS);
        acceptedBatches.mark();
        acceptedRecipients.mark(batch.requests().size());
        rejectedRecipients.mark(batch.rejections().size());
        meters.produced(client.clientId(), publishNanos);
        meters.recipients(client.clientId(), batch.requests().size(), batch.rejections().size());
        LOG.atInfo()
                .addKeyValue("batchId", batch.batchId())
                .addKeyValue("clientId", client.clientId())
                .addKeyValue("accepted", batch.requests().size())
                .addKeyValue("rejected", batch.rejections().size())
                .addKeyValue("segments", batch.segments())
                .log("batch {} of client {} accepted: {} recipients written, {} rejected, published in {} ms",
                        batch.batchId(), client.clientId(), batch.requests().size(), batch.rejections().size(),
                        TimeUnit.NANOSECONDS.toMillis(publishNanos));
        return new BatchAccepted(batch.batchId(), batch.requests().size(), batch.segments(), batch.rejections(),
                acceptedMessages(batch));
    }

    /** The accepted requests are the recipients without a rejection, in request order. */
    private static List<BatchAccepted.AcceptedMessage> acceptedMessages(PreparedBatch batch) {
        List<Integer> indexes = DryRunSummary.acceptedIndexes(batch);
        List<BatchAccepted.AcceptedMessage> messages = new ArrayList<>(batch.requests().size());
        for (int i = 0; i < indexes.size(); i++) {
            messages.add(new BatchAccepted.AcceptedMessage(indexes.get(i), batch.requests().get(i).getMessageId()));
        }
        return messages;
    }

    private BatchIntake intake(ApiClient client, BatchRequest request, PreparedBatch batch) {
        return BatchIntake.newBuilder()
                .setBatchId(batch.batchId())
                .setSource(BatchSource.REST)
                .setChannel(BatchChecks.channelOf(request))
                .setAccepted(batch.requests().size())
                .setRejected(batch.rejections().size())
                .setTimestamp(clock.instant())
                .setCallbackUrl(request.callbackUrl())
                .setClientId(client.clientId())
                .setRejections(batch.rejections().isEmpty() ? null : RejectionList.of(batch.rejections()))
                .build();
    }
}
