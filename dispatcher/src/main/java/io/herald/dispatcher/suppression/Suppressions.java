package io.herald.dispatcher.suppression;

/** Tells whether a recipient is on the suppression (opt-out) list. Thread-safe. */
public interface Suppressions {

    /** No recipient is suppressed ({@code suppression.enabled=false}). */
    Suppressions NONE = recipient -> false;

    /**
     * @param recipient the recipient as {@code notify.requests} keys it: E.164 ({@code +4791234567}) or a lower-cased
     *     e-mail address; may be null (never suppressed)
     * @return whether the recipient must not be sent to
     */
    boolean isSuppressed(String recipient);
}
