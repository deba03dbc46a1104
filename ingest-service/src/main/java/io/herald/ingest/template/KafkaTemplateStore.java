package io.herald.ingest.template;

import io.dropwizard.lifecycle.Managed;
import io.herald.ingest.api.StoredTemplate;
import io.herald.ingest.api.TemplateVersion;
import io.herald.ingest.kafka.AcknowledgedWrite;
import io.herald.ingest.kafka.KafkaFactory;
import io.herald.ingest.kafka.KafkaRequestPublisher;
import io.herald.ingest.kafka.TopicView;
import io.herald.schema.CompactedTopicReader;
import io.herald.schema.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The named templates of the compacted topic {@code notify.templates}, all of them in memory: a reader thread assigns
 * itself every partition of the topic (no consumer group, no committed offsets), reads it from the beginning and keeps
 * polling, so that every ingest instance sees every instance's writes, and a restarted one reloads them all. Writes go
 * through a producer with {@code acks=all}; each returns once Kafka acknowledged it and this instance's reader has read
 * past it (read-your-writes).
 *
 * <p>Concurrency: writes through one instance are serialized, and {@code If-Match} is checked against this instance's
 * view. Two instances writing the same id at the same moment may both pass the check; the record that comes later in
 * the topic then wins on every instance (the topic orders writes per key), and both clients were told success.
 *
 * <p>Until the reader has reached the end offsets the topic had when it started ({@link #isLoaded()}), {@link #get}
 * of a template it has not seen and every write fail with {@link TemplateStoreUnavailableException}: the view may be
 * incomplete. A record that is not a valid template is skipped with a WARN naming its partition and offset only.
 */
public final class KafkaTemplateStore implements TemplateStore, TopicView, Managed {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaTemplateStore.class);

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final Clock clock;
    private final Duration ackTimeout;
    private final Duration syncTimeout;
    private final Map<String, StoredTemplate> templates = new ConcurrentHashMap<>();
    /** The earlier versions of the templates that have some, newest first; written by the reader thread only. */
    private final Map<String, List<TemplateVersion>> previous = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();
    private final CompactedTopicReader<String, byte[]> reader;

    /**
     * @param producer the template producer ({@code acks=all}); closed by {@link #stop()}
     * @param consumer a consumer without group id; used by the reader thread only, which closes it
     * @param topic the topic, e.g. {@code notify.templates}
     * @param clock gives {@code updatedAt}, truncated to milliseconds
     * @param deliveryTimeout the producer's {@code delivery.timeout.ms}: a write waits this long plus
     *     {@link KafkaRequestPublisher#ACK_WAIT_MARGIN} for Kafka's acknowledgement
     * @param syncTimeout how long an acknowledged write waits for the reader to read it back
     */
    public KafkaTemplateStore(Producer<String, byte[]> producer, Consumer<String, byte[]> consumer, String topic,
                              Clock clock, Duration deliveryTimeout, Duration syncTimeout) {
        this.producer = producer;
        this.topic = topic;
        this.clock = clock;
        this.ackTimeout = deliveryTimeout.plus(KafkaRequestPublisher.ACK_WAIT_MARGIN);
        this.syncTimeout = syncTimeout;
        this.reader = new CompactedTopicReader<>(consumer, topic, "template", TopicView.READER_POLL_TIMEOUT,
                this::apply, () -> { });
    }

    /**
     * The store over {@code notify.templates} with its own clients: a producer {@code <clientId>-templates}
     * ({@code acks=all}, idempotence, one record at a time) and a reader {@code <clientId>-templates-reader} (no
     * group, no commits).
     *
     * @param kafka the {@code kafka} configuration block
     * @param clock gives {@code updatedAt}
     * @return a store, not started
     */
    public static KafkaTemplateStore create(KafkaFactory kafka, Clock clock) {
        return new KafkaTemplateStore(kafka.buildJsonProducer("templates", Map.of()),
                kafka.buildConsumer("templates-reader", Map.of()), Topics.TEMPLATES, clock,
                Duration.ofMillis(kafka.getDeliveryTimeout().toMilliseconds()),
                Duration.ofMillis(kafka.getTemplateSyncTimeout().toMilliseconds()));
    }

    /** Starts the reader thread; returns at once (see {@link #isLoaded()}). */
    @Override
    public void start() {
        reader.start();
    }

    /**
     * Stops the reader (which closes the consumer), waiting up to 10 s, then closes the producer, waiting up to the
     * acknowledgement timeout for a write in flight.
     */
    @Override
    public void stop() throws InterruptedException {
        reader.stop();
        producer.close(ackTimeout);
    }




    /** @return how many templates this instance knows */
    @Override
    public CompactedTopicReader<?, ?> reader() {
        return reader;
    }

    @Override
    public int size() {
        return templates.size();
    }

    @Override
    public Optional<StoredTemplate> get(String id) {
        StoredTemplate template = templates.get(id);
        if (template == null && !reader.isLoaded()) {
            throw notLoaded();
        }
        return Optional.ofNullable(template);
    }

    @Override
    public List<TemplateVersion> history(String id) {
        StoredTemplate template = get(id).orElse(null);
        if (template == null) {
            return List.of();
        }
        // The reader replaces the earlier versions just before the template: read between the two, they are the
        // next record's, which list this template's version too; only those below it are its own.
        List<TemplateVersion> earlier = previous.getOrDefault(id, List.of());
        return TemplateVersions.history(template, earlier.stream().filter(v -> v.version() < template.version())
                .toList());
    }

    @Override
    public List<StoredTemplate> list(String keyPrefix) {
        if (!reader.isLoaded()) {
            throw notLoaded();
        }
        return TemplateKeys.withPrefix(templates.values(), keyPrefix);
    }

    @Override
    public int count(String keyPrefix) {
        if (!reader.isLoaded()) {
            throw notLoaded();
        }
        int count = 0;
        for (String id : templates.keySet()) {
            if (id.startsWith(keyPrefix)) {
                count++;
            }
        }
        return count;
    }

    @Override
    public StoredTemplate put(String id, String text, Long expectedVersion) {
        synchronized (writeLock) {
            if (!reader.isLoaded()) {
                throw notLoaded();
            }
            StoredTemplate current = templates.get(id);
            TemplateVersions.check(id, current, expectedVersion);
            StoredTemplate next = new StoredTemplate(id, TemplateVersions.next(current), text,
                    clock.instant().truncatedTo(ChronoUnit.MILLIS));
            RecordMetadata written = send(id, TemplateJson.write(next,
                    TemplateVersions.previousOfNext(current, previous.getOrDefault(id, List.of()))), "write");
            awaitRead(written);
            LOG.atInfo().addKeyValue("templateId", id).addKeyValue("version", next.version())
                    .log("template {} version {} written at offset {}", id, next.version(), written.offset());
            return next;
        }
    }

    @Override
    public void delete(String id, Long expectedVersion) {
        synchronized (writeLock) {
            if (!reader.isLoaded()) {
                throw notLoaded();
            }
            StoredTemplate current = templates.get(id);
            if (current == null) {
                throw new TemplateNotFoundException(id);
            }
            TemplateVersions.check(id, current, expectedVersion);
            RecordMetadata written = send(id, null, "delete");
            awaitRead(written);
            LOG.atInfo().addKeyValue("templateId", id)
                    .log("template {} deleted (version {}) at offset {}", id, current.version(), written.offset());
        }
    }

    private RecordMetadata send(String id, byte[] value, String what) {
        return AcknowledgedWrite.send(producer, new ProducerRecord<>(topic, id, value), ackTimeout, "template " + what,
                this::unavailable);
    }

    /** Waits until the reader has read past the written record, so that {@link #get} reflects it. */
    private void awaitRead(RecordMetadata written) {
        reader.readBack(written, syncTimeout, "template write", this::unavailable);
    }

    private TemplateStoreUnavailableException notLoaded() {
        return new TemplateStoreUnavailableException("the templates are not loaded yet (" + reader.state() + ")",
                null);
    }

    private TemplateStoreUnavailableException unavailable(String message, Throwable cause) {
        LOG.warn("template store: {}", message);
        return new TemplateStoreUnavailableException(message, cause);
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            LOG.warn("template reader: skipped a record without key at {}-{} offset {}", record.topic(),
                    record.partition(), record.offset());
            return;
        }
        if (record.value() == null) {
            templates.remove(record.key());
            previous.remove(record.key());
            return;
        }
        try {
            TemplateJson.Value value = TemplateJson.read(record.key(), record.value());
            if (value.previous().isEmpty()) {
                previous.remove(record.key());
            } else {
                previous.put(record.key(), value.previous());
            }
            templates.put(record.key(), value.template());
        } catch (IllegalArgumentException e) {
            LOG.warn("template reader: skipped an invalid record at {}-{} offset {}: {}", record.topic(),
                    record.partition(), record.offset(), e.getMessage());
        }
    }
}
