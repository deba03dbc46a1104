package io.herald.harness.chaos;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

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
 *
 * <p>It also measures how long each kill stopped sending for the victim's partitions ({@link ResumeTimes}): the
 * partitions the group coordinator had assigned to the victim are read just before the kill, and once the batch
 * settled, the first message of those partitions the simulator received after the kill gives that kill's resume
 * time. Details {@code resume} (the longest, e.g. {@code 6.2s}) and {@code resumes} (each kill's, in order).
 */
final class DispatcherKillScenario implements ChaosScenario {

    static final String NAME = "dispatcher-kill";

    @Override
    public String name() {
        return NAME;
    }

    private final List<ResumeTimes.Kill> killed = new CopyOnWriteArrayList<>();

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
            Set<Integer> owned = stack.requestPartitions(victim);
            long killedAt = System.nanoTime();
            long killedAtMs = System.currentTimeMillis();
            stack.killDispatcher(victim);
            killed.add(new ResumeTimes.Kill("dispatcher-" + (victim + 1), killedAtMs, System.currentTimeMillis(),
                    owned));
            kills++;
            context.info().printf(Locale.ROOT, "chaos: scenario=%s: kill -9 dispatcher-%d at %d received (%.0f %%),"
                    + " owning partitions %s%n", NAME, victim + 1, received, point * 100, owned);
            context.note("kills", kills);
            context.note("duplicateLimit", (long) kills * context.settings().maxInFlight());
            stack.restartDispatcher(victim);
            context.info().printf(Locale.ROOT, "chaos: scenario=%s: dispatcher-%d back %.1f s after its kill%n",
                    NAME, victim + 1, (System.nanoTime() - killedAt) / 1e9);
        }
    }

    @Override
    public void finish(FaultContext context) {
        List<OptionalLong> resumes = ResumeTimes.measure(killed, context.arrivals(),
                context.acceptedPartitions());
        List<String> each = new ArrayList<>();
        long longest = -1;
        for (int i = 0; i < resumes.size(); i++) {
            OptionalLong resume = resumes.get(i);
            ResumeTimes.Kill kill = killed.get(i);
            each.add(resume.isPresent() ? seconds(resume.getAsLong()) : "n/a");
            longest = Math.max(longest, resume.orElse(-1));
            context.info().printf(Locale.ROOT, "chaos: scenario=%s: kill %d (%s, partitions %s): sending resumed"
                    + " for them %s after the kill%n", NAME, i + 1, kill.victim(), kill.partitions(),
                    resume.isPresent() ? seconds(resume.getAsLong()) : "never (no later message of them)");
        }
        context.note("resume", longest < 0 ? "n/a" : seconds(longest));
        context.note("resumes", each.isEmpty() ? "n/a" : String.join(",", each));
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }
}
