package io.herald.ingest.status;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the batch store ({@link StatusTopology#BATCHES_STORE}) holds for one batch: how many of its messages are in
 * each state, each message counted once, under its latest state; and the first and last event times. Stored as
 * JSON.
 *
 * @param batchId the batch's id
 * @param byState latest state → messages in it, e.g. {@code {"DELIVERED": 990, "SENT": 8, "FAILED": 2}}
 * @param firstEventAt the earliest event time seen
 * @param lastEventAt the latest event time seen
 */
public record BatchCounters(String batchId, Map<String, Long> byState, Instant firstEventAt, Instant lastEventAt) {

    /** Copies the counts, sorted by state. */
    public BatchCounters {
        byState = Map.copyOf(new TreeMap<>(byState));
    }

    /** @return the messages with any status */
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
        return new BatchCounters(batchId, counts,
                firstEventAt == null || at.isBefore(firstEventAt) ? at : firstEventAt,
                lastEventAt == null || at.isAfter(lastEventAt) ? at : lastEventAt);
    }

    /**
     * @param batchId a batch id
     * @return counters of a batch with no status yet
     */
    static BatchCounters empty(String batchId) {
        return new BatchCounters(batchId, Map.of(), null, null);
    }
}
