package io.herald.smsc.smpp;

import java.util.Random;

/** Decides which submit_sm get ESME_RSYSERR, drawing from a seeded random source so that a run can be repeated. */
final class ErrorInjector {

    private final double errorRate;
    private final Random random;

    /**
     * @param errorRate fraction 0.0–1.0 of submit_sm to fail
     * @param seed      seed of the random source
     */
    ErrorInjector(double errorRate, long seed) {
        this.errorRate = errorRate;
        this.random = new Random(seed);
    }

    /** @return whether this submit_sm should fail */
    boolean shouldFail() {
        return errorRate > 0.0 && random.nextDouble() < errorRate;
    }
}
