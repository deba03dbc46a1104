package io.herald.ingest.status;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.herald.ingest.api.BatchView;
import io.herald.schema.BatchControl;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the batch store ({@link StatusTopology#BATCHES_STORE}) holds for one batch: the recipients taken in (the sums
 * of its {@code BatchIntake} records), how many of its messages are in each state (each message counted once, under
 * its latest state), and when things happened. Stored as JSON.
 *
 * @param batchId the batch's id
 * @param source {@code REST} or {@code BULK}; null until the first intake record is read (a status can come first)
 * @param channel {@code SMS} or {@code EMAIL}; null until the first intake
 * @param accepted recipients written to {@code notify.requests}, summed over the intakes
 * @param rejected recipients refused, summed over the intakes
 * @param createdAt the first intake's time, or null
 * @param callbackUrl where to POST the final counters, or null
 * @param clientId the API client of the batch (selects the callback's key), or null
 * @param byState latest state → messages in it, e.g. {@code {"DELIVERED": 990, "SENT": 8, "FAILED": 2}}
 * @param firstEventAt the earliest status event time seen, or null
 * @param lastEventAt the latest status event time seen, or null
 * @param completedAt when the last pending message got a status (for a bulk load: the last time that happened, null
 *     again while newer lines are pending), or null
 * @param completionPublished whether the completion record went to {@code notify.batches.completed} (once, REST
 *     batches only)
 */
public record BatchCounters(String batchId, String source, String channel, long accepted, long rejected,
                            Instant createdAt, String callbackUrl, String clientId, Map<String, Long> byState,
                            Instant firstEventAt, Instant lastEventAt, Instant completedAt,
                            boolean completionPublished) {

    /** Copies the counts, sorted by state. */
    public BatchCounters {
        byState = Map.copyOf(new TreeMap<>(byState));
    }

    /** @return the messages with any status */
    @JsonIgnore
    public long messages() {
        return byState.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * @param state a state
     * @return the messages whose latest state it is
     */
    public long count(String state) {
        return byState.getOrDefault(state, 0L);
    }

    /** @return whether an intake record was read, so that {@link #accepted()} and {@link #rejected()} are known */
    @JsonIgnore
    public boolean totalsKnown() {
        return source != null;
    }

    /** @return accepted messages without any status yet (0 or more); meaningful only when {@link #totalsKnown()} */
    @JsonIgnore
    public long pending() {
        return Math.max(0, accepted - messages());
    }

    /**
     * @param transition a message's change of latest state
     * @return the counters with the message moved from its old state (if any) to its new one
     */
    BatchCounters apply(Transition transition) {
        Map<String, Long> counts = new TreeMap<>(byState);
        if (transition.from() != null) {
            counts.merge(transition.from(), -1L, Long::sum);
            counts.remove(transition.from(), 0L);
        }
        counts.merge(transition.to(), 1L, Long::sum);
        Instant at = transition.at();
        return new BatchCounters(batchId, source, channel, accepted, rejected, createdAt, callbackUrl, clientId,
                counts, earlier(firstEventAt, at), later(lastEventAt, at), completedAt, completionPublished)
                .settle(at);
    }

    /**
     * @param intake recipients taken into the batch
     * @return the counters with the intake's counts added, and its source, channel, callback and client taken from
     *     the first intake that gives them
     */
    BatchCounters apply(Intake intake) {
        return new BatchCounters(batchId, source == null ? intake.source() : source,
                channel == null ? intake.channel() : channel, accepted + intake.accepted(),
                rejected + intake.rejected(), earlier(createdAt, intake.at()),
                callbackUrl == null ? intake.callbackUrl() : callbackUrl,
                clientId == null ? intake.clientId() : clientId, byState, firstEventAt, lastEventAt, completedAt,
                completionPublished).settle(intake.at());
    }

    /** @return these counters, with the completion record marked as published */
    BatchCounters published() {
        return new BatchCounters(batchId, source, channel, accepted, rejected, createdAt, callbackUrl, clientId,
                byState, firstEventAt, lastEventAt, completedAt, true);
    }

    /** @return whether the batch just completed and its completion record is still to be published */
    @JsonIgnore
    boolean completionDue() {
        return completedAt != null && !completionPublished && "REST".equals(source);
    }

    /** Sets {@code completedAt} when nothing is pending any more, and clears it when something is again. */
    private BatchCounters settle(Instant at) {
        boolean complete = totalsKnown() && pending() == 0;
        Instant completed = complete ? (completedAt == null ? at : completedAt) : null;
        if (Objects.equals(completed, completedAt)) {
            return this;
        }
        return new BatchCounters(batchId, source, channel, accepted, rejected, createdAt, callbackUrl, clientId,
                byState, firstEventAt, lastEventAt, completed, completionPublished);
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null || (b != null && b.isBefore(a)) ? b : a;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || (b != null && b.isAfter(a)) ? b : a;
    }

    /**
     * @param batchId a batch id
     * @return counters of a batch with no intake or status yet
     */
    static BatchCounters empty(String batchId) {
        return new BatchCounters(batchId, null, null, 0, 0, null, null, null, Map.of(), null, null, null, false);
    }

    /**
     * @return the batch's status as the API answers it, for a batch without a pause or cancel
     *     ({@link #view(BatchControl.State)} with {@link BatchControl.State#RUNNING})
     */
    public BatchView view() {
        return view(BatchControl.State.RUNNING);
    }

    /**
     * @param control the batch's control state ({@code notify.batch-control}); RUNNING for a batch without one
     * @return the batch's status as the API answers it: totals, {@code pending} and {@code progress} null while the
     *     intake record has not been read; {@code state} {@code cancelled} for a cancelled batch, else
     *     {@code complete} once nothing is pending, else {@code paused} or {@code running}
     */
    public BatchView view(BatchControl.State control) {
        boolean known = totalsKnown();
        long pending = pending();
        String state = control == BatchControl.State.CANCELLED ? control.apiName()
                : completedAt != null ? "complete" : control.apiName();
        return new BatchView(batchId, source, channel, state, known ? accepted + rejected : null,
                known ? accepted : null, known ? rejected : null, count("SENT"), count("DELIVERED"),
                count("UNDELIVERED"), count("FAILED"), count("EXPIRED"), count("REJECTED"), count("SUPPRESSED"),
                count("CANCELLED"), known ? pending : null,
                known ? (accepted == 0 ? 1.0 : (double) (accepted - pending) / accepted) : null,
                createdAt, firstEventAt, lastEventAt, completedAt);
    }
}
