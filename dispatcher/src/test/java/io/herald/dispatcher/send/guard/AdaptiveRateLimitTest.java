package io.herald.dispatcher.send.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
    void permitsAreReservedAtMostTheHorizonAheadAndTheRestAreToldToAskAgain() {
        // given 10 TPS: one permit per 100 ms slice
        AdaptiveRateLimit limit = limit(10);
        // when 30 permits are asked for at once
        long reserved = 0;
        long refused = 0;
        for (int i = 0; i < 30; i++) {
            long wait = limit.reserveNanos();
            if (wait >= 0) {
                reserved++;
                assertThat(wait).isLessThanOrEqualTo(AdaptiveRateLimit.HORIZON.toNanos());
            } else {
                refused++;
                assertThat(-wait).isEqualTo(AdaptiveRateLimit.ASK_AGAIN.toNanos());
            }
        }
        // then only about a second's worth was booked (this slice's and the next ten), the rest must ask again
        assertThat(reserved).isBetween(10L, 12L);
        assertThat(refused).isEqualTo(30 - reserved);
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

    @Test
    void aConfiguredLimitIsSharedInProportionToThePartitionsOwned() {
        // given the account's 300 TPS
        AdaptiveRateLimit limit = limit(300);
        // when this process owns 4 of 12 partitions, then 6, then none
        assertThat(limit.share(4, 12)).isEqualTo(100);
        assertThat(limit.limitTps()).isEqualTo(100);
        assertThat(limit.share(6, 12)).isEqualTo(150);
        assertThat(limit.limitTps()).as("rises with the share at once").isEqualTo(150);
        assertThat(limit.share(0, 12)).as("one partition's worth, for the retry topics").isEqualTo(25);
        assertThat(limit.limitTps()).isEqualTo(25);
        // and three members of four partitions each never send more than the account together
        assertThat(limit(300).share(4, 12) + limit(300).share(4, 12) + limit(300).share(4, 12)).isEqualTo(300);
    }

    @Test
    void aThrottledLimitStaysBelowANewShareAndRisesToItAsUsual() {
        // given a share of 150 TPS, throttled to 105
        AdaptiveRateLimit limit = limit(300);
        limit.share(6, 12);
        limit.onThrottled();
        assertThat(limit.limitTps()).isEqualTo(105);
        // when the share grows to the whole account
        limit.share(12, 12);
        // then the throttled limit holds until quiet seconds raise it, never beyond the share
        assertThat(limit.limitTps()).isEqualTo(105);
        for (int i = 0; i < 60; i++) {
            nowMs += 1000;
            limit.limitTps();
        }
        assertThat(limit.limitTps()).isEqualTo(300);
        // when the share shrinks below the limit in force, the limit drops to it at once
        limit.share(2, 12);
        assertThat(limit.limitTps()).isEqualTo(50);
    }

    @Test
    void withoutAConfiguredLimitThereIsNothingToShare() {
        AdaptiveRateLimit limit = limit(0);
        assertThat(limit.share(4, 12)).isZero();
        assertThat(limit.isLimited()).isFalse();
    }

    @Test
    void aLowerLaneReservesOnlyWithinItsShorterHorizonAndLeavesTheRestToTheHighLane() {
        // given 100 TPS (10 permits a 100 ms slice), booked about half a second ahead
        AdaptiveRateLimit limit = limit(100);
        for (int i = 0; i < 50; i++) {
            assertThat(limit.reserveNanos(1)).isNotNegative();
        }
        // when a message of a lower lane asks with a 200 ms horizon
        long lower = limit.reserveNanos(1, Duration.ofMillis(200));
        // then nothing is reserved: it asks again later
        assertThat(lower).isNegative();
        // while a high message, with the whole horizon, still gets a permit within it
        long high = limit.reserveNanos(1, AdaptiveRateLimit.HORIZON);
        assertThat(high).isPositive().isLessThanOrEqualTo(AdaptiveRateLimit.HORIZON.toNanos());
    }

    @Test
    void aLowerLaneReservesWhileLittleIsBooked() {
        // given 100 TPS with nothing booked
        AdaptiveRateLimit limit = limit(100);
        // then a lower lane's message reserves as any other
        assertThat(limit.reserveNanos(1, Duration.ofMillis(200))).isZero();
    }
}
