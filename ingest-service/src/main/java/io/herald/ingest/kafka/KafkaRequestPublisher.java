package io.herald.ingest.kafka;

import io.dropwizard.lifecycle.Managed;
import io.herald.ingest.core.PublishException;
import io.herald.ingest.core.RequestPublisher;
import io.herald.schema.BatchIntake;
import io.herald.schema.NotificationRequest;
import io.herald.schema.PriorityLane;
import io.herald.schema.StatusCallbackTarget;
import io.herald.schema.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes requests to their priority lane's Kafka topic, one record per request, keyed by the recipient (E.164), so a
 * recipient's records of one lane share a partition and keep their order. Thread-safe: every HTTP request shares the
 * one producer.
 *
 * <p>All records of a batch are sent asynchronously, then every acknowledgement is awaited. With the producer's
 * {@code acks=all} and {@code enable.idempotence=true}, a return means every record is on all in-sync replicas.
 * On the first failure no further record of the batch is sent (so a cluster outage costs one {@code max.block.ms},
 * not one per record), and the batch fails.
 */
public final class KafkaRequestPublisher implements RequestPublisher, Managed {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaRequestPublisher.class);

    /** Added to {@code delivery.timeout.ms} when waiting for acknowledgements, for callbacks to run. */
    public static final Duration ACK_WAIT_MARGIN = Duration.ofSeconds(5);

    private final Producer<String, SpecificRecord> producer;
    private final Function<PriorityLane, String> topics;
    private final Duration idleTimeout;
    private final Duration ackTimeout;
    private final Duration closeTimeout;

    /**
     * @param producer the producer, configured with {@code acks=all} and idempotence; this publisher closes it on
     *     {@link #stop()}
     * @param topics the topic of each priority lane ({@link NotificationRequest#getLane()}, null for normal), e.g.
     *     {@link io.herald.schema.Topics#requestsTopic}
     * @param idleTimeout how long a batch waits for its next acknowledgement before it fails ({@code kafka.maxBlock}):
     *     with Kafka down, a batch fails about this long after its last send
     * @param deliveryTimeout the producer's {@code delivery.timeout.ms}: a batch waits at most this long plus
     *     {@link #ACK_WAIT_MARGIN} for all its acknowledgements
     */
    public KafkaRequestPublisher(Producer<String, SpecificRecord> producer, Function<PriorityLane, String> topics,
                                 Duration idleTimeout, Duration deliveryTimeout) {
        this.producer = producer;
        this.topics = topics;
        this.idleTimeout = idleTimeout;
        this.ackTimeout = deliveryTimeout.plus(ACK_WAIT_MARGIN);
        this.closeTimeout = deliveryTimeout;
    }

    /**
     * {@inheritDoc}
     *
     * @throws PublishException if a send failed at once (no metadata or buffer space within {@code max.block.ms},
     *     serialization or schema registry failure, producer closed), or an acknowledgement was negative, or the next
     *     one did not come within the idle timeout, or not all came within {@code delivery.timeout.ms} + 5 s
     */
    @Override
    public void publish(List<NotificationRequest> requests) {
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        List<Future<RecordMetadata>> acks = new ArrayList<>(requests.size());
        for (NotificationRequest request : requests) {
            if (firstFailure.get() != null) {
                break;
            }
            try {
                acks.add(producer.send(new ProducerRecord<>(topics.apply(request.getLane()), request.getRecipient(),
                                request),
                        (metadata, exception) -> {
                            if (exception != null) {
                                firstFailure.compareAndSet(null, exception);
                            }
                        }));
            } catch (RuntimeException e) {
                // Kafka (max.block.ms, closed producer) or the schema registry (serializer): the batch cannot be sent.
                throw failed("could not send record " + (acks.size() + 1) + " of " + requests.size(), e)
                        .withCounts(acknowledged(acks), requests.size());
            }
        }
        try {
            awaitAcks(acks, requests.size());
        } catch (PublishException e) {
            throw e.withCounts(acknowledged(acks), requests.size());
        }
        if (firstFailure.get() != null) {
            throw failed("record not acknowledged", firstFailure.get()).withCounts(acknowledged(acks),
                    requests.size());
        }
    }

    /** @return how many of the sends are acknowledged now (records still in flight may be acknowledged later) */
    private static long acknowledged(List<Future<RecordMetadata>> acks) {
        long count = 0;
        for (Future<RecordMetadata> ack : acks) {
            if (ack.isDone()) {
                try {
                    ack.get();
                    count++;
                } catch (ExecutionException | InterruptedException | CancellationException e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }
        return count;
    }

    /**
     * {@inheritDoc} It goes to {@code notify.batches}, keyed by batchId.
     *
     * @throws PublishException if the send failed at once, or the acknowledgement was negative or did not come within
     *     the idle timeout
     */
    @Override
    public void publishIntake(BatchIntake intake) {
        publishOne(new ProducerRecord<>(Topics.BATCHES, intake.getBatchId(), intake), "the batch's intake record");
    }

    /**
     * {@inheritDoc} It goes to {@code notify.status-callback-targets}, keyed by batchId.
     *
     * @throws PublishException if the send failed at once, or the acknowledgement was negative or did not come within
     *     the idle timeout
     */
    @Override
    public void publishStatusCallbackTarget(StatusCallbackTarget target) {
        publishOne(new ProducerRecord<>(Topics.STATUS_CALLBACK_TARGETS, target.getBatchId(), target),
                "the batch's status callback target");
    }

    /**
     * Sends one record and waits for its acknowledgement.
     *
     * @param what the record, for the error, e.g. {@code the batch's intake record}
     * @throws PublishException as {@link #publishIntake} says
     */
    private void publishOne(ProducerRecord<String, SpecificRecord> record, String what) {
        try {
            awaitAcks(List.of(producer.send(record)), 1);
        } catch (RuntimeException e) {
            if (e instanceof PublishException) {
                throw e;
            }
            throw failed("could not send " + what, e);
        }
    }

    private void awaitAcks(List<Future<RecordMetadata>> acks, int total) {
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        int acknowledged = 0;
        for (Future<RecordMetadata> ack : acks) {
            try {
                long wait = Math.min(idleTimeout.toNanos(), deadline - System.nanoTime());
                ack.get(Math.max(0, wait), TimeUnit.NANOSECONDS);
                acknowledged++;
            } catch (ExecutionException e) {
                throw failed("record " + (acknowledged + 1) + " of " + total + " not acknowledged", e.getCause());
            } catch (TimeoutException e) {
                throw failed((total - acknowledged) + " of " + total + " records not acknowledged: none for "
                        + idleTimeout.toMillis() + " ms, or not all within " + ackTimeout.toMillis() + " ms", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failed("interrupted while waiting for acknowledgements", e);
            }
        }
    }

    private PublishException failed(String what, Throwable cause) {
        LOG.warn("Kafka write of requests failed: {}: {}", what, cause.toString());
        return new PublishException("Kafka did not acknowledge every record of the batch (" + what + ")", cause);
    }

    @Override
    public void start() {
        // The producer connects on first use.
    }

    /** Closes the producer, waiting up to {@code delivery.timeout.ms} for records in flight. */
    @Override
    public void stop() {
        producer.close(closeTimeout);
    }
}
