package io.herald.dispatcher.send;

/**
 * How a message ended after its inline attempts.
 *
 * @param result the last attempt's result; for an expired message, the result that was being retried, or null if the
 *     message expired before the first attempt
 * @param attempts attempts made, 0 if the message expired before the first
 * @param expired true if the message's {@code expiresAt} passed before it could be sent
 */
public record DeliveryOutcome(SendResult result, int attempts, boolean expired) {

    /** @return true if the gateway accepted the message */
    public boolean isSent() {
        return !expired && result != null && result.isAccepted();
    }
}
