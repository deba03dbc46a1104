package io.herald.dispatcher.status;

import io.herald.dispatcher.receive.ConsumedValue;
import io.herald.dispatcher.send.DeliveryOutcome;
import io.herald.dispatcher.send.FailureRouter;
import io.herald.dispatcher.send.SendResult;
import io.herald.schema.DeliveryState;
import io.herald.schema.NotificationRequest;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The failure route for now: every message the gateway did not accept gets a FAILED status and a DLQ record (original
 * bytes, {@link DeadLetterHeaders}); the record completes when both are acknowledged. Transient failures that ran out
 * of inline attempts take the same route until retry topics exist.
 */
public final class DeadLetterRouter implements FailureRouter {

    /** {@value DeadLetterHeaders#ERROR_CLASS} of a message the gateway refused or could not take. */
    public static final String SEND_FAILURE = "SendFailure";

    private final StatusPublisher publisher;
    private final String gateway;
    private final Clock clock;

    /**
     * @param publisher writes the status and the DLQ record
     * @param gateway the gateway name for the status event
     * @param clock the clock for event times
     */
    public DeadLetterRouter(StatusPublisher publisher, String gateway, Clock clock) {
        this.publisher = publisher;
        this.gateway = gateway;
        this.clock = clock;
    }

    @Override
    public CompletionStage<Void> route(ConsumerRecord<byte[], ConsumedValue> record, DeliveryOutcome outcome) {
        NotificationRequest request = record.value().request();
        SendResult result = outcome.result();
        String text = (result.isRetriable() ? "transient failure, " + outcome.attempts() + " attempts: "
                : "permanent failure: ") + result.errorText();
        CompletableFuture<?> status = publisher.publish(StatusEvents.failed(request, DeliveryState.FAILED, gateway,
                result.errorCode(), text, outcome.attempts(), clock.instant()));
        CompletableFuture<?> dlq = publisher.deadLetter(record, SEND_FAILURE, text, result.errorCode(),
                outcome.attempts());
        return CompletableFuture.allOf(status, dlq);
    }
}
