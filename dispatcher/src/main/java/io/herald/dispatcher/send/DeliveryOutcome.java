package io.herald.dispatcher.send;

/**
 * How a message ended after its inline attempts.
 *
 * @param result the last attempt's result; for an expired message, the result that was being retried, or null if the
 *     message expired before the first attempt
 * @param attempts attempts made, 0 if the message expired before the first
 * @param expired true if the message's {@code expiresAt} passed before it could be sent
 * @param gateway the name of the gateway of the last attempt (the one used, with routing); null if none was made or
 *     the caller does not route
 */
public record DeliveryOutcome(SendResult result, int attempts, boolean expired, String gateway) {

    /**
     * An outcome without a gateway name: the dispatcher's one gateway, or none.
     *
     * @param result the last attempt's result
     * @param attempts attempts made
     * @param expired true if {@code expiresAt} passed first
     */
    public DeliveryOutcome(SendResult result, int attempts, boolean expired) {
        this(result, attempts, expired, null);
    }

    /** @return true if the gateway accepted the message */
    public boolean isSent() {
        return !expired && result != null && result.isAccepted();
    }
}
