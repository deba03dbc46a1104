package io.herald.smsc.smpp;

import io.herald.smsc.SmscSimulatorConfig;
import io.herald.smsc.store.SmscCounters;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.session.SMPPServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends SMSC delivery receipts (SMPP 3.4 §4.6.1 deliver_sm with esm_class 0x04, Appendix B text, plus the
 * receipted_message_id and message_state TLVs of §5.3.2.12 and §5.3.2.35). A receipt is registered while its submit_sm
 * is handled and sent {@code dlrDelayMs} after the submit_sm_resp has been written, so that the ESME never sees a
 * receipt before the response it refers to. A receipt the ESME does not acknowledge is sent again, as an SMSC does. A
 * receipt waits for its deliver_sm_resp on its own worker, not on the scheduler that writes responses.
 */
final class DeliveryReceipts {

    /** message_state DELIVERED, SMPP 3.4 §5.2.28. */
    static final byte MESSAGE_STATE_DELIVERED = 2;
    /** message_state UNDELIVERABLE, SMPP 3.4 §5.2.28. */
    static final byte MESSAGE_STATE_UNDELIVERABLE = 5;
    /** Delay between attempts at a receipt that was not acknowledged, in ms. */
    static final long RETRY_DELAY_MS = 1000;
    /** Attempts at one receipt before it is given up (counted as failed). */
    static final int MAX_ATTEMPTS = 60;
    /** esm_class "SMSC Delivery Receipt", SMPP 3.4 §5.2.12. */
    static final int ESM_CLASS_SMSC_DELIVERY_RECEIPT = 0x04;

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryReceipts.class);

    private final Map<String, ReceiptRequest> awaitingResponse = new ConcurrentHashMap<>();
    private final long dlrDelayMs;
    private final Outcomes outcomes;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService senders;
    private final SessionRegistry sessions;
    private final SmscCounters counters;
    private final Clock clock;

    DeliveryReceipts(long dlrDelayMs, Outcomes outcomes, ScheduledExecutorService scheduler, ExecutorService senders,
                     SessionRegistry sessions, SmscCounters counters, Clock clock) {
        this.dlrDelayMs = dlrDelayMs;
        this.outcomes = outcomes;
        this.scheduler = scheduler;
        this.senders = senders;
        this.sessions = sessions;
        this.counters = counters;
        this.clock = clock;
    }

    /** Registers a receipt, to be sent once the submit_sm_resp carrying {@code request.smscMessageId()} is written. */
    void expect(ReceiptRequest request) {
        awaitingResponse.put(request.smscMessageId(), request);
    }

    /** The submit_sm_resp with this message_id is on the wire: schedules its receipt, if one was asked for. */
    void onSubmitSmRespWritten(String smscMessageId) {
        ReceiptRequest request = awaitingResponse.remove(smscMessageId);
        if (request == null) {
            return;
        }
        try {
            if (dlrDelayMs == 0) {
                senders.execute(() -> send(request));
            } else {
                scheduler.schedule(() -> handOver(request), dlrDelayMs, TimeUnit.MILLISECONDS);
            }
        } catch (RejectedExecutionException shuttingDown) {
            counters.receiptFailed();
        }
    }

    /** The submit_sm_resp with this message_id could not be written: its receipt is dropped. */
    void onSubmitSmRespFailed(String smscMessageId) {
        if (awaitingResponse.remove(smscMessageId) != null) {
            counters.receiptFailed();
        }
    }

    /** Forgets receipts still waiting for their response. */
    void clear() {
        awaitingResponse.clear();
    }

    private void handOver(ReceiptRequest request) {
        handOver(() -> send(request));
    }

    private void handOver(Runnable task) {
        try {
            senders.execute(task);
        } catch (RejectedExecutionException shuttingDown) {
            counters.receiptFailed();
        }
    }

    private void send(ReceiptRequest request) {
        boolean delivered = outcomes.delivered();
        send(new Attempt(request, delivered, outcomes.receiptId(request.smscMessageId()), clock.instant(), 1));
    }

    private void send(Attempt attempt) {
        ReceiptRequest request = attempt.request();
        Optional<SMPPServerSession> target = sessions.receiverFor(request.session());
        if (target.isEmpty()) {
            retryLater(attempt, "no receiver bound");
            return;
        }
        String text = attempt.delivered()
                ? DeliveryReceiptText.delivered(attempt.id(), request.submitDate(), attempt.doneDate(), request.text())
                : DeliveryReceiptText.undelivered(attempt.id(), request.submitDate(), attempt.doneDate(),
                        request.text());
        try {
            target.get().deliverShortMessage("", ton(request.recipientTon()), npi(request.recipientNpi()),
                    request.recipient(), ton(request.senderTon()), npi(request.senderNpi()), request.sender(),
                    new ESMClass(ESM_CLASS_SMSC_DELIVERY_RECEIPT), (byte) 0, (byte) 0, new RegisteredDelivery(0),
                    DataCodings.ZERO, text.getBytes(StandardCharsets.US_ASCII),
                    new OptionalParameter.Receipted_message_id(attempt.id()),
                    new OptionalParameter.Message_state(attempt.delivered() ? MESSAGE_STATE_DELIVERED
                            : MESSAGE_STATE_UNDELIVERABLE));
            counters.receiptSent();
        } catch (Exception e) {
            retryLater(attempt, "session " + target.get().getSessionId() + ": " + e);
        }
    }

    /**
     * As an SMSC does, sends a receipt that was not acknowledged (no receiver bound, the session lost, a negative or
     * no deliver_sm_resp) again {@value #RETRY_DELAY_MS} ms later, the same receipt on whichever session can receive
     * then, up to {@value #MAX_ATTEMPTS} attempts.
     */
    private void retryLater(Attempt attempt, String why) {
        if (attempt.number() >= MAX_ATTEMPTS) {
            LOG.debug("Receipt for message_id {} given up after {} attempts: {}", attempt.request().smscMessageId(),
                    attempt.number(), why);
            counters.receiptFailed();
            return;
        }
        LOG.debug("Receipt for message_id {} not delivered ({}); attempt {} in {} ms",
                attempt.request().smscMessageId(), why, attempt.number() + 1, RETRY_DELAY_MS);
        try {
            scheduler.schedule(() -> handOver(() -> send(attempt.next())), RETRY_DELAY_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            counters.receiptFailed();
        }
    }

    /**
     * One attempt at a receipt; every attempt of a receipt says the same.
     *
     * @param request the receipt owed
     * @param delivered whether it reports DELIVRD (else UNDELIV)
     * @param id the message id as the receipt writes it
     * @param doneDate its done date
     * @param number the attempt, from 1
     */
    private record Attempt(ReceiptRequest request, boolean delivered, String id, Instant doneDate, int number) {
        Attempt next() {
            return new Attempt(request, delivered, id, doneDate, number + 1);
        }
    }

    /** What each receipt says: the form of its message id and its state. Thread-safe. */
    static final class Outcomes {

        private final SmscSimulatorConfig.ReceiptIdFormat idFormat;
        private final double undeliveredRate;
        private final AtomicLong count = new AtomicLong();
        private final Random random;

        /**
         * @param idFormat how the id is written
         * @param undeliveredRate fraction 0.0-1.0 of receipts that report UNDELIV
         * @param seed seed of the random source that picks them
         */
        Outcomes(SmscSimulatorConfig.ReceiptIdFormat idFormat, double undeliveredRate, long seed) {
            this.idFormat = idFormat;
            this.undeliveredRate = undeliveredRate;
            this.random = new Random(seed);
        }

        /** @return true if the next receipt reports DELIVRD */
        boolean delivered() {
            if (undeliveredRate <= 0.0) {
                return true;
            }
            synchronized (random) {
                return random.nextDouble() >= undeliveredRate;
            }
        }

        /**
         * @param smscMessageId the submit_sm_resp message_id, hex
         * @return the id the receipt writes
         */
        String receiptId(String smscMessageId) {
            boolean decimal = switch (idFormat) {
                case SAME -> false;
                case DECIMAL -> true;
                case MIXED -> count.getAndIncrement() % 2 == 1;
            };
            return decimal ? new BigInteger(smscMessageId, 16).toString() : smscMessageId;
        }
    }

    private static TypeOfNumber ton(byte value) {
        try {
            return TypeOfNumber.valueOf(value);
        } catch (IllegalArgumentException e) {
            return TypeOfNumber.UNKNOWN;
        }
    }

    private static NumberingPlanIndicator npi(byte value) {
        try {
            return NumberingPlanIndicator.valueOf(value);
        } catch (IllegalArgumentException e) {
            return NumberingPlanIndicator.UNKNOWN;
        }
    }
}
