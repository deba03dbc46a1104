package io.herald.serde;

import io.apicurio.registry.rest.client.exception.ConflictException;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.herald.schema.TrustedAvroClasses;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Avro values in the Confluent wire format ({@link WireFormat}), resolving each schema's id once per topic.
 *
 * <p>The first value of a schema on a topic goes through Apicurio's {@link AvroKafkaSerializer}, which registers or
 * looks up the schema (subject {@code <topic>-value}) and writes the value. From its bytes this class takes the id,
 * encodes the same value itself, and caches the id only if its own bytes equal Apicurio's byte for byte; every later
 * value of that schema is then written here: magic byte, id, Avro binary, with no registry lookup and no schema
 * canonicalization. Apicurio's serializer (2.6.13) turns the schema into a string on every record before its own cache
 * lookup, which a profile of the dispatcher showed on its hot path. Ids are content ids, fixed for a schema's content,
 * so a cached id never goes stale.
 *
 * <p>A schema whose bytes differ (for example with settings that put the id in headers) is never cached: each of its
 * values goes through Apicurio's serializer as before. Thread-safe: first values of a topic are written one at a time
 * (so one process registers a new schema once), and one that the registry refuses with 409 because another process
 * registered the same schema at that moment is tried again.
 *
 * @param <T> the Avro type written, a generated {@code SpecificRecord} or a {@code GenericRecord}
 */
public final class CachingAvroSerializer<T extends GenericContainer> implements Serializer<T> {

    private static final Logger LOG = LoggerFactory.getLogger(CachingAvroSerializer.class);
    private static final int INITIAL_BUFFER_BYTES = 256;
    /** How often a first value is tried when the registry answers that its schema was registered meanwhile. */
    private static final int REGISTER_ATTEMPTS = 3;

    private final Serializer<T> registering;
    /** topic → writer schema → schema id. */
    private final Map<String, Map<Schema, Integer>> ids = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();
    private final ThreadLocal<BinaryEncoder> encoders = new ThreadLocal<>();

    /** A serializer around Apicurio's {@link AvroKafkaSerializer}; Kafka calls this constructor. */
    public CachingAvroSerializer() {
        this(new AvroKafkaSerializer<>());
    }

    /**
     * @param registering the serializer that registers or looks up a schema and writes its first value
     */
    public CachingAvroSerializer(Serializer<T> registering) {
        TrustedAvroClasses.install();
        this.registering = registering;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        registering.configure(configs, isKey);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return serialize(topic, null, data);
    }

    /**
     * @return the value in the Confluent wire format, or null for null
     * @throws SerializationException if the value cannot be written, or its schema cannot be registered
     */
    @Override
    public byte[] serialize(String topic, Headers headers, T data) {
        if (data == null) {
            return null;
        }
        Schema schema = data.getSchema();
        Map<Schema, Integer> topicIds = ids.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
        Integer id = topicIds.get(schema);
        if (id != null) {
            return encode(id, schema, data);
        }
        // One first value per topic at a time: first values of a new schema sent at once (a burst of batches after
        // an upgrade) would each register it, and the registry refuses all but one (VersionAlreadyExistsException).
        synchronized (topicIds) {
            id = topicIds.get(schema);
            if (id != null) {
                return encode(id, schema, data);
            }
            byte[] bytes = registerFirst(topic, headers, data);
            OptionalInt written = WireFormat.schemaId(bytes);
            if (written.isPresent() && Arrays.equals(bytes, encode(written.getAsInt(), schema, data))) {
                topicIds.put(schema, written.getAsInt());
            } else {
                LOG.warn("Values of schema {} on topic {} are not in the Confluent wire format as this class writes "
                        + "it; each goes through the registry's serializer", schema.getFullName(), topic);
            }
            return bytes;
        }
    }

    /**
     * Writes a first value through the registering serializer. When the registry answers 409 (another process
     * registered the same schema version at the same moment: {@code VersionAlreadyExistsException}), the schema exists
     * now, and a second try finds it; at most {@value #REGISTER_ATTEMPTS} tries.
     */
    private byte[] registerFirst(String topic, Headers headers, T data) {
        for (int attempt = 1; ; attempt++) {
            try {
                return headers == null ? registering.serialize(topic, data)
                        : registering.serialize(topic, headers, data);
            } catch (RuntimeException e) {
                if (attempt >= REGISTER_ATTEMPTS || !registeredMeanwhile(e)) {
                    throw e;
                }
                LOG.info("The schema {} of topic {} was registered by another client at the same time ({}); looking"
                        + " it up", data.getSchema().getFullName(), topic, e.toString());
            }
        }
    }

    /** @return whether the registry answered that what was being registered exists already (409) */
    private static boolean registeredMeanwhile(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConflictException) {
                return true;
            }
        }
        return false;
    }

    private byte[] encode(int id, Schema schema, T data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(INITIAL_BUFFER_BYTES);
        out.write(WireFormat.MAGIC_BYTE);
        out.write(id >>> 24);
        out.write(id >>> 16);
        out.write(id >>> 8);
        out.write(id);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, encoders.get());
        encoders.set(encoder);
        try {
            writers.computeIfAbsent(schema, CachingAvroSerializer::writerFor).write(data, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new SerializationException("cannot write a value of schema " + schema.getFullName(), e);
        }
        return out.toByteArray();
    }

    /** A writer with the generated class's own model (its logical-type conversions); it writes generic records too. */
    private static DatumWriter<Object> writerFor(Schema schema) {
        return new SpecificDatumWriter<>(schema, SpecificData.getForSchema(schema));
    }

    @Override
    public void close() {
        registering.close();
    }
}
