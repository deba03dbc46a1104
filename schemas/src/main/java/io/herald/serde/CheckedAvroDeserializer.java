package io.herald.serde;

import io.apicurio.registry.resolver.strategy.ArtifactReference;
import io.apicurio.registry.serde.SerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.herald.schema.TrustedAvroClasses;
import java.io.IOException;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Avro values in the Confluent wire format ({@link WireFormat}) with Apicurio's {@link AvroKafkaDeserializer},
 * and checks what it decoded before handing it on. A value is poison, thrown as {@link PoisonRecordException}, when:
 * <ul>
 *   <li>it is not in the wire format (no magic byte 0 and 4-byte id);</li>
 *   <li>its schema id is unknown to the registry: the registry is then not asked about that id again for
 *       {@link UnknownSchemaIds#DEFAULT_TTL} by any reader in this JVM;</li>
 *   <li>its writer schema is not the record type the reader expects: the full names differ (e.g. a
 *       {@code DeliveryStatus} under an id read from {@code notify.requests}, which happens when a registry lost its
 *       schemas and gave their ids to others);</li>
 *   <li>its body does not fit its writer schema.</li>
 * </ul>
 * A registry that cannot be reached says nothing about the record: that is thrown as
 * {@link RegistryUnavailableException}, so the reader retries. A null value (tombstone) reads as null.
 *
 * <p>The first value of each schema id is decoded by Apicurio's deserializer. Its writer schema (from the registry
 * client's cache) then gets a datum reader of its own here, kept only if it decodes that value to an equal record;
 * later values of that id are decoded with it. Apicurio's deserializer (2.6.13) builds a new reader, resolving the
 * writer schema against the reader schema, for every value, which a profile of the dispatcher showed as the largest
 * part of reading {@code notify.requests}.
 *
 * <p>Configure it with {@link io.herald.schema.HeraldSerdes#consumerSerdeConfig(String)} (specific reader on).
 *
 * @param <T> the generated Avro class the reader expects, e.g. {@code DeliveryStatus}
 */
public final class CheckedAvroDeserializer<T> implements Deserializer<T> {

    private final Class<T> expected;
    private final Deserializer<Object> avro;
    private final UnknownSchemaIds unknownIds;
    private final WriterSchemas writerSchemas;
    /** schema id → a reader of that writer schema into {@code T}, once one was checked against Apicurio's. */
    private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();
    /** Ids whose own reader did not decode as Apicurio's did: always decoded by Apicurio's. */
    private final Set<Integer> uncached = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();
    private String registryUrl;

    /** Finds the writer schema of an id, from the registry client's cache. */
    @FunctionalInterface
    public interface WriterSchemas {
        /**
         * @param schemaId a schema id that was just resolved
         * @return its writer schema, or null if unknown
         */
        Schema writerSchema(int schemaId);
    }

    /**
     * A deserializer around Apicurio's, sharing this JVM's {@link UnknownSchemaIds#shared() unknown ids}.
     *
     * @param expected the class every value must decode to
     */
    public CheckedAvroDeserializer(Class<T> expected) {
        this(expected, new AvroKafkaDeserializer<>(), UnknownSchemaIds.shared());
    }

    /**
     * @param expected the class every value must decode to
     * @param avro the deserializer that resolves the schema id and decodes the body; if it is Apicurio's, its schema
     *     resolver gives the writer schemas for this class's own readers
     * @param unknownIds where ids the registry does not know are remembered
     */
    public CheckedAvroDeserializer(Class<T> expected, Deserializer<?> avro, UnknownSchemaIds unknownIds) {
        this(expected, avro, unknownIds, avro instanceof AvroKafkaDeserializer<?> apicurio
                ? id -> apicurio.getSchemaResolver().resolveSchemaByArtifactReference(
                        ArtifactReference.builder().contentId((long) id).build()).getParsedSchema().getParsedSchema()
                : id -> null);
    }

    /**
     * @param expected the class every value must decode to
     * @param avro the deserializer that resolves the schema id and decodes the body
     * @param unknownIds where ids the registry does not know are remembered
     */
    @SuppressWarnings("unchecked")
    public CheckedAvroDeserializer(Class<T> expected, Deserializer<?> avro, UnknownSchemaIds unknownIds,
                                   WriterSchemas writerSchemas) {
        TrustedAvroClasses.install();
        this.expected = expected;
        this.avro = (Deserializer<Object>) avro;
        this.unknownIds = unknownIds;
        this.writerSchemas = writerSchemas;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Object url = configs.get(SerdeConfig.REGISTRY_URL);
        this.registryUrl = url == null ? null : url.toString();
        avro.configure(configs, isKey);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return deserialize(topic, null, data);
    }

    /**
     * @return the value, or null for a null value
     * @throws PoisonRecordException if the value is poison (see the class comment)
     * @throws RegistryUnavailableException if the registry cannot be reached
     */
    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        if (data == null) {
            return null;
        }
        OptionalInt id = WireFormat.schemaId(data);
        if (id.isEmpty()) {
            throw new PoisonRecordException(PoisonRecordException.NO_SCHEMA_ID, "a value of " + data.length
                    + " bytes that is not in the Confluent wire format (magic byte 0, 4-byte schema id)", null);
        }
        int schemaId = id.getAsInt();
        DatumReader<T> reader = readers.get(schemaId);
        if (reader != null) {
            return read(reader, schemaId, data);
        }
        if (unknownIds.isKnownUnknown(registryUrl, schemaId)) {
            throw unknown(schemaId, null);
        }
        Object value;
        try {
            value = headers == null ? avro.deserialize(topic, data) : avro.deserialize(topic, headers, data);
        } catch (RuntimeException e) {
            if (RegistryUnavailableException.isCauseOf(e)) {
                throw new RegistryUnavailableException("schema registry unavailable while reading schema id "
                        + schemaId + ": " + e, e);
            }
            if (isNotFound(e)) {
                unknownIds.remember(registryUrl, schemaId);
                throw unknown(schemaId, e);
            }
            throw new PoisonRecordException(schemaId, "a value under schema id " + schemaId
                    + " that does not fit its schema: " + e.getClass().getSimpleName(), e);
        }
        if (!expected.isInstance(value)) {
            String found = value instanceof GenericContainer container ? container.getSchema().getFullName()
                    : value == null ? "null" : value.getClass().getName();
            throw new PoisonRecordException(schemaId, "schema id " + schemaId + " is " + found + ", not the expected "
                    + expected.getName(), null);
        }
        T result = expected.cast(value);
        if (!uncached.contains(schemaId)) {
            cacheReader(schemaId, data, result);
        }
        return result;
    }

    /** Builds a reader for the id's writer schema and keeps it if it decodes {@code data} to {@code decoded}. */
    private void cacheReader(int schemaId, byte[] data, T decoded) {
        try {
            Schema writer = writerSchemas.writerSchema(schemaId);
            if (writer == null || !(decoded instanceof GenericContainer container)) {
                uncached.add(schemaId);
                return;
            }
            Schema readerSchema = container.getSchema();
            DatumReader<T> reader = new SpecificDatumReader<>(writer, readerSchema,
                    SpecificData.getForSchema(readerSchema));
            if (decoded.equals(read(reader, schemaId, data))) {
                readers.put(schemaId, reader);
            } else {
                uncached.add(schemaId);
            }
        } catch (RuntimeException e) {
            uncached.add(schemaId); // Apicurio's deserializer goes on reading this id
        }
    }

    private T read(DatumReader<T> reader, int schemaId, byte[] data) {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_LENGTH,
                data.length - WireFormat.HEADER_LENGTH, decoders.get());
        decoders.set(decoder);
        try {
            return reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new PoisonRecordException(schemaId, "a value under schema id " + schemaId
                    + " that does not fit its schema: " + e.getClass().getSimpleName(), e);
        }
    }

    private static PoisonRecordException unknown(int schemaId, Throwable cause) {
        return new PoisonRecordException(schemaId, "schema id " + schemaId + " is unknown to the registry", cause);
    }

    /**
     * @param error what the registry client threw
     * @return whether it says the registry has no such content (HTTP 404), as Apicurio's {@code NotFoundException}
     *     and its subclasses do
     */
    static boolean isNotFound(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.apicurio.registry.rest.client.exception.NotFoundException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        avro.close();
    }
}
