package io.herald.serde;

import io.apicurio.registry.serde.SerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.herald.schema.TrustedAvroClasses;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.avro.generic.GenericContainer;
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
 * <p>Configure it with {@link io.herald.schema.HeraldSerdes#consumerSerdeConfig(String)} (specific reader on).
 *
 * @param <T> the generated Avro class the reader expects, e.g. {@code DeliveryStatus}
 */
public final class CheckedAvroDeserializer<T> implements Deserializer<T> {

    private final Class<T> expected;
    private final Deserializer<Object> avro;
    private final UnknownSchemaIds unknownIds;
    private String registryUrl;

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
     * @param avro the deserializer that resolves the schema id and decodes the body
     * @param unknownIds where ids the registry does not know are remembered
     */
    @SuppressWarnings("unchecked")
    public CheckedAvroDeserializer(Class<T> expected, Deserializer<?> avro, UnknownSchemaIds unknownIds) {
        TrustedAvroClasses.install();
        this.expected = expected;
        this.avro = (Deserializer<Object>) avro;
        this.unknownIds = unknownIds;
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
        return expected.cast(value);
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
