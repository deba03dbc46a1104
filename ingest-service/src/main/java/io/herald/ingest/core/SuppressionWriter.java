package io.herald.ingest.core;

import io.herald.schema.SuppressionEntry;

/**
 * Where suppression list changes go: the port the suppression API writes to, implemented over the compacted topic
 * {@code notify.suppressions} in production. Each call returns only once the change is durable (Kafka acknowledged
 * it with {@code acks=all}).
 */
public interface SuppressionWriter {

    /**
     * Adds a recipient to the list, or replaces its entry.
     *
     * @param entry the entry, keyed by its recipient; not null
     * @throws PublishException if the write was not acknowledged in time, or could not be sent at all
     */
    void add(SuppressionEntry entry);

    /**
     * Removes a recipient from the list (a tombstone). Removing a recipient that is not on the list is not an error.
     *
     * @param recipient the recipient, E.164; not null
     * @throws PublishException if the write was not acknowledged in time, or could not be sent at all
     */
    void remove(String recipient);
}
