package io.herald.cli;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.herald.schema.HeraldSerdes;
import io.herald.schema.NotificationRequest;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads record values of {@code notify.requests} (and its retry topics and DLQ) as {@link NotificationRequest}s with
 * the registry, for the CLI's tools. A value that is not in the Confluent wire format, or that does not fit its schema,
 * reads as null: a poison record. A schema id the registry does not know is asked for once, not for every record.
 * Not thread-safe.
 */
public final class RequestReader implements AutoCloseable {

    private final AvroKafkaDeserializer<NotificationRequest> avro = new AvroKafkaDeserializer<>();
    private final Set<Integer> unknownSchemaIds = new HashSet<>();

    /**
     * @param registryUrl the schema registry's base URL
     * @param clientProperties extra properties for the registry client (e.g. its authentication); may be empty; Herald's
     *     serde settings win over them
     */
    public RequestReader(String registryUrl, Map<String, ?> clientProperties) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.putAll(HeraldSerdes.consumerSerdeConfig(registryUrl));
        avro.configure(config, false);
    }

    /**
     * @param topic the topic the value was read from
     * @param value the record value, or null
     * @return the request, or null if the value is not one the registry can read
     */
    public NotificationRequest read(String topic, byte[] value) {
        if (value == null || value.length < 5 || value[0] != 0) {
            return null; // not the Confluent wire format
        }
        int schemaId = ByteBuffer.wrap(value, 1, 4).getInt();
        if (unknownSchemaIds.contains(schemaId)) {
            return null;
        }
        try {
            return avro.deserialize(topic, value);
        } catch (RuntimeException unreadable) {
            if (isNotFound(unreadable)) {
                unknownSchemaIds.add(schemaId);
            }
            return null; // a body that is not what its schema says
        }
    }

    private static boolean isNotFound(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().endsWith("NotFoundException")) {
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
