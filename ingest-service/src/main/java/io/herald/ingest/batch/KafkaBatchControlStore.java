package io.herald.ingest.batch;

import io.dropwizard.lifecycle.Managed;
import io.herald.ingest.core.PublishException;
import io.herald.ingest.kafka.AcknowledgedWrite;
import io.herald.ingest.kafka.KafkaFactory;
import io.herald.ingest.kafka.KafkaRequestPublisher;
import io.herald.ingest.kafka.TopicView;
import io.herald.schema.BatchControl;
import io.herald.schema.BatchControls;
import io.herald.schema.CompactedTopicReader;
import io.herald.schema.Topics;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The batch controls over {@value Topics#BATCH_CONTROL}: a write is the batch's {@link BatchControl} as JSON, keyed by
 * the batch id, acknowledged by Kafka ({@code acks=all}, idempotent producer) and then read back by this instance's
 * {@link BatchControls} view (read-your-writes), which a thread of its own keeps current. Thread-safe.
 */
public final class KafkaBatchControlStore implements BatchControlStore, TopicView, Managed {

    private final Producer<String, byte[]> producer;
    private final BatchControls controls;
    private final Duration ackTimeout;
    private final Duration closeTimeout;

    /**
     * @param producer a producer of string keys and byte-array values with {@code acks=all}; closed on {@link #stop()}
     * @param controls the view of {@value Topics#BATCH_CONTROL}, run from {@link #start()} to {@link #stop()}
     * @param deliveryTimeout the producer's {@code delivery.timeout.ms}: a write waits this long plus
     *     {@link KafkaRequestPublisher#ACK_WAIT_MARGIN} for its acknowledgement, and as long again to read it back
     */
    public KafkaBatchControlStore(Producer<String, byte[]> producer, BatchControls controls,
                                  Duration deliveryTimeout) {
        this.producer = producer;
        this.controls = controls;
        this.ackTimeout = deliveryTimeout.plus(KafkaRequestPublisher.ACK_WAIT_MARGIN);
        this.closeTimeout = deliveryTimeout;
    }

    /**
     * The store with its own clients: a producer {@code <clientId>-batch-control} and a reader
     * {@code <clientId>-batch-control-reader} (no group, no commits).
     *
     * @param kafka the {@code kafka} configuration block
     * @return a store, not started
     */
    public static KafkaBatchControlStore create(KafkaFactory kafka) {
        Consumer<byte[], byte[]> reader = kafka.buildConsumer("batch-control-reader",
                Map.of(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        return new KafkaBatchControlStore(kafka.buildJsonProducer("batch-control", Map.of()),
                new BatchControls(reader, Topics.BATCH_CONTROL),
                Duration.ofMillis(kafka.getDeliveryTimeout().toMilliseconds()));
    }

    @Override
    public BatchControl control(String batchId) {
        if (!controls.reader().isLoaded()) {
            throw new PublishException("this instance has not read the batch controls yet", null);
        }
        return controls.control(batchId);
    }

    @Override
    public void set(BatchControl control) {
        RecordMetadata written = AcknowledgedWrite.send(producer,
                new ProducerRecord<>(Topics.BATCH_CONTROL, control.batchId(), control.toJson()), ackTimeout,
                "batch control", PublishException::new);
        controls.reader().readBack(written, ackTimeout, "batch control", PublishException::new);
    }

    @Override
    public CompactedTopicReader<?, ?> reader() {
        return controls.reader();
    }

    @Override
    public int size() {
        return controls.size();
    }

    /** Starts the view's reader on a thread of its own; the producer connects on first use. */
    @Override
    public void start() {
        controls.start();
    }

    /** Stops the reader (waiting up to 10 s) and closes the producer, waiting for a write in flight. */
    @Override
    public void stop() {
        controls.stop();
        producer.close(closeTimeout);
    }
}
