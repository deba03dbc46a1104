package io.herald.smsc.smpp;

import java.util.Random;

/**
 * Decides which submit_sm get ESME_RTHROTTLED or ESME_RSYSERR at random, drawing from a seeded random source so that a
 * run can be repeated.
 */
final class ErrorInjector {

    private final double errorRate;
    private final double throttleRate;
    private final Random random;

    /**
     * @param errorRate    fraction 0.0–1.0 of submit_sm to fail with ESME_RSYSERR
     * @param throttleRate fraction 0.0–1.0 of submit_sm to answer ESME_RTHROTTLED
     * @param seed         seed of the random source
     */
    ErrorInjector(double errorRate, double throttleRate, long seed) {
        this.errorRate = errorRate;
        this.throttleRate = throttleRate;
        this.random = new Random(seed);
    }

    /** @return whether this submit_sm should be answered ESME_RTHROTTLED */
    boolean shouldThrottle() {
        return throttleRate > 0.0 && random.nextDouble() < throttleRate;
    }

    /** @return whether this submit_sm should fail */
    boolean shouldFail() {
        return errorRate > 0.0 && random.nextDouble() < errorRate;
    }
}
