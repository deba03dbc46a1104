package io.herald.dispatcher.batch;

import io.herald.dispatcher.receive.ConsumedValue;
import io.herald.schema.HeraldHeaders;
import io.herald.schema.NotificationRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Spaces the requests of each batch that has a {@code maxRate} (messages per second for the whole dispatcher group):
 * this dispatcher gives them turns ("slots") at {@code maxRate × its share} per second, its share being the part of
 * {@code notify.requests} it owns ({@code GroupRateShare}), so that the group together keeps to the batch's rate. A
 * request whose slot is more than {@value #EARLY_MS} ms ahead waits in a delay topic until then, its slot in the header
 * {@value HeraldHeaders#RATE_SLOT}, so that it holds no sender thread, no in-flight place and no other batch's
 * messages back; when it comes back it is sent at its slot, without a new turn.
 *
 * <p>What it costs: a request that waits is written once more to Kafka (twice or more for a wait longer than a delay
 * tier's hold); slots are handed out per dispatcher, so after a rebalance two members may give turns to the same
 * batch for up to the waiting requests' slots at the old shares; a request may go up to {@value #EARLY_MS} ms before
 * its slot; requests that come back late together are let go one interval apart ({@link #paced}), waiting here, on a
 * timer, not on a thread. Each batch with a rate takes one entry here (about 100 bytes) until its last slot has passed
 * by {@value #IDLE_MS} ms.
 *
 * <p>Thread-safe.
 */
public final class BatchRates {

    /** How far ahead a slot may be for the request to be sent at once, in ms. */
    public static final long EARLY_MS = 100;
    /** How long after its last slot a batch's entry is kept, in ms. */
    static final long IDLE_MS = 60_000;

    /** No batch rates: every request is sent at once. */
    public static final BatchRates NONE = new BatchRates(Clock.systemUTC(), () -> 1.0, Runnable::run);

    private final Clock clock;
    private final DoubleSupplier share;
    /** Each rate-limited batch's turns here, in ms since the epoch (fractional: 10,000/s is 0.1 ms apart). */
    private final Map<String, Turns> turns = new HashMap<>();
    private final Executor waitOn;
    private double prunedAt;

    /**
     * A batch's turns on this dispatcher.
     *
     * @param next the next turn not yet given to a request
     * @param lastSent when the last request was let go to the gateway
     */
    private record Turns(double next, double lastSent) {
    }

    /**
     * @param clock the clock slots are taken on
     * @param share this dispatcher's part of the group's sending, above 0 and at most 1 (owned partitions of
     *     {@code notify.requests} / all of them, at least one partition's worth)
     * @param waitOn runs what follows a short wait before a send ({@link #paced}), e.g. the sender pool
     */
    public BatchRates(Clock clock, DoubleSupplier share, Executor waitOn) {
        this.clock = clock;
        this.share = share;
        this.waitOn = waitOn;
    }

    /**
     * The time a request may be sent: the slot in its {@value HeraldHeaders#RATE_SLOT} header if it has one; else, for
     * a request whose batch has a {@code maxRate}, the next slot of its batch (taken now); else 0 (at once).
     *
     * @param record a consumed request (not poison)
     * @return ms since the epoch; 0 or a time not after now to send at once
     */
    public long slotMs(ConsumerRecord<byte[], ConsumedValue> record) {
        Header slot = record.headers().lastHeader(HeraldHeaders.RATE_SLOT);
        if (slot != null) {
            try {
                return Long.parseLong(new String(slot.value(), StandardCharsets.UTF_8));
            } catch (NumberFormatException e) {
                return 0; // not written by a dispatcher: send, rather than wait for a time that cannot be read
            }
        }
        NotificationRequest request = record.value().request();
        Integer maxRate = request.getMaxRate();
        return maxRate == null || maxRate < 1 ? 0 : take(request.getBatchId(), maxRate);
    }

    /**
     * @param headers a waiting copy's headers
     * @param slotMs its slot, ms since the epoch
     */
    public static void mark(Headers headers, long slotMs) {
        headers.remove(HeraldHeaders.RATE_SLOT);
        headers.add(HeraldHeaders.RATE_SLOT, Long.toString(slotMs).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Paces the sends themselves: a request whose turn has come is let go to the gateway no sooner than one interval
     * ({@code 1 / (maxRate × share)} s) after the batch's previous one here. Turns are spaced already, so this waits
     * only for requests that came back from their delay topic late and together (the retry loop behind for a moment,
     * a restart), which would otherwise go out in a burst above the rate.
     *
     * @param record a request about to be sent
     * @return completes when it may be sent: at once (already complete) for a request without a {@code maxRate}
     */
    public CompletionStage<Void> paced(ConsumerRecord<byte[], ConsumedValue> record) {
        NotificationRequest request = record.value().request();
        Integer maxRate = request.getMaxRate();
        if (maxRate == null || maxRate < 1) {
            return CompletableFuture.completedFuture(null);
        }
        long waitMs = sendAfter(request.getBatchId(), maxRate);
        return waitMs <= 0 ? CompletableFuture.completedFuture(null) : CompletableFuture.runAsync(() -> { },
                CompletableFuture.delayedExecutor(waitMs, TimeUnit.MILLISECONDS, waitOn));
    }

    /** @return how many batches have an entry (for tests and the stats) */
    public synchronized int batches() {
        return turns.size();
    }

    private double interval(int maxRate) {
        return 1000.0 / (maxRate * Math.min(1.0, Math.max(share.getAsDouble(), Double.MIN_NORMAL)));
    }

    private synchronized long take(String batchId, int maxRate) {
        double now = clock.millis();
        Turns batch = turns.getOrDefault(batchId, new Turns(now, Double.NEGATIVE_INFINITY));
        double slot = Math.max(now, batch.next());
        turns.put(batchId, new Turns(slot + interval(maxRate), batch.lastSent()));
        if (now - prunedAt >= 1000) {
            prunedAt = now;
            forgetIdle(now);
        }
        return (long) Math.ceil(slot);
    }

    /** @return ms to wait before this send of the batch, 0 to send now */
    private synchronized long sendAfter(String batchId, int maxRate) {
        double now = clock.millis();
        Turns batch = turns.getOrDefault(batchId, new Turns(now, Double.NEGATIVE_INFINITY));
        double at = Math.max(now, batch.lastSent() + interval(maxRate));
        turns.put(batchId, new Turns(batch.next(), at));
        return (long) Math.ceil(at - now);
    }

    private void forgetIdle(double now) {
        turns.values().removeIf(batch -> Math.max(batch.next(), batch.lastSent()) < now - IDLE_MS);
    }
}
