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
 * A permit is one submit: a message of N SMS segments takes N. Permits are handed out in 100 ms slices, so the
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
    private static final int SLICES_PER_SECOND = 10;
    private static final long WINDOW_MS = 1000;
    private static final double DECREASE = 0.7;
    private static final double INCREASE = 0.1;

    private final int maxTps;
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
                .timeoutDuration(Duration.ofDays(1))
                .build());
    }

    /**
     * Takes one permit.
     *
     * @return how long the caller must wait before it sends, in ns; 0 to send now
     */
    public long reserveNanos() {
        return reserveNanos(1);
    }

    /**
     * Takes permits for one message that the gateway counts as several submits: an SMS of N segments is N
     * {@code submit_sm} PDUs, each counted against the gateway account's TPS.
     *
     * @param permits the message's submits, at least 1 (more than a 100 ms slice holds waits over several slices)
     * @return how long the caller must wait before it sends, in ns; 0 to send now
     * @throws IllegalArgumentException if permits is below 1
     */
    public long reserveNanos(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1, not " + permits);
        }
        if (!limited) {
            return 0;
        }
        return Math.max(0, limiter.reservePermission(permits));
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
            apply(newLimit);
        }
        LOG.info("Gateway throttling: send rate limit lowered to {} TPS", newLimit);
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
