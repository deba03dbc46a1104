package io.herald.harness.chaos;

import io.herald.schema.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code poison}: while ingest accepts the batch, write poison records straight to {@code notify.requests}, keyed by
 * the batch's recipients so that they share partitions (and keys) with valid records. Two kinds alternate: bytes that
 * are not the Confluent wire format at all, and a Confluent header (magic byte 0) with a schema id the registry does
 * not know ({@value #UNKNOWN_SCHEMA_ID}). Each carries a random UUID, so each is unique.
 *
 * <p>Expected: every valid message delivered, every poison record on {@code notify.requests.dlq} with its bytes
 * unchanged. Reports {@code poison} (written) and {@code poisonOnDlq} (found on the DLQ, byte for byte).
 */
final class PoisonScenario implements ChaosScenario {

    static final String NAME = "poison";
    static final int UNKNOWN_SCHEMA_ID = 0x7FFF_FF00;
    private static final long DLQ_WAIT_MS = 60_000;

    private final Set<ByteBuffer> poison = new HashSet<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void inject(FaultContext context) throws InterruptedException {
        List<String> recipients = context.recipients();
        int count = Math.max(10, recipients.size() / 100);
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, context.stack().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            for (int i = 0; i < count; i++) {
                byte[] value = i % 2 == 0 ? notAvro() : unknownSchemaId();
                String key = recipients.get(context.random().nextInt(recipients.size()));
                producer.send(new ProducerRecord<>(Topics.REQUESTS, key.getBytes(StandardCharsets.UTF_8), value))
                        .get(30, TimeUnit.SECONDS);
                synchronized (poison) {
                    poison.add(ByteBuffer.wrap(value));
                }
                Thread.sleep(20); // spread them over the submission
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot write a poison record to " + Topics.REQUESTS, e);
        }
        context.note("poison", count);
    }

    private static byte[] notAvro() {
        return ("not avro " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] unknownSchemaId() {
        UUID id = UUID.randomUUID();
        return ByteBuffer.allocate(1 + 4 + 16).put((byte) 0).putInt(UNKNOWN_SCHEMA_ID)
                .putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }

    @Override
    public void finish(FaultContext context) {
        Set<ByteBuffer> expected;
        synchronized (poison) {
            expected = new HashSet<>(poison);
        }
        Set<ByteBuffer> found = new HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DLQ_WAIT_MS);
        while (true) {
            found.clear();
            context.reader().readSince(context.dlqFrom(), record -> {
                ByteBuffer value = ByteBuffer.wrap(record.value() == null ? new byte[0] : record.value());
                if (expected.contains(value)) {
                    found.add(value);
                }
            });
            if (found.size() == expected.size() || System.nanoTime() > deadline) {
                break;
            }
            ChaosStack.sleep(1000);
        }
        context.note("poisonOnDlq", found.size());
    }
}
