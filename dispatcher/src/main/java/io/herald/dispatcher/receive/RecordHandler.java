package io.herald.dispatcher.receive;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Processes one consumed record to completion. */
public interface RecordHandler {

    /**
     * Starts processing a record. Called on a sender thread, at most one record per key at a time until its handling
     * is {@link Handling#released() released}, in offset order per key.
     *
     * @param record the record; its value is never null (a tombstone is a poison {@link ConsumedValue})
     * @return when the key may go on, and when the record has completed (its outcome, status event and DLQ record if
     *     any, acknowledged by Kafka); see {@link Handling}
     */
    Handling handle(ConsumerRecord<byte[], ConsumedValue> record);
}
