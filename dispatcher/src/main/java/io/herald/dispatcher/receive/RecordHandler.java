package io.herald.dispatcher.receive;

import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Processes one consumed record to completion. */
public interface RecordHandler {

    /**
     * Starts processing a record. Called on a sender thread, at most one record per key at a time, in offset order per
     * key.
     *
     * @param record the record; its value is never null (a tombstone is a poison {@link ConsumedValue})
     * @return a stage that completes when the record has <em>completed</em>: its outcome (status event, and DLQ record
     *     if any) was acknowledged by Kafka. It completes exceptionally only if the outcome could not be recorded; the
     *     record must then not be committed.
     */
    CompletionStage<?> handle(ConsumerRecord<byte[], ConsumedValue> record);
}
