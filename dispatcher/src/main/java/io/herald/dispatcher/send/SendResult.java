package io.herald.dispatcher.send;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of one attempt to hand a message to a gateway, as a value rather than an exception (after Hermes'
 * {@code MessageSendingResult}): {@link #accepted accepted}, a {@link #transientFailure transient failure} worth
 * retrying (throttled, queue full, timeout, lost bind), or a {@link #permanentFailure permanent failure} that a retry
 * cannot fix (invalid destination address, invalid message length, unknown errors).
 */
public final class SendResult {

    /** What kind of outcome this is. */
    public enum Kind {
        ACCEPTED, TRANSIENT_FAILURE, PERMANENT_FAILURE
    }

    private final Kind kind;
    private final List<String> gatewayMessageIds;
    private final int segments;
    private final String errorCode;
    private final String errorText;

    private SendResult(Kind kind, List<String> gatewayMessageIds, int segments, String errorCode, String errorText) {
        this.kind = kind;
        this.gatewayMessageIds = gatewayMessageIds;
        this.segments = segments;
        this.errorCode = errorCode;
        this.errorText = errorText;
    }

    /**
     * The gateway accepted every part of the message.
     *
     * @param gatewayMessageIds the id the gateway gave each part (SMPP {@code submit_sm_resp.message_id}), in part
     *     order; at least one. The first is the message's id; all are kept for matching delivery receipts.
     * @return the result; its {@link #segments()} is the number of ids
     */
    public static SendResult accepted(List<String> gatewayMessageIds) {
        if (gatewayMessageIds.isEmpty()) {
            throw new IllegalArgumentException("at least one gateway message id");
        }
        return new SendResult(Kind.ACCEPTED, List.copyOf(gatewayMessageIds), gatewayMessageIds.size(), null, null);
    }

    /**
     * A failure that may go away: the message can be retried as it is.
     *
     * @param code a stable code, e.g. {@code ESME_RTHROTTLED} or {@code SMPP_TIMEOUT}
     * @param text a description; never the message text or the recipient
     * @return the result
     */
    public static SendResult transientFailure(String code, String text) {
        return new SendResult(Kind.TRANSIENT_FAILURE, List.of(), 0, Objects.requireNonNull(code), text);
    }

    /**
     * A failure that a retry of the same message cannot fix.
     *
     * @param code a stable code, e.g. {@code ESME_RINVDSTADR}
     * @param text a description; never the message text or the recipient
     * @return the result
     */
    public static SendResult permanentFailure(String code, String text) {
        return new SendResult(Kind.PERMANENT_FAILURE, List.of(), 0, Objects.requireNonNull(code), text);
    }

    public Kind kind() {
        return kind;
    }

    /** @return true if the gateway accepted the message */
    public boolean isAccepted() {
        return kind == Kind.ACCEPTED;
    }

    /** @return true for a transient failure: the same message may succeed if sent again later */
    public boolean isRetriable() {
        return kind == Kind.TRANSIENT_FAILURE;
    }

    /** @return the gateway's id of the first part, or null unless accepted */
    public String gatewayMessageId() {
        return gatewayMessageIds.isEmpty() ? null : gatewayMessageIds.get(0);
    }

    /** @return the gateway's id of every part, in part order; empty unless accepted */
    public List<String> gatewayMessageIds() {
        return gatewayMessageIds;
    }

    /** @return SMS segments (submit_sm PDUs) accepted; 0 unless accepted */
    public int segments() {
        return segments;
    }

    /** @return the error code, or null if accepted */
    public String errorCode() {
        return errorCode;
    }

    /** @return the error description, or null if accepted */
    public String errorText() {
        return errorText;
    }

    @Override
    public String toString() {
        return isAccepted() ? "SendResult[ACCEPTED " + gatewayMessageIds + "]"
                : "SendResult[" + kind + " " + errorCode + ": " + errorText + "]";
    }
}
