package io.herald.dispatcher.suppression;

import io.herald.schema.SuppressionSet;

/** Tells whether a request must not be sent: its recipient is on the suppression (opt-out) list. Thread-safe. */
public interface Suppressions {

    /** No recipient is suppressed ({@code suppression.enabled=false}). */
    Suppressions NONE = (recipient, clientId) -> false;

    /**
     * @param recipient the recipient as {@code notify.requests} keys it: E.164 ({@code +4791234567}) or a lower-cased
     *     e-mail address; may be null (never suppressed)
     * @param clientId the API client whose request it is, or null (a record from before requests carried it)
     * @return whether the request must not be sent
     */
    boolean isSuppressed(String recipient, String clientId);

    /**
     * {@code suppression.scope=recipient}: any entry (shared, or of any client) suppresses its recipient for every
     * client.
     *
     * @param entries the list's live entries
     * @return the lookup
     */
    static Suppressions byRecipient(SuppressionSet entries) {
        return (recipient, clientId) -> entries.containsAny(recipient);
    }

    /**
     * {@code suppression.scope=client}: a shared entry suppresses its recipient for every client, a client's entry
     * only for that client's requests.
     *
     * @param entries the list's live entries
     * @return the lookup
     */
    static Suppressions byClient(SuppressionSet entries) {
        return (recipient, clientId) -> entries.contains(null, recipient)
                || (clientId != null && entries.contains(clientId, recipient));
    }
}
