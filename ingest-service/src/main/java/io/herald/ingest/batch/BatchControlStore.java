package io.herald.ingest.batch;

import io.herald.schema.BatchControl;

/**
 * Where batches' controls (pause, resume, cancel) are kept: {@code notify.batch-control}, read by every dispatcher.
 */
public interface BatchControlStore {

    /**
     * @param batchId a batch id
     * @return the batch's control as this instance has read it, or null if it has none (it runs)
     * @throws io.herald.ingest.core.PublishException if this instance has not read the controls yet (503)
     */
    BatchControl control(String batchId);

    /**
     * Writes a batch's new control and waits until Kafka acknowledged it and this instance read it back.
     *
     * @param control the new control
     * @throws io.herald.ingest.core.PublishException if Kafka did not acknowledge it in time, or this instance did
     *     not read it back (503; the control may still take effect)
     */
    void set(BatchControl control);
}
