package io.herald.ingest.status;

import java.time.Instant;

/**
 * A message's change of latest state, sent from the message store to the batch store (repartitioned by batch id).
 *
 * @param messageId the message
 * @param from its previous latest state, or null if this is its first status
 * @param to its new latest state
 * @param at the time of the event that changed it
 */
record Transition(String messageId, String from, String to, Instant at) {
}
