package io.herald.harness.chaos;

import io.herald.ingest.api.BatchControlAnswer;
import io.herald.ingest.client.IngestClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;

/**
 * {@code pause-resume-kill}: at a random point of 20–60 % of the batch, pause every batch of it
 * ({@code POST /v1/batches/{id}/pause}), wait {@value #PAUSED_BEFORE_KILL_MS} ms, {@code kill -9} one dispatcher (drawn
 * from {@code --seed}) and start it again, wait {@value #PAUSED_AFTER_RESTART_MS} ms, then resume every batch.
 *
 * <p>Expected: nothing lost; duplicates at most {@code max.in.flight} (one kill); {@code lateAfterPause=0}: no message
 * of the batch reached the simulator later than {@value #STOP_WITHIN_MS} ms after the last pause was answered and
 * before the first resume (the simulator's {@code receivedAt}, on this machine's clock); {@code misordered=0}. The
 * details also give {@code notSentAtPause}, the messages the status view counted without a status when paused.
 */
final class PauseResumeKillScenario implements ChaosScenario {

    static final String NAME = "pause-resume-kill";

    /** How long after its pause's answer a batch may still reach the SMSC, in ms (what Herald promises). */
    static final long STOP_WITHIN_MS = 2000;
    /** How long the batch is paused before the kill, in ms. */
    static final long PAUSED_BEFORE_KILL_MS = 3000;
    /** How long it stays paused once the killed dispatcher is back, in ms. */
    static final long PAUSED_AFTER_RESTART_MS = 3000;

    private volatile long pausedAtMs = -1;
    private volatile long resumedAtMs = -1;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void inject(FaultContext context) throws InterruptedException {
        context.note("kills", 0);
        context.note("duplicateLimit", 0);
        double point = 0.20 + 0.40 * context.random().nextDouble();
        long received = context.awaitStrikePoint(point);
        if (received < 0) {
            return;
        }
        ChaosStack stack = context.stack();
        IngestClient ingest = IngestClient.create(URI.create(stack.ingestUrl()), stack.ingestApiKey(),
                Duration.ofSeconds(30));
        Set<String> batches = context.batchIds();
        long notSent = 0;
        for (String batchId : batches) {
            BatchControlAnswer answer = ingest.pause(batchId);
            notSent += answer.notSent() == null ? 0 : answer.notSent();
        }
        pausedAtMs = System.currentTimeMillis();
        context.note("notSentAtPause", notSent);
        context.info().printf(Locale.ROOT, "chaos: scenario=%s: paused %d batch(es) at %d received (%.0f %%), %d not"
                + " sent%n", NAME, batches.size(), received, point * 100, notSent);
        Thread.sleep(PAUSED_BEFORE_KILL_MS);
        int victim = context.random().nextInt(stack.dispatcherCount());
        long killedAt = System.nanoTime();
        stack.killDispatcher(victim);
        context.note("kills", 1);
        context.note("duplicateLimit", context.settings().maxInFlight());
        stack.restartDispatcher(victim);
        context.info().printf(Locale.ROOT, "chaos: scenario=%s: kill -9 dispatcher-%d while paused; back %.1f s"
                + " after its kill%n", NAME, victim + 1, (System.nanoTime() - killedAt) / 1e9);
        Thread.sleep(PAUSED_AFTER_RESTART_MS);
        resumedAtMs = System.currentTimeMillis();
        for (String batchId : batches) {
            ingest.resume(batchId);
        }
        context.info().printf(Locale.ROOT, "chaos: scenario=%s: resumed after %.1f s paused%n", NAME,
                (resumedAtMs - pausedAtMs) / 1000.0);
    }

    @Override
    public void finish(FaultContext context) {
        if (pausedAtMs < 0 || resumedAtMs < 0) {
            context.note("lateAfterPause", "n/a");
            return;
        }
        long late = 0;
        for (Arrival arrival : context.arrivals()) {
            long at = epochMs(arrival.receivedAt());
            if (at > pausedAtMs + STOP_WITHIN_MS && at < resumedAtMs) {
                late++;
            }
        }
        context.note("lateAfterPause", late);
    }

    private static long epochMs(String receivedAt) {
        try {
            return receivedAt == null ? -1 : Instant.parse(receivedAt).toEpochMilli();
        } catch (DateTimeParseException e) {
            return -1;
        }
    }
}
