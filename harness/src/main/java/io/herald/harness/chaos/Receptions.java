package io.herald.harness.chaos;

import io.herald.local.SmscSimulatorProcess;
import java.util.HashMap;
import java.util.Map;

/**
 * What the SMSC simulator received during a scenario on the run's channel, by Herald message id (the TLV 0x1F01 the
 * dispatcher puts on every {@code submit_sm}; a push's {@code herald_message_id}), kept across simulator restarts:
 * a simulator forgets everything when it stops, so {@link #closeLifetime} is called just before each stop.
 */
final class Receptions {

    private final Map<String, Integer> closed = new HashMap<>();
    private final ChaosChannel channel;

    /** @param channel the channel whose arrivals count */
    Receptions(ChaosChannel channel) {
        this.channel = channel;
    }

    /**
     * Records what the running simulator received; call it right before the simulator stops.
     *
     * @param smsc the simulator about to stop
     */
    void closeLifetime(SmscSimulatorProcess smsc) {
        add(closed, smsc);
    }

    /**
     * @param smsc the running simulator
     * @return a cheap estimate of the distinct messages received so far, for progress and fault triggers
     */
    long progress(SmscSimulatorProcess smsc) {
        // an id received in two lifetimes (resent after a restart) counts twice here; counts() is exact
        return closed.size() + channel.distinct(smsc);
    }

    /**
     * @param smsc the running simulator
     * @return receptions per Herald message id over every lifetime of the simulator in this scenario
     */
    Map<String, Integer> counts(SmscSimulatorProcess smsc) {
        Map<String, Integer> all = new HashMap<>(closed);
        add(all, smsc);
        return all;
    }

    private void add(Map<String, Integer> into, SmscSimulatorProcess smsc) {
        for (Arrival arrival : channel.arrivals(smsc)) {
            if (arrival.heraldMessageId() != null) {
                into.merge(arrival.heraldMessageId(), 1, Integer::sum);
            }
        }
    }
}
