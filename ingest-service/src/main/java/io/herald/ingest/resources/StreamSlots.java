package io.herald.ingest.resources;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slots for long-lived answers (event streams), each holding a server thread: at most {@code max} in all and
 * {@code perClient} for one client. Thread-safe.
 */
final class StreamSlots {

    /** A taken slot; {@link #close()} gives it back (once). */
    final class Slot implements AutoCloseable {
        private final String clientId;
        private boolean closed;

        private Slot(String clientId) {
            this.clientId = clientId;
        }

        @Override
        public void close() {
            synchronized (StreamSlots.this) {
                if (closed) {
                    return;
                }
                closed = true;
                total--;
                byClient.computeIfPresent(clientId, (id, count) -> count <= 1 ? null : count - 1);
            }
        }
    }

    private final int max;
    private final int perClient;
    private final Map<String, Integer> byClient = new HashMap<>();
    private int total;

    /**
     * @param max slots in all, at least 1
     * @param perClient slots for one client, at least 1
     */
    StreamSlots(int max, int perClient) {
        if (max < 1 || perClient < 1) {
            throw new IllegalArgumentException("max and perClient must be at least 1");
        }
        this.max = max;
        this.perClient = perClient;
    }

    /**
     * @param clientId the client asking
     * @return a slot, or empty if all are taken, or the client's share is
     */
    synchronized Optional<Slot> acquire(String clientId) {
        if (total >= max || byClient.getOrDefault(clientId, 0) >= perClient) {
            return Optional.empty();
        }
        total++;
        byClient.merge(clientId, 1, Integer::sum);
        return Optional.of(new Slot(clientId));
    }

    /** @return slots taken now */
    synchronized int taken() {
        return total;
    }
}
