package io.herald.ingest.kafka;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * One record written and waited for: how the stores behind a {@link io.herald.schema.CompactedTopicReader} view
 * (named templates, idempotency keys) write, each turning a failure into its own 503 exception.
 */
public final class AcknowledgedWrite {

    private AcknowledgedWrite() {
    }

    /**
     * Sends a record and waits for Kafka's acknowledgement.
     *
     * @param producer the producer ({@code acks=all})
     * @param record the record
     * @param ackTimeout how long to wait for the acknowledgement
     * @param what what is written, for the messages, e.g. {@code template write}; never record content
     * @param failure makes the exception thrown from a message and a cause (which may be null)
     * @param <E> that exception
     * @return the record's partition and offset
     * @throws E if Kafka refused the record or did not acknowledge it within {@code ackTimeout}, the send failed at
     *     once ({@code max.block.ms} without metadata, a closed producer), or the wait was interrupted
     */
    public static <E extends RuntimeException> RecordMetadata send(Producer<String, byte[]> producer,
                                                                   ProducerRecord<String, byte[]> record,
                                                                   Duration ackTimeout, String what,
                                                                   BiFunction<String, Throwable, E> failure) {
        try {
            return producer.send(record).get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // The client sees the kind of error only: Kafka's messages may name brokers' addresses.
            throw failure.apply("Kafka did not acknowledge the " + what + " (" + e.getCause().getClass().getSimpleName()
                    + ")", e.getCause());
        } catch (TimeoutException e) {
            throw failure.apply("Kafka did not acknowledge the " + what + " within " + ackTimeout.toMillis() + " ms",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure.apply("interrupted while waiting for Kafka", e);
        } catch (RuntimeException e) {
            // max.block.ms without metadata, or the producer is closed
            throw failure.apply("could not send the " + what + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
