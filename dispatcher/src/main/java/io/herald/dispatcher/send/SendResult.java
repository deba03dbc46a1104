package io.herald.dispatcher.send;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of one attempt to hand a message to a gateway, as a value rather than an exception (after Hermes'
 * {@code MessageSendingResult}): {@link #accepted accepted}, a {@link #transientFailure transient failure} worth
 * retrying (throttled, queue full, timeout, lost bind), or a {@link #permanentFailure permanent failure} that a retry
 * cannot fix (invalid destination address, invalid message length, unknown errors). A transient failure may carry the
 * gateway's own "retry after" delay ({@link #retryAfterMs()}, e.g. from an HTTP {@code Retry-After} header per RFC 9110
 * §10.2.3), which the sender waits at least before it sends the message again.
 */
public final class SendResult {

    /** What kind of outcome this is. */
    public enum Kind {
        ACCEPTED, TRANSIENT_FAILURE, PERMANENT_FAILURE
    }

    /**
     * Why a transient failure happened, which decides how the sender reacts to it.
     * <ul>
     *   <li>{@link #THROTTLED}: the gateway asked us to slow down ({@code ESME_RTHROTTLED}, {@code ESME_RMSGQFUL});
     *       not a failed attempt: the sender lowers its rate and tries the same message again.</li>
     *   <li>{@link #GATEWAY_UNAVAILABLE}: the gateway could not be reached (no bound session, bind lost, response
     *       timeout); feeds the circuit breaker, and is not a failed attempt while the circuit is open.</li>
     *   <li>{@link #ERROR}: any other transient error ({@code ESME_RSYSERR}, ...); a failed attempt.</li>
     * </ul>
     */
    public enum TransientCause {
        THROTTLED, GATEWAY_UNAVAILABLE, ERROR
    }

    private final Kind kind;
    private final List<String> gatewayMessageIds;
    private final int segments;
    private final String errorCode;
    private final String errorText;
    private final TransientCause cause;
    private final long retryAfterMs;
    private final boolean unregistered;

    private SendResult(Kind kind, List<String> gatewayMessageIds, int segments, String errorCode, String errorText) {
        this(kind, gatewayMessageIds, segments, errorCode, errorText, null, 0, false);
    }

    private SendResult(Kind kind, List<String> gatewayMessageIds, int segments, String errorCode, String errorText,
                       TransientCause cause, long retryAfterMs, boolean unregistered) {
        this.unregistered = unregistered;
        this.cause = cause;
        this.retryAfterMs = retryAfterMs;
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
        return transientFailure(TransientCause.ERROR, code, text);
    }

    /**
     * A transient failure with its cause.
     *
     * @param cause why it happened
     * @param code a stable code, e.g. {@code ESME_RTHROTTLED} or {@code SMPP_NOT_BOUND}
     * @param text a description; never the message text or the recipient
     * @return the result
     */
    public static SendResult transientFailure(TransientCause cause, String code, String text) {
        return transientFailure(cause, code, text, 0);
    }

    /**
     * A transient failure with its cause and the least delay the gateway asked for before the message is sent again.
     *
     * @param cause why it happened
     * @param code a stable code, e.g. {@code HTTP_429} or {@code HTTP_503}
     * @param text a description; never the message text or the recipient
     * @param retryAfterMs the least delay before the next attempt, in ms, as the gateway asked (e.g. an HTTP
     *     {@code Retry-After}); 0 when it asked for none
     * @return the result
     * @throws IllegalArgumentException if {@code retryAfterMs} is negative
     */
    public static SendResult transientFailure(TransientCause cause, String code, String text, long retryAfterMs) {
        if (retryAfterMs < 0) {
            throw new IllegalArgumentException("retryAfterMs must be at least 0");
        }
        return new SendResult(Kind.TRANSIENT_FAILURE, List.of(), 0, Objects.requireNonNull(code), text,
                Objects.requireNonNull(cause), retryAfterMs, false);
    }

    /**
     * The gateway asked the sender to slow down ({@link TransientCause#THROTTLED}), e.g. HTTP 429 Too Many Requests
     * (RFC 6585 §4).
     *
     * @param code a stable code, e.g. {@code HTTP_429} or {@code ESME_RTHROTTLED}
     * @param text a description; never the message text or the recipient
     * @param retryAfterMs the least delay before the next attempt, in ms, as the gateway asked; 0 when it asked for
     *     none
     * @return the result
     * @throws IllegalArgumentException if {@code retryAfterMs} is negative
     */
    public static SendResult throttled(String code, String text, long retryAfterMs) {
        return transientFailure(TransientCause.THROTTLED, code, text, retryAfterMs);
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

    /**
     * A permanent failure because the recipient no longer exists at the gateway: a push token that APNs answered
     * {@code 410 Unregistered} or FCM {@code UNREGISTERED}. Besides failing the message, the dispatcher puts the
     * recipient on the suppression list, so it is never tried again.
     *
     * @param code a stable code, e.g. {@code APNS_UNREGISTERED}
     * @param text a description; never the message text or the recipient
     * @return the result
     */
    public static SendResult unregistered(String code, String text) {
        return new SendResult(Kind.PERMANENT_FAILURE, List.of(), 0, Objects.requireNonNull(code), text, null, 0,
                true);
    }

    /** @return true if the gateway said the recipient no longer exists ({@link #unregistered}) */
    public boolean isUnregistered() {
        return unregistered;
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

    /** @return why a transient failure happened, or null for any other result */
    public TransientCause transientCause() {
        return cause;
    }

    /** @return true if the gateway asked the sender to slow down ({@link TransientCause#THROTTLED}) */
    public boolean isThrottled() {
        return cause == TransientCause.THROTTLED;
    }

    /** @return true if the gateway could not be reached ({@link TransientCause#GATEWAY_UNAVAILABLE}) */
    public boolean isGatewayUnavailable() {
        return cause == TransientCause.GATEWAY_UNAVAILABLE;
    }

    /**
     * @return the least delay, in ms, the gateway asked for before this message is sent again (e.g. an HTTP
     *     {@code Retry-After}); 0 when it asked for none, and for any result but a transient failure
     */
    public long retryAfterMs() {
        return retryAfterMs;
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
                : "SendResult[" + kind + " " + errorCode + ": " + errorText
                        + (retryAfterMs > 0 ? ", retry after " + retryAfterMs + " ms" : "") + "]";
    }
}
