package io.herald.dispatcher.send.guard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** AIMD on the shared rate limit, with a clock the test moves. */
class AdaptiveRateLimitTest {

    private long nowMs = 1_000_000;

    private AdaptiveRateLimit limit(int maxTps) {
        return new AdaptiveRateLimit(maxTps, 10, 10, () -> nowMs);
    }

    @Test
    void withoutConfiguredLimitNothingWaitsUntilTheGatewayThrottles() {
        // given no configured limit
        AdaptiveRateLimit limit = limit(0);
        // when many permits are taken
        long waited = 0;
        for (int i = 0; i < 10_000; i++) {
            waited += limit.reserveNanos();
        }
        // then none waits and there is no limit
        assertThat(waited).isZero();
        assertThat(limit.limitTps()).isZero();
    }

    @Test
    void firstThrottlingStartsALimitBelowTheRateAcceptedInTheLastSecond() {
        // given 200 messages accepted in one second, no configured limit
        AdaptiveRateLimit limit = limit(0);
        for (int i = 0; i < 200; i++) {
            limit.onAccepted();
        }
        nowMs += 1000;
        // when the gateway throttles
        limit.onThrottled();
        // then the limit is 70% of 200
        assertThat(limit.limitTps()).isEqualTo(140);
    }

    @Test
    void throttlingLowersTheLimitAtMostOncePerSecondAndNeverBelowTheMinimum() {
        // given a configured limit of 100 TPS
        AdaptiveRateLimit limit = limit(100);
        // when throttled three times within one second
        limit.onThrottled();
        nowMs += 300;
        limit.onThrottled();
        limit.onThrottled();
        // then the limit dropped once
        assertThat(limit.limitTps()).isEqualTo(70);
        // when throttled every second for a long time
        for (int i = 0; i < 30; i++) {
            nowMs += 1000;
            limit.onThrottled();
        }
        // then it stays at gateway.rate.min.tps
        assertThat(limit.limitTps()).isEqualTo(10);
    }

    @Test
    void quietSecondsRaiseTheLimitGraduallyUpToTheConfiguredLimit() {
        // given a limit of 200 TPS lowered by throttling to 140
        AdaptiveRateLimit limit = limit(200);
        limit.onThrottled();
        assertThat(limit.limitTps()).isEqualTo(140);
        // when one second passes without throttling
        nowMs += 1000;
        limit.onAccepted();
        nowMs += 1000;
        // then the throttled second raised nothing and the quiet one added 10% (14, more than the 10 TPS step)
        assertThat(limit.limitTps()).isEqualTo(154);
        // when many quiet seconds pass
        nowMs += 60_000;
        // then it is back at the configured limit and no higher
        assertThat(limit.limitTps()).isEqualTo(200);
    }

    @Test
    void aLowLimitMakesLaterPermitsWait() {
        // given a limit of 10 TPS (one permit per 100 ms slice)
        AdaptiveRateLimit limit = limit(10);
        // when five permits are taken at once
        long lastWait = 0;
        for (int i = 0; i < 5; i++) {
            lastWait = limit.reserveNanos();
        }
        // then the last one has to wait for a later slice
        assertThat(lastWait).isPositive();
    }

    @Test
    void aMessageOfSeveralSegmentsTakesAPermitPerSegment() {
        // given 100 TPS: 10 submits per 100 ms slice
        AdaptiveRateLimit limit = limit(100);
        assertThat(limit.isLimited()).isTrue();
        // when one message of 10 segments takes the slice's 10 permits
        assertThat(limit.reserveNanos(10)).isZero();
        // then the next single submit waits for the next slice
        assertThat(limit.reserveNanos(1)).isPositive();
        // and a message over a slice's worth waits over several slices
        assertThat(limit(100).reserveNanos(25)).isGreaterThan(100_000_000L);
    }

    @Test
    void acceptedSegmentsCountTowardsTheRateAFirstThrottlingStartsFrom() {
        // given 50 messages of 4 segments accepted in one second, no configured limit
        AdaptiveRateLimit limit = limit(0);
        assertThat(limit.isLimited()).isFalse();
        for (int i = 0; i < 50; i++) {
            limit.onAccepted(4);
        }
        nowMs += 1000;
        // when the gateway throttles, then the limit is 70 % of the 200 submits, not of the 50 messages
        limit.onThrottled();
        assertThat(limit.limitTps()).isEqualTo(140);
        assertThat(limit.isLimited()).isTrue();
    }
}
