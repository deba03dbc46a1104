package io.herald.cli.chaos;

import java.util.Arrays;
import java.util.Locale;

/**
 * {@code dispatcher-kill}: {@code kill -9} one of the dispatchers at random points of the batch, {@code --kills}
 * times, starting it again (same properties file, same group) after each kill. The points are fractions of the
 * accepted messages received by the simulator, drawn uniformly from 10–85 % and sorted; the victim is drawn among
 * all dispatchers; both come from {@code --seed}. One dispatcher is down at a time: the next kill waits until the
 * previous victim is healthy again, and until at least one message arrived since the previous kill, so that every kill
 * strikes a group that is sending. A batch that ends before every point was reached reports fewer {@code kills}:
 * slow the SMSC ({@code --smsc-latency}) or raise {@code --count} to fit them.
 *
 * <p>Expected: nothing lost; duplicates at most {@code kills × max.in.flight}, since a killed dispatcher can only
 * resend what it had consumed and not yet committed.
 */
final class DispatcherKillScenario implements ChaosScenario {

    static final String NAME = "dispatcher-kill";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void inject(FaultContext context) throws InterruptedException {
        ChaosStack stack = context.stack();
        int planned = context.settings().kills();
        double[] points = new double[planned];
        for (int i = 0; i < planned; i++) {
            points[i] = 0.10 + 0.75 * context.random().nextDouble();
        }
        Arrays.sort(points);
        int kills = 0;
        context.note("kills", 0);
        context.note("maxInFlight", context.settings().maxInFlight());
        context.note("duplicateLimit", 0);
        if (!context.awaitSubmitted()) {
            return;
        }
        long lastKillAt = -1;
        for (double point : points) {
            long received = context.awaitReceived(point);
            while (received >= 0 && received <= lastKillAt) {
                Thread.sleep(100); // strike while messages flow, not twice in one stall
                received = context.awaitReceived(point);
            }
            if (received < 0) {
                break;
            }
            lastKillAt = received;
            int victim = context.random().nextInt(stack.dispatcherCount());
            long killedAt = System.nanoTime();
            stack.killDispatcher(victim);
            kills++;
            context.info().printf(Locale.ROOT, "chaos: scenario=%s: kill -9 dispatcher-%d at %d received (%.0f %%)%n",
                    NAME, victim + 1, received, point * 100);
            context.note("kills", kills);
            context.note("duplicateLimit", (long) kills * context.settings().maxInFlight());
            stack.restartDispatcher(victim);
            context.info().printf(Locale.ROOT, "chaos: scenario=%s: dispatcher-%d back %.1f s after its kill%n",
                    NAME, victim + 1, (System.nanoTime() - killedAt) / 1e9);
        }
    }
}
