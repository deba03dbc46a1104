package io.herald.ingest.core;

import io.herald.schema.BatchIntake;
import io.herald.schema.NotificationRequest;
import io.herald.schema.StatusCallbackTarget;
import java.util.List;

/** Where accepted requests go: the port the ingest core writes to, implemented over Kafka in production. */
public interface RequestPublisher {

    /**
     * Writes every request durably and returns only when all of them are acknowledged; a request whose recipient
     * equals another's is written after it (same key, same partition, in list order).
     *
     * @param requests the requests of one batch, not empty
     * @throws PublishException if any request was not acknowledged in time, or could not be sent at all; some others
     *     may have been written
     */
    void publish(List<NotificationRequest> requests);

    /**
     * Writes where a batch's per-message status events go, durably; called before {@link #publish}, so that every
     * status event of the batch comes after it.
     *
     * @param target the batch, its client and its {@code statusCallbackUrl}
     * @throws PublishException if it was not acknowledged in time, or could not be sent at all
     */
    void publishStatusCallbackTarget(StatusCallbackTarget target);

    /**
     * Writes a batch's intake record (its totals and callback, for the status view) durably; called once per batch,
     * after {@link #publish} returned.
     *
     * @param intake the batch's intake
     * @throws PublishException if it was not acknowledged in time, or could not be sent at all
     */
    void publishIntake(BatchIntake intake);
}
