package io.herald.dispatcher.admin;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Counters and gauges of one dispatcher process, for {@code GET /stats}, {@code GET /health} and, through
 * {@link #metrics()}, {@code GET /metrics}. Counters are incremented from any thread; gauges are set by the poll
 * thread.
 */
public final class DispatcherStats {

    private final LongAdder consumed = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder expired = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder poison = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder retryScheduled = new LongAdder();
    private final LongAdder delayed = new LongAdder();
    private final LongAdder ledgerSkipped = new LongAdder();
    private final LongAdder throttled = new LongAdder();
    private final LongAdder gatewayWaits = new LongAdder();
    private final LongAdder suppressed = new LongAdder();
    private final LongAdder cancelled = new LongAdder();
    private final LongAdder heldForPause = new LongAdder();
    private volatile IntSupplier suppressionEntries = () -> 0;
    private volatile Supplier<String> suppressionListState = () -> "OFF";
    private final ReceiptStats receipts = new ReceiptStats();
    private final DispatcherMetrics metrics = new DispatcherMetrics(this);
    private final Map<String, LoopStats> loops = new ConcurrentSkipListMap<>();
    private volatile List<GatewayGauges> gateways = List.of();

    public void recordConsumed(int count) {
        consumed.add(count);
    }

    public void recordSent() {
        sent.increment();
    }

    public void recordFailed() {
        failed.increment();
    }

    public void recordExpired() {
        expired.increment();
    }

    public void recordDeadLettered() {
        deadLettered.increment();
    }

    public void recordPoison() {
        poison.increment();
    }

    /** @param count attempts beyond the first */
    public void recordRetries(int count) {
        retries.add(count);
    }

    /** @return the delivery receipt counters */
    public ReceiptStats receipts() {
        return receipts;
    }

    /** Counts a request not sent because its recipient is on the suppression list (SUPPRESSED status). */
    public void recordSuppressed() {
        suppressed.increment();
    }

    /** @return requests not sent because their recipient is on the suppression list */
    public long suppressed() {
        return suppressed.sum();
    }

    /** Counts a request not sent because its batch was cancelled (CANCELLED status). */
    public void recordCancelled() {
        cancelled.increment();
    }

    /** @return requests not sent because their batch was cancelled */
    public long cancelled() {
        return cancelled.sum();
    }

    /** Counts a request moved to {@code notify.requests.held} because its batch is (or was) paused. */
    public void recordHeldForPause() {
        heldForPause.increment();
    }

    /** @return requests moved to {@code notify.requests.held} */
    public long heldForPause() {
        return heldForPause.sum();
    }

    /**
     * @param entries gives the number of recipients on the in-memory suppression list
     * @param state gives the list's state: OFF, LOADING or LOADED
     */
    public void setSuppressionGauges(IntSupplier entries, Supplier<String> state) {
        this.suppressionEntries = entries;
        this.suppressionListState = state;
    }

    /** @return the number of recipients on the in-memory suppression list; 0 when it is off */
    public int suppressionEntries() {
        return suppressionEntries.getAsInt();
    }

    /** @return OFF ({@code suppression.enabled=false}), LOADING (not yet read to its end offsets) or LOADED */
    public String suppressionListState() {
        return suppressionListState.get();
    }

    /** Counts a message handed to a retry topic. */
    public void recordRetryScheduled() {
        retryScheduled.increment();
    }

    /** Counts a record completed without a send because the sent ledger showed it was already accepted. */
    public void recordLedgerSkipped() {
        ledgerSkipped.increment();
    }

    /** Counts a submit the gateway throttled ({@code ESME_RTHROTTLED}, {@code ESME_RMSGQFUL}). */
    public void recordThrottled() {
        throttled.increment();
    }

    /** Counts a message that had to wait for an unavailable gateway (open circuit, no bound session). */
    public void recordGatewayWait() {
        gatewayWaits.increment();
    }

    /**
     * The gauges of one gateway, for {@code /stats}' {@code gateways}.
     *
     * @param name the gateway's name ({@code gateways}, or the type's name when there is one gateway)
     * @param channel SMS or EMAIL
     * @param circuit the circuit's state: CLOSED, OPEN or HALF_OPEN
     * @param rateLimitTps the current send rate limit in TPS, 0 for none
     * @param available whether the gateway can take messages now (SMPP: a session is bound)
     */
    public record GatewayGauges(String name, String channel, Supplier<String> circuit, IntSupplier rateLimitTps,
                                BooleanSupplier available) {
    }

    /** @param gateways every gateway of this process, in configured order */
    public void setGateways(List<GatewayGauges> gateways) {
        this.gateways = List.copyOf(gateways);
        metrics.bindGateways(this.gateways);
    }

    /** @return every gateway's gauges, in configured order; empty until set */
    public List<GatewayGauges> gateways() {
        return gateways;
    }


    public long consumed() {
        return consumed.sum();
    }

    public long sent() {
        return sent.sum();
    }

    public long failed() {
        return failed.sum();
    }

    public long expired() {
        return expired.sum();
    }

    public long deadLettered() {
        return deadLettered.sum();
    }

    public long poison() {
        return poison.sum();
    }

    public long retries() {
        return retries.sum();
    }

    /** @return messages handed to a retry topic */
    public long retryScheduled() {
        return retryScheduled.sum();
    }

    /** Counts a record handed to a delay topic because its notBefore was still ahead. */
    public void recordDelayed() {
        delayed.increment();
    }

    /** @return records handed to a delay topic (a scheduled message counts once per tier it passes through) */
    public long delayed() {
        return delayed.sum();
    }

    /** @return records completed without a send because the sent ledger had them: duplicates avoided */
    public long ledgerSkipped() {
        return ledgerSkipped.sum();
    }

    public long throttled() {
        return throttled.sum();
    }

    public long gatewayWaits() {
        return gatewayWaits.sum();
    }



    /**
     * The gauges of a poll loop, created on first use.
     *
     * @param name the loop's name, e.g. {@code requests} or {@code retry}
     * @return its gauges
     */
    public LoopStats loop(String name) {
        return loops.computeIfAbsent(name, n -> {
            LoopStats loop = new LoopStats();
            metrics.bindLoop(n, loop);
            return loop;
        });
    }

    /** @return the Prometheus metrics of this process, fed by these counters and gauges */
    public DispatcherMetrics metrics() {
        return metrics;
    }

    /** @return every loop's gauges by name, sorted */
    public Map<String, LoopStats> loops() {
        return new TreeMap<>(loops);
    }

    /**
     * @return {@link System#nanoTime()} of the last poll of the loop that polled least recently, 0 if a loop has not
     *     polled yet or none exists: a health check on it fails when any loop stalls
     */
    public long lastPollNanos() {
        long oldest = Long.MAX_VALUE;
        for (LoopStats loop : loops.values()) {
            long last = loop.lastPollNanos();
            if (last == 0) {
                return 0;
            }
            oldest = Math.min(oldest, last);
        }
        return loops.isEmpty() ? 0 : oldest;
    }

    /** @return records in flight over every loop */
    public int inFlight() {
        return loops.values().stream().mapToInt(LoopStats::inFlight).sum();
    }

    /** @return true while any loop has every assigned partition paused */
    public boolean paused() {
        return loops.values().stream().anyMatch(LoopStats::paused);
    }

    /** @return partition name ({@code topic-partition}) to last committed offset, over every loop, sorted by name */
    public Map<String, Long> committed() {
        Map<String, Long> all = new TreeMap<>();
        loops.values().forEach(loop -> all.putAll(loop.committed()));
        return all;
    }
}
