package io.herald.dispatcher;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock that stands still until a test moves it, by assigning {@link #now}. Not thread-safe. */
public final class MovableClock extends Clock {

    /** The instant the clock shows; tests assign it to move time. */
    public Instant now;

    /** @param start the instant the clock shows until moved */
    public MovableClock(Instant start) {
        this.now = start;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
