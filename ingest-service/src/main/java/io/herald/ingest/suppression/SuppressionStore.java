package io.herald.ingest.suppression;

import io.herald.schema.SuppressionEntry;

/**
 * The suppression list as the API sees it: the port the suppression resource uses, implemented over the compacted
 * topic {@code notify.suppressions} in production ({@code io.herald.ingest.suppression.KafkaSuppressionStore}). Each
 * change returns only once it is durable (Kafka acknowledged it with {@code acks=all}); the reads answer from this
 * instance's copy of the list's keys, which follows the topic within about a second.
 *
 * <p>Entries have owners ({@link io.herald.schema.SuppressionKeys}): a client's entries, and shared ones (MO STOP,
 * operator). Through this port a client adds and removes only its own.
 */
public interface SuppressionStore {

    /**
     * Adds an entry, or replaces the one its key names.
     *
     * @param entry the entry; its key is its owner and recipient ({@link SuppressionEntry#key()}); not null
     * @throws PublishException if the write was not acknowledged in time, or could not be sent at all
     */
    void add(SuppressionEntry entry);

    /**
     * Removes an owner's entry for a recipient (a tombstone for its key); another owner's entry for the same recipient
     * stays. Removing an entry that is not there is not an error.
     *
     * @param clientId the owner, not null: a client removes only its own entries
     * @param recipient the recipient, E.164 or a lower-cased e-mail address; not null
     * @throws PublishException if the write was not acknowledged in time, or could not be sent at all
     */
    void remove(String clientId, String recipient);

    /**
     * @param clientId an owner
     * @return how many entries it has, as this instance has read the list
     * @throws SuppressionListUnavailableException if this instance has not read the list to its end yet
     */
    int count(String clientId);

    /**
     * @param clientId an owner
     * @param recipient a recipient
     * @return whether the owner has an entry for it, as this instance has read the list
     * @throws SuppressionListUnavailableException if this instance has not read the list to its end yet
     */
    boolean contains(String clientId, String recipient);
}
