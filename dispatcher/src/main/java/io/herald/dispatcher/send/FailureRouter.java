package io.herald.dispatcher.send;

import io.herald.dispatcher.receive.ConsumedValue;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decides where a message goes when its inline attempts did not get it accepted: the seam for retry topics. The
 * current implementation ({@link io.herald.dispatcher.status.DeadLetterRouter}) writes a FAILED status and a DLQ record
 * for every failure; a retry-topic router would instead forward transient failures to {@code notify.requests.retry-N}
 * with a not-before header, and only dead-letter permanent ones.
 */
public interface FailureRouter {

    /**
     * Records a failed message.
     *
     * @param record the consumed record, with its raw value for the DLQ
     * @param outcome how the inline attempts ended; not sent
     * @return a stage that completes when everything written for the failure was acknowledged by Kafka; the record
     *     counts as completed only then
     */
    CompletionStage<Void> route(ConsumerRecord<byte[], ConsumedValue> record, DeliveryOutcome outcome);
}
