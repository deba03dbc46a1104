package io.herald.cli.chaos;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * {@code dispatcher-kill}: {@code kill -9} one of the dispatchers at random points of the batch, {@code --kills}
 * times, starting it again (same properties file, same group) after each kill. The points are fractions of the
 * accepted messages received by the simulator, drawn uniformly from 10–85 % and sorted; the victim is drawn among
 * all dispatchers; both come from {@code --seed}. One dispatcher is down at a time: the next kill waits until the
 * previous victim is healthy again, until sending resumed for the partitions it owned (at most
 * {@value #RESUME_WAIT_MS} ms), and until at least one message arrived since the previous kill, so that every kill
 * strikes a group that is sending and each kill's resume time is its own. A batch that ends before every point was
 * reached reports fewer {@code kills}: slow the SMSC ({@code --smsc-latency}) or raise {@code --count} to fit them.
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
    /** Longest wait before the next kill for the previous one's partitions to resume, in ms. */
    static final long RESUME_WAIT_MS = 120_000;

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
        Map<Integer, Long> committedAtLastKill = Map.of();
        for (double point : points) {
            if (!killed.isEmpty()) {
                awaitResumed(context, committedAtLastKill, killed.get(killed.size() - 1).partitions());
            }
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
            committedAtLastKill = stack.committedRequestOffsets();
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

    /**
     * Waits until the group committed a higher offset on one of a kill's partitions than when it struck (sending
     * resumed for them), at most {@value #RESUME_WAIT_MS} ms, or until the batch is all received: so that the next
     * kill cannot strike those partitions before they resumed, and each kill's resume time is its own. Committed
     * offsets, not the simulator's messages, because reading 20,000 messages each second would load the machine whose
     * recovery is measured.
     */
    private static void awaitResumed(FaultContext context, Map<Integer, Long> committedAtKill, Set<Integer> partitions)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RESUME_WAIT_MS);
        while (System.nanoTime() < deadline && !partitions.isEmpty()) {
            long received = context.awaitReceived(0);
            int accepted = context.acceptedPartitions().size();
            if (received < 0 || accepted > 0 && received >= accepted) {
                return;
            }
            Map<Integer, Long> now = context.stack().committedRequestOffsets();
            for (int partition : partitions) {
                if (now.getOrDefault(partition, -1L) > committedAtKill.getOrDefault(partition, -1L)) {
                    return;
                }
            }
            Thread.sleep(1_000); // each read is a new admin client: not more often on a machine under test
        }
    }

    @Override
    public void finish(FaultContext context) {
        List<OptionalLong> resumes = ResumeTimes.measure(killed, context.stack().smsc().messages(null),
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
