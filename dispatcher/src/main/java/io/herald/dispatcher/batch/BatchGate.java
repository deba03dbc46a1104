package io.herald.dispatcher.batch;

import io.herald.dispatcher.admin.DispatcherStats;
import io.herald.dispatcher.receive.ConsumedValue;
import io.herald.dispatcher.receive.DueTime;
import io.herald.dispatcher.retry.RetryHeaders;
import io.herald.dispatcher.status.StatusEvents;
import io.herald.dispatcher.status.StatusPublisher;
import io.herald.schema.BatchControl;
import io.herald.schema.BatchControls;
import io.herald.schema.HeraldHeaders;
import io.herald.schema.NotificationRequest;
import io.herald.schema.PiiMask;
import io.herald.schema.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a batch's control ({@link BatchControls}, {@value Topics#BATCH_CONTROL}) means for one of its requests, checked
 * when the request is about to be sent (after the sent ledger: a message that went out before a crash stays SENT):
 * <ul>
 *   <li>batch cancelled: the request ends CANCELLED (a status event, no send, no DLQ), from whichever topic it comes;
 *       requests waiting in a retry or delay topic are due at once ({@link #dueTime}) so that they end now, not when
 *       their wait is over;</li>
 *   <li>batch paused: the request is moved to {@value Topics#HELD} (same key, value and headers, plus
 *       {@value HeraldHeaders#HELD_FROM}), which the retry loop reads; there it is not due while the batch stays
 *       paused, and is checked again every {@value #RECHECK_MS} ms;</li>
 *   <li>batch running again after a pause ({@link BatchControl#held()}): a request still on {@value Topics#REQUESTS}
 *       is moved to {@value Topics#HELD} too, behind the ones moved there before, so that each recipient's messages of
 *       the batch go in the order they were written;</li>
 *   <li>otherwise: nothing, the request is sent.</li>
 * </ul>
 * A request read from {@value Topics#HELD} is sent once due, even if its batch was paused again since the poll loop
 * found it due (it is one message per recipient at most, already on its way, like one handed to the gateway before
 * the pause).
 */
public final class BatchGate {

    private static final Logger LOG = LoggerFactory.getLogger(BatchGate.class);

    /** How often a held request of a paused batch is checked again, in ms. */
    public static final long RECHECK_MS = 500;

    /** No batch control: every request is sent. */
    public static final BatchGate NONE = new BatchGate(null, null, null, Clock.systemUTC());

    /** What to do with a request. */
    public enum Decision {
        /** Send it. */
        SEND,
        /** End it CANCELLED. */
        CANCEL,
        /** Move it to {@value Topics#HELD}. */
        HOLD
    }

    private final Function<String, BatchControl> controls;
    private final BatchRates rates;
    private final StatusPublisher publisher;
    private final DispatcherStats stats;
    private final Clock clock;

    /**
     * @param controls a batch's control by its id (null for a batch without one), e.g. {@link BatchControls#control};
     *     null for no batch control at all
     * @param publisher writes CANCELLED events and held copies
     * @param stats counts cancelled and held requests
     * @param clock the clock for event times and due times
     */
    public BatchGate(Function<String, BatchControl> controls, StatusPublisher publisher, DispatcherStats stats,
                     Clock clock) {
        this(controls, publisher, stats, clock, BatchRates.NONE);
    }

    /**
     * @param controls a batch's control by its id (null for a batch without one), e.g. {@link BatchControls#control};
     *     null for no batch control at all
     * @param publisher writes CANCELLED events and held copies
     * @param stats counts cancelled and held requests
     * @param clock the clock for event times and due times
     * @param rates the turns of batches with a {@code maxRate}
     */
    public BatchGate(Function<String, BatchControl> controls, StatusPublisher publisher, DispatcherStats stats,
                     Clock clock, BatchRates rates) {
        this.rates = rates;
        this.controls = controls;
        this.publisher = publisher;
        this.stats = stats;
        this.clock = clock;
    }

    /**
     * @param record a consumed, readable request
     * @return what to do with it now
     */
    public Decision decide(ConsumerRecord<byte[], ConsumedValue> record) {
        BatchControl control = controls == null ? null : controls.apply(record.value().request().getBatchId());
        if (control == null) {
            return Decision.SEND;
        }
        if (control.state() == BatchControl.State.CANCELLED) {
            return Decision.CANCEL;
        }
        if (Topics.HELD.equals(record.topic())) {
            return Decision.SEND;
        }
        if (control.state() == BatchControl.State.PAUSED
                || (control.held() && Topics.isRequestTopic(record.topic()))) {
            return Decision.HOLD;
        }
        return Decision.SEND;
    }

    /**
     * Ends a request of a cancelled batch: a CANCELLED status event.
     *
     * @param record the request's record
     * @param attempt the attempt this event belongs to, from 1
     * @return completes when Kafka acknowledged the event
     */
    public CompletionStage<Void> cancel(ConsumerRecord<byte[], ConsumedValue> record, int attempt) {
        NotificationRequest request = record.value().request();
        LOG.debug("Cancelled messageId={} topic={} partition={} offset={} recipient={}: its batch was cancelled",
                request.getMessageId(), record.topic(), record.partition(), record.offset(),
                PiiMask.recipient(request.getRecipient()));
        stats.recordCancelled();
        stats.metrics().recordMessage("cancelled", null, null);
        return publisher.publish(StatusEvents.cancelled(request, attempt, clock.instant())).thenAccept(acked -> { });
    }

    /**
     * Moves a request of a paused batch to {@value Topics#HELD}: key, value and headers as they were (its retry due
     * time removed), plus {@value HeraldHeaders#HELD_FROM}.
     *
     * @param record the request's record
     * @return completes when Kafka acknowledged the copy
     */
    public CompletionStage<Void> hold(ConsumerRecord<byte[], ConsumedValue> record) {
        LOG.debug("Holding messageId={} topic={} partition={} offset={}: its batch is paused",
                record.value().request().getMessageId(), record.topic(), record.partition(), record.offset());
        stats.recordHeldForPause();
        byte[] from = (record.topic() + ":" + record.partition() + ":" + record.offset())
                .getBytes(StandardCharsets.UTF_8);
        return publisher.copy(record, Topics.HELD, headers -> {
            headers.remove(RetryHeaders.DUE);
            headers.remove(HeraldHeaders.HELD_FROM);
            headers.add(HeraldHeaders.HELD_FROM, from);
        }).thenAccept(acked -> { });
    }

    /**
     * The due time of the retry loop's records: a record of {@value Topics#HELD} is due while its batch is not paused
     * (checked again every {@value #RECHECK_MS} ms while it is); a record of a cancelled batch is due at once; any
     * other as {@code inner} says.
     *
     * @param inner the due time of retry and delay records
     * @return the combined due time
     */
    public DueTime dueTime(DueTime inner) {
        if (controls == null) {
            return inner;
        }
        return record -> {
            ConsumedValue value = record.value();
            BatchControl.State state = BatchControl.stateOf(value == null || value.isPoison() ? null
                    : controls.apply(value.request().getBatchId()));
            if (state == BatchControl.State.CANCELLED) {
                return 0L;
            }
            if (Topics.HELD.equals(record.topic())) {
                return state == BatchControl.State.PAUSED ? clock.millis() + RECHECK_MS : 0L;
            }
            return inner.dueMs(record);
        };
    }

    /**
     * When a request that its control lets through ({@link Decision#SEND}) may be sent, by its batch's
     * {@code maxRate} ({@link BatchRates#slotMs}).
     *
     * @param record a consumed request (not poison)
     * @return ms since the epoch; 0 or a time not after now to send at once
     */
    public long slotMs(ConsumerRecord<byte[], ConsumedValue> record) {
        return rates.slotMs(record);
    }

    /**
     * @param record a request about to be sent
     * @return completes when its batch's {@code maxRate} lets it go to the gateway ({@link BatchRates#paced})
     */
    public CompletionStage<Void> paced(ConsumerRecord<byte[], ConsumedValue> record) {
        return rates.paced(record);
    }
}
