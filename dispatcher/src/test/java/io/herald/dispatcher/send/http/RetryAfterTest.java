package io.herald.dispatcher.send.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Retry-After per RFC 9110 §10.2.3. */
class RetryAfterTest {

    /** Wednesday 2025-01-01 12:00:00 UTC. */
    private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");

    @Test
    void delaySecondsBecomeMilliseconds() {
        assertThat(RetryAfter.delayMs("120", NOW)).isEqualTo(120_000L);
        assertThat(RetryAfter.delayMs(" 0 ", NOW)).isZero();
    }

    @Test
    void anImfFixdateIsMeasuredFromNow() {
        assertThat(RetryAfter.delayMs("Wed, 01 Jan 2025 12:00:05 GMT", NOW)).isEqualTo(5_000L);
        assertThat(RetryAfter.delayMs("Thu, 02 Jan 2025 12:00:00 GMT", NOW)).isEqualTo(86_400_000L);
    }

    @Test
    void aDateInThePastIsNoDelay() {
        assertThat(RetryAfter.delayMs("Tue, 31 Dec 2024 23:59:59 GMT", NOW)).isZero();
    }

    @Test
    void absentOrUnreadableValuesAreNoDelay() {
        assertThat(RetryAfter.delayMs(null, NOW)).isZero();
        assertThat(RetryAfter.delayMs("", NOW)).isZero();
        assertThat(RetryAfter.delayMs("-5", NOW)).isZero();
        assertThat(RetryAfter.delayMs("1.5", NOW)).isZero();
        assertThat(RetryAfter.delayMs("soon", NOW)).isZero();
        // asctime, an obsolete HTTP-date form this class does not read
        assertThat(RetryAfter.delayMs("Wed Jan  1 12:00:05 2025", NOW)).isZero();
    }

    @Test
    void hugeDelaysAreCappedInsteadOfOverflowing() {
        assertThat(RetryAfter.delayMs("99999999999999999999", NOW)).isEqualTo(RetryAfter.MAX_MS);
        assertThat(RetryAfter.delayMs("3000000", NOW)).isEqualTo(RetryAfter.MAX_MS);
    }
}
