package io.herald.dispatcher.receive;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * When a consumed record may be processed. The poll loop holds back a record that is not yet due: it seeks its
 * partition back to it and pauses the partition until then, so no thread sleeps and the records behind it (due no
 * earlier, in a retry topic) wait too.
 */
@FunctionalInterface
public interface DueTime {

    /** Every record is due at once (the {@code notify.requests} consumer). */
    DueTime NOW = record -> 0L;

    /**
     * @param record a consumed record
     * @return when it is due, in ms since the epoch; 0 or any past time for at once
     */
    long dueMs(ConsumerRecord<byte[], ConsumedValue> record);
}
