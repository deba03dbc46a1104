package io.herald.harness.chaos;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether each recipient's messages reached the SMSC for the first time in the order of their {@code notify.requests}
 * offsets: what the dispatcher promises after a {@code kill -9} under either {@code ordering}
 * (docs/delivery-semantics.md#order). Re-sends after a crash are not checked here: with {@code ordering=accepted} a
 * re-sent message may follow its successors.
 */
final class FirstArrivalOrder {

    private FirstArrivalOrder() {
    }

    /**
     * @param arrivals what the simulator received, in arrival order, re-sends included
     * @param offsets the {@code notify.requests} offset of each accepted message id (one recipient's messages share a
     *     partition, so their offsets compare); arrivals of other ids are ignored
     * @return how many recipients had a message arrive for the first time after one with a higher offset
     */
    static long misorderedRecipients(List<Arrival> arrivals, Map<String, Long> offsets) {
        Set<String> seen = new HashSet<>();
        Map<String, Long> highest = new HashMap<>();
        Set<String> misordered = new HashSet<>();
        for (Arrival arrival : arrivals) {
            Long offset = offsets.get(arrival.heraldMessageId());
            if (offset == null || !seen.add(arrival.heraldMessageId())) {
                continue;
            }
            Long before = highest.get(arrival.recipient());
            if (before != null && offset < before) {
                misordered.add(arrival.recipient());
            } else {
                highest.put(arrival.recipient(), offset);
            }
        }
        return misordered.size();
    }
}
