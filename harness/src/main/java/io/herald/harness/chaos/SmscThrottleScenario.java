package io.herald.harness.chaos;

import io.herald.local.SmscStats;
import java.util.Locale;

/**
 * {@code smsc-throttle}: the whole batch runs against a simulator restarted to answer {@code ESME_RTHROTTLED} (0x58).
 * By default it gets {@code --max-tps} (from {@code --throttle-tps}) and no latency: every {@code submit_sm} above
 * the cap is throttled, a share that depends on how fast the dispatchers push. With {@code --throttle-rate FRACTION}
 * above 0 it gets the simulator's {@code --throttle-rate} instead: that fraction of {@code submit_sm} is throttled at
 * random, whatever the rate. The result reports the share as {@code throttledPercent} (throttled / submit_sm).
 *
 * <p>Expected: nothing lost and nothing on the DLQ: throttling is transient, and the dispatchers must slow down to
 * the cap instead of dead-lettering.
 */
final class SmscThrottleScenario implements ChaosScenario {

    static final String NAME = "smsc-throttle";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void prepare(ChaosStack stack) {
        stack.restartSmsc(stack.settings().throttleTps(), stack.settings().throttleRate());
    }

    @Override
    public void inject(FaultContext context) {
        if (context.settings().throttleRate() > 0) {
            context.note("throttleRate", context.settings().throttleRate());
        } else {
            context.note("maxTps", context.settings().throttleTps());
        }
    }

    @Override
    public void finish(FaultContext context) {
        SmscStats stats = context.stack().smsc().stats();
        context.note("submitSm", stats.submitSm());
        context.note("throttled", stats.throttled());
        context.note("throttledPercent", String.format(Locale.ROOT, "%.1f",
                stats.submitSm() == 0 ? 0.0 : 100.0 * stats.throttled() / stats.submitSm()));
    }

    @Override
    public void restore(ChaosStack stack) {
        stack.restartSmsc(0);
    }
}
