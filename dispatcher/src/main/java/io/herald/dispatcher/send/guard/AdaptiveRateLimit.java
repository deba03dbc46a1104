package io.herald.dispatcher.send.guard;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's send rate for the whole process, shared by every sender thread: a Resilience4j {@link RateLimiter}
 * whose limit follows AIMD (additive increase, multiplicative decrease), as TCP's congestion window does.
 * <ul>
 *   <li>Start: {@code gateway.rate.limit.tps}, or no limit at all when that is 0.</li>
 *   <li>Throttled ({@code ESME_RTHROTTLED}, {@code ESME_RMSGQFUL}): the limit drops to 70% of what it was, at most
 *       once per second and never below {@code gateway.rate.min.tps}. Without a configured limit, the first
 *       throttling starts one at 70% of the rate accepted in the last second.</li>
 *   <li>A second without throttling: the limit rises by {@code gateway.rate.increase.tps} or 10%, whichever is more,
 *       up to {@code gateway.rate.limit.tps} (without a configured limit, until it passes {@value #UNLIMITED_ABOVE}
 *       TPS, when the limit is lifted again).</li>
 * </ul>
 * <p>A configured limit is the gateway account's, for the whole consumer group: each process takes its
 * {@link #share share} of it, in proportion to the {@code notify.requests} partitions it owns (the group's own
 * membership, re-divided on every rebalance), so that three dispatchers with four partitions each send at most a third
 * each.
 *
 * <p>A permit is one submit: a message of N SMS segments takes N. Permits are handed out in 100 ms slices, so the
 * effective rate is a multiple of 10 TPS and bursts are at most a tenth of a second's worth. A permit is
 * <em>reserved</em>, never waited for on a thread: {@link #reserveNanos(int)} says how long the caller must wait
 * before its send, and the caller schedules it.
 *
 * <p>Thread-safe.
 */
public final class AdaptiveRateLimit {

    private static final Logger LOG = LoggerFactory.getLogger(AdaptiveRateLimit.class);

    /** Without a configured limit, an adaptive limit above this many TPS is lifted. */
    public static final int UNLIMITED_ABOVE = 100_000;
    private static final Duration SLICE = Duration.ofMillis(100);
    /** How far ahead permits are reserved. */
    public static final Duration HORIZON = Duration.ofSeconds(1);
    /** How long a caller told that the horizon is booked waits before it asks again. */
    static final Duration ASK_AGAIN = Duration.ofMillis(250);
    private static final int SLICES_PER_SECOND = 10;
    private static final long WINDOW_MS = 1000;
    private static final double DECREASE = 0.7;
    private static final double INCREASE = 0.1;

    /** The configured limit, for the whole group; 0 for none. */
    private final int configuredTps;
    /** This process's share of {@link #configuredTps} (all of it until {@link #share} says otherwise). */
    private int maxTps;
    private final int minTps;
    private final int increaseTps;
    private final LongSupplier nowMs;
    private final RateLimiter limiter;

    private int limitTps;
    private long windowStartMs;
    private long acceptedInWindow;
    private long throttledInWindow;
    private long acceptedLastWindow;
    private long lastDecreaseMs = Long.MIN_VALUE / 2;
    private volatile boolean limited;
    private volatile int publishedTps;

    /**
     * @param maxTps the configured limit in submits per second; 0 for none until the gateway throttles
     * @param minTps the lowest the adaptive limit goes, at least 1
     * @param increaseTps the least the limit rises per second without throttling, at least 1
     * @param nowMs the clock, in ms (e.g. {@code System::currentTimeMillis})
     */
    public AdaptiveRateLimit(int maxTps, int minTps, int increaseTps, LongSupplier nowMs) {
        if (maxTps < 0 || minTps < 1 || increaseTps < 1) {
            throw new IllegalArgumentException("maxTps >= 0, minTps >= 1, increaseTps >= 1");
        }
        this.configuredTps = maxTps;
        this.maxTps = maxTps;
        this.minTps = maxTps == 0 ? minTps : Math.min(minTps, maxTps);
        this.increaseTps = increaseTps;
        this.nowMs = nowMs;
        this.windowStartMs = nowMs.getAsLong();
        this.limitTps = maxTps == 0 ? UNLIMITED_ABOVE : maxTps;
        this.limited = maxTps > 0;
        this.publishedTps = maxTps;
        this.limiter = RateLimiter.of("gateway", RateLimiterConfig.custom()
                .limitRefreshPeriod(SLICE)
                .limitForPeriod(perSlice(limitTps))
                .timeoutDuration(HORIZON)
                .build());
    }

    /**
     * Takes one permit.
     *
     * @return as {@link #reserveNanos(int)}
     */
    public long reserveNanos() {
        return reserveNanos(1);
    }

    /**
     * Takes permits for one message that the gateway counts as several submits: an SMS of N segments is N
     * {@code submit_sm} PDUs, each counted against the gateway account's TPS.
     *
     * @param permits the message's submits, at least 1 (more than a 100 ms slice holds waits over several slices)
     * @return how long the caller must wait before it sends, in ns, 0 to send now; or, when the limit is booked
     *     further than {@link #HORIZON} ahead, a negative number: nothing was reserved, and the caller asks again
     *     after that many ns (its absolute value)
     * @throws IllegalArgumentException if permits is below 1
     */
    public long reserveNanos(int permits) {
        return reserveNanos(permits, HORIZON);
    }

    /**
     * As {@link #reserveNanos(int)}, but reserves only while the limit is booked at most {@code horizon} ahead (a
     * lower priority lane's, so that it leaves the time beyond to the {@code high} lane).
     *
     * @param permits the message's submits, at least 1
     * @param horizon how far ahead permits may be reserved, at most {@link #HORIZON}
     * @return as {@link #reserveNanos(int)}; negative (ask again) also when more than {@code horizon} is booked
     * @throws IllegalArgumentException if permits is below 1
     */
    public long reserveNanos(int permits, Duration horizon) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1, not " + permits);
        }
        if (!limited) {
            return 0;
        }
        if (horizon.compareTo(HORIZON) < 0) {
            // A negative count is the permits reserved beyond the current slice: that many slices' worth is booked.
            int perSlice = Math.max(1, limiter.getRateLimiterConfig().getLimitForPeriod());
            long bookedSlices = -Math.min(0, limiter.getMetrics().getAvailablePermissions()) / perSlice;
            if (bookedSlices * SLICE.toNanos() >= horizon.toNanos()) {
                return -ASK_AGAIN.toNanos();
            }
        }
        long wait = limiter.reservePermission(permits);
        return wait >= 0 ? wait : -ASK_AGAIN.toNanos();
    }

    /** @return whether a limit applies now (configured, or set by throttling); without one a permit costs nothing */
    public boolean isLimited() {
        return limited;
    }

    /** Records an accepted message of one submit. */
    public void onAccepted() {
        onAccepted(1);
    }

    /**
     * Records an accepted message: its submits count towards the rate that a first throttling starts from.
     *
     * @param submits the PDUs the gateway took for it (an SMS's segments), at least 1
     */
    public void onAccepted(int submits) {
        synchronized (this) {
            roll();
            acceptedInWindow += Math.max(1, submits);
        }
    }

    /** Records a throttled submit: lowers the limit, at most once per second. */
    public void onThrottled() {
        int newLimit;
        synchronized (this) {
            roll();
            throttledInWindow++;
            long now = nowMs.getAsLong();
            if (now - lastDecreaseMs < WINDOW_MS) {
                return;
            }
            lastDecreaseMs = now;
            int from = limited ? limitTps : (int) Math.min(UNLIMITED_ABOVE, Math.max(acceptedLastWindow,
                    acceptedInWindow));
            newLimit = Math.max(minTps, (int) (from * DECREASE));
            if (maxTps > 0) {
                newLimit = Math.min(newLimit, maxTps); // a share below gateway.rate.min.tps stays the ceiling
            }
            apply(newLimit);
        }
        LOG.info("Gateway throttling: send rate limit lowered to {} TPS", newLimit);
    }

    /**
     * Takes this process's share of the configured limit: {@code configured × owned / total}, rounded, at least 1 TPS.
     * The limit in force follows at once (down, or up to the new share unless throttling holds it lower, from where it
     * rises as usual). Without a configured limit this does nothing.
     *
     * @param owned the {@code notify.requests} partitions this process owns, at least 0 (0 counts as 1, so that
     *     records of the retry topics still go)
     * @param total the partitions {@code notify.requests} has, at least 1
     * @return this process's share now, in TPS; 0 without a configured limit
     */
    public int share(int owned, int total) {
        if (total < 1 || owned < 0) {
            throw new IllegalArgumentException("owned >= 0 and total >= 1: " + owned + " of " + total);
        }
        if (configuredTps == 0) {
            return 0;
        }
        int share = (int) Math.max(1, Math.round(configuredTps * (double) Math.max(1, Math.min(owned, total)) / total));
        synchronized (this) {
            boolean atMax = limitTps >= maxTps;
            maxTps = share;
            if (atMax || limitTps > share) {
                apply(share);
            }
        }
        return share;
    }

    /** @return the current limit in TPS; 0 when there is none */
    public int limitTps() {
        synchronized (this) {
            roll();
        }
        return publishedTps;
    }

    private void roll() {
        long now = nowMs.getAsLong();
        while (now - windowStartMs >= WINDOW_MS) {
            boolean quiet = throttledInWindow == 0;
            acceptedLastWindow = acceptedInWindow;
            acceptedInWindow = 0;
            throttledInWindow = 0;
            windowStartMs += WINDOW_MS;
            if (now - windowStartMs >= WINDOW_MS) {
                // Skip whole idle windows in one step; each still counts as a quiet second.
                long idle = (now - windowStartMs) / WINDOW_MS;
                windowStartMs += idle * WINDOW_MS;
                acceptedLastWindow = 0;
                for (long i = 0; i < Math.min(idle, 1000) && limited; i++) {
                    increase();
                }
            }
            if (quiet && limited) {
                increase();
            }
        }
    }

    private void increase() {
        int step = Math.max(increaseTps, (int) (limitTps * INCREASE));
        long raised = (long) limitTps + step;
        if (maxTps > 0) {
            apply((int) Math.min(raised, maxTps));
        } else if (raised > UNLIMITED_ABOVE) {
            limitTps = UNLIMITED_ABOVE;
            limited = false;
            publishedTps = 0;
            LOG.info("Gateway send rate limit lifted");
        } else {
            apply((int) raised);
        }
    }

    private void apply(int tps) {
        if (tps == limitTps && limited) {
            return;
        }
        limitTps = tps;
        publishedTps = tps;
        limiter.changeLimitForPeriod(perSlice(tps));
        limited = true;
    }

    private static int perSlice(int tps) {
        return Math.max(1, Math.round(tps / (float) SLICES_PER_SECOND));
    }
}
