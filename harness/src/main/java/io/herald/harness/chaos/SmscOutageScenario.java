package io.herald.harness.chaos;

import java.util.Locale;

/**
 * {@code smsc-outage}: once the simulator received 30 % of the batch, stop it (SIGTERM: it unbinds every session and
 * closes its listeners) for {@code --outage}, then start it again on the same SMPP and HTTP ports.
 *
 * <p>Expected: nothing lost and nothing on the DLQ: an SMSC that is down is a transient condition, so the dispatchers
 * must hold the records (circuit open, partitions paused) rather than burn their retries and dead-letter them.
 */
final class SmscOutageScenario implements ChaosScenario {

    static final String NAME = "smsc-outage";
    private static final double STRIKE_AT = 0.30;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void inject(FaultContext context) throws InterruptedException {
        long received = context.awaitStrikePoint(STRIKE_AT);
        if (received < 0) {
            return;
        }
        ChaosStack stack = context.stack();
        long outageMs = context.settings().outage().toMillis();
        long waitsBefore = stack.dispatcherCounter("gatewayWaits");
        stack.stopSmsc(context.receptions());
        context.info().printf(Locale.ROOT, "chaos: scenario=%s: SMSC simulator stopped at %d received, for %d s%n",
                NAME, received, outageMs / 1000);
        Thread.sleep(outageMs);
        // Records that met the open circuit and waited for the gateway instead of burning an attempt.
        context.note("gatewayWaits", stack.dispatcherCounter("gatewayWaits") - waitsBefore);
        long t0 = System.nanoTime();
        stack.startSmsc(0);
        context.info().printf(Locale.ROOT, "chaos: scenario=%s: SMSC simulator back on port %d in %.1f s%n", NAME,
                stack.smsc().smppPort(), (System.nanoTime() - t0) / 1e9);
        context.note("outageSeconds", outageMs / 1000);
    }
}
