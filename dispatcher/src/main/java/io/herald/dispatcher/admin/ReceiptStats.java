package io.herald.dispatcher.admin;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Counters of delivery receipts (DLRs) in one dispatcher process, for {@code GET /stats} under {@code receipts}.
 * Incremented from SMPP and Kafka Streams threads.
 */
public final class ReceiptStats {

    private final LongAdder received = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder mobileOriginated = new LongAdder();
    private final LongAdder storeFailed = new LongAdder();
    private final LongAdder moStop = new LongAdder();
    private final LongAdder moStopUnresolved = new LongAdder();
    private final LongAdder matched = new LongAdder();
    private final LongAdder unmatched = new LongAdder();
    private final LongAdder finalStates = new LongAdder();
    private volatile Supplier<String> correlatorState = () -> "OFF";
    private volatile Consumer<String> onFinalState = state -> { };

    /** @param state gives the receipt correlator's Kafka Streams state, e.g. RUNNING */
    public void setCorrelatorState(Supplier<String> state) {
        this.correlatorState = state;
    }

    /** @return the receipt correlator's Kafka Streams state, or OFF when receipts are disabled */
    public String correlatorState() {
        return correlatorState.get();
    }

    /** Counts a receipt written to notify.receipts (and then acknowledged to the SMSC). */
    public void recordReceived() {
        received.increment();
    }

    /** Counts a deliver_sm marked as a receipt that names no message id or no known state: acknowledged, dropped. */
    public void recordMalformed() {
        malformed.increment();
    }

    /** Counts a deliver_sm that is not a receipt (a mobile-originated message). */
    public void recordMobileOriginated() {
        mobileOriginated.increment();
    }

    /** Counts a mobile-originated STOP whose sender was written to notify.suppressions (then acknowledged). */
    public void recordMoStop() {
        moStop.increment();
    }

    /**
     * Counts a mobile-originated STOP whose sender address could not be turned into E.164 (its TON is neither
     * international nor unknown with a leading +): acknowledged, not written.
     */
    public void recordMoStopUnresolved() {
        moStopUnresolved.increment();
    }

    public long moStop() {
        return moStop.sum();
    }

    public long moStopUnresolved() {
        return moStopUnresolved.sum();
    }

    /** Counts a receipt that could not be written to Kafka: answered with ESME_RSYSERR, so the SMSC sends it again. */
    public void recordStoreFailed() {
        storeFailed.increment();
    }

    /** Counts a receipt matched to the message part it is for. */
    public void recordMatched() {
        matched.increment();
    }

    /** Counts a receipt that matched no known message within receipts.unmatched.timeout.ms: logged and dropped. */
    public void recordUnmatched() {
        unmatched.increment();
    }

    /**
     * Counts a final state written to notify.status.
     *
     * @param state DELIVERED, UNDELIVERED, EXPIRED or REJECTED
     */
    public void recordFinalState(String state) {
        finalStates.increment();
        onFinalState.accept(state);
    }

    /** @param listener told each final state counted (the Prometheus counter); replaces the one before */
    void onFinalState(Consumer<String> listener) {
        this.onFinalState = listener;
    }

    public long received() {
        return received.sum();
    }

    public long malformed() {
        return malformed.sum();
    }

    public long mobileOriginated() {
        return mobileOriginated.sum();
    }

    public long storeFailed() {
        return storeFailed.sum();
    }

    /** @return receipts matched by this process's share of the correlator's partitions */
    public long matched() {
        return matched.sum();
    }

    /** @return receipts given up as unmatched by this process's share of the correlator's partitions */
    public long unmatched() {
        return unmatched.sum();
    }

    /** @return final states written by this process's share of the correlator's partitions */
    public long finalStates() {
        return finalStates.sum();
    }
}
