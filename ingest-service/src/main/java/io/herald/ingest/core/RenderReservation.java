package io.herald.ingest.core;

/**
 * A batch's share of the {@link InFlightBytes} budget for its rendered output: each char rendered takes 2 bytes
 * (a Java string's UTF-16), so that request bodies and rendered batches in progress together stay within
 * {@code maxInFlightBytes}. {@link #release()} gives everything back once the batch's records were acknowledged (or
 * it failed). Used by one request's thread.
 */
public final class RenderReservation implements RenderBudget {

    private final InFlightBytes inFlight;
    private long taken;

    /** @param inFlight the service's budget of bytes held for requests in progress */
    public RenderReservation(InFlightBytes inFlight) {
        this.inFlight = inFlight;
    }

    /**
     * @throws IngestBusyException (503) if the budget has no room for {@code 2 × chars} bytes more
     */
    @Override
    public void take(long chars) {
        long bytes = 2 * chars;
        if (!inFlight.tryAcquire(bytes)) {
            throw new IngestBusyException(inFlight.limit());
        }
        taken += bytes;
    }

    /** @return the bytes this batch holds now */
    public long taken() {
        return taken;
    }

    /** Gives back every byte taken; idempotent. */
    public void release() {
        inFlight.release(taken);
        taken = 0;
    }
}
