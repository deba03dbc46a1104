package io.herald.dispatcher.status;

import io.herald.dispatcher.send.SendResult;
import io.herald.schema.DeliveryState;
import io.herald.schema.DeliveryStatus;
import io.herald.schema.NotificationRequest;
import java.time.Instant;

/** Builds the {@link DeliveryStatus} events the dispatcher writes. */
public final class StatusEvents {

    /** {@code errorCode} of a message not sent because its batch was cancelled. */
    public static final String CANCELLED = "CANCELLED";

    private StatusEvents() {
    }

    /** @return a SENT event of no message, to register the schema with at start-up (never written) */
    public static DeliveryStatus sample() {
        return DeliveryStatus.newBuilder().setMessageId("schema-sample").setBatchId("schema-sample")
                .setState(DeliveryState.SENT).setGateway("none").setSegments(1).setAttempt(1)
                .setTimestamp(Instant.EPOCH).build();
    }

    /**
     * SENT: the gateway accepted every part.
     *
     * @param request the request
     * @param gateway the gateway name, e.g. {@code smpp}
     * @param result the accepted result
     * @param attempt the attempt that succeeded, from 1
     * @param now the event time
     * @return the event
     */
    public static DeliveryStatus sent(NotificationRequest request, String gateway, SendResult result, int attempt,
                                      Instant now) {
        return DeliveryStatus.newBuilder()
                .setMessageId(request.getMessageId())
                .setBatchId(request.getBatchId())
                .setClientId(request.getClientId())
                .setState(DeliveryState.SENT)
                .setGatewayMessageId(result.gatewayMessageId())
                .setGatewayMessageIds(result.gatewayMessageIds())
                .setGateway(gateway)
                .setSegments(result.segments())
                .setTimestamp(now)
                .setAttempt(attempt)
                .build();
    }

    /**
     * FAILED or EXPIRED: Herald gave up on the message.
     *
     * @param request the request
     * @param state {@link DeliveryState#FAILED} or {@link DeliveryState#EXPIRED}
     * @param gateway the gateway name, or null if none was tried
     * @param errorCode a stable code, e.g. {@code ESME_RINVDSTADR}
     * @param errorText a description; never the message text or the recipient
     * @param attempt attempts made (at least 1 in the schema: 0 is written as 1)
     * @param now the event time
     * @return the event
     */
    public static DeliveryStatus failed(NotificationRequest request, DeliveryState state, String gateway,
                                        String errorCode, String errorText, int attempt, Instant now) {
        return DeliveryStatus.newBuilder()
                .setMessageId(request.getMessageId())
                .setBatchId(request.getBatchId())
                .setClientId(request.getClientId())
                .setState(state)
                .setGatewayMessageId(null)
                .setGateway(gateway)
                .setErrorCode(errorCode)
                .setErrorText(errorText)
                .setSegments(0)
                .setTimestamp(now)
                .setAttempt(Math.max(1, attempt))
                .build();
    }

    /**
     * SUPPRESSED: final, not sent because the recipient is on the suppression list. No gateway, no segments.
     *
     * @param request the request
     * @param errorCode the stable code, {@code SUPPRESSED}
     * @param attempt the attempt this event belongs to, from 1 (0 is written as 1)
     * @param now the event time
     * @return the event
     */
    public static DeliveryStatus suppressed(NotificationRequest request, String errorCode, int attempt, Instant now) {
        return failed(request, DeliveryState.SUPPRESSED, null, errorCode,
                "the recipient is on the suppression list", attempt, now);
    }

    /**
     * A CANCELLED event (final): the message's batch was cancelled before a gateway accepted it.
     *
     * @param request the request
     * @param attempt the attempt this event belongs to, from 1 (0 is written as 1)
     * @param now the event time
     * @return the event
     */
    public static DeliveryStatus cancelled(NotificationRequest request, int attempt, Instant now) {
        return failed(request, DeliveryState.CANCELLED, null, CANCELLED,
                "the batch was cancelled before a gateway accepted the message", attempt, now);
    }
}
