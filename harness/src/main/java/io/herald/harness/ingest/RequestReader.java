package io.herald.harness.ingest;

import io.herald.schema.HeraldSerdes;
import io.herald.schema.NotificationRequest;
import io.herald.serde.CheckedAvroDeserializer;
import io.herald.serde.PoisonRecordException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads record values of {@code notify.requests} (and its retry topics and DLQ) as {@link NotificationRequest}s with
 * the registry, for the CLI's tools. A value that is not in the Confluent wire format, whose writer schema is not
 * {@code NotificationRequest}, or that does not fit its schema, reads as null: a poison record. A schema id the
 * registry does not know is asked about at most once a minute ({@link CheckedAvroDeserializer}), not for every record.
 */
public final class RequestReader implements AutoCloseable {

    private final CheckedAvroDeserializer<NotificationRequest> avro =
            new CheckedAvroDeserializer<>(NotificationRequest.class);

    /**
     * @param registryUrl the schema registry's base URL
     * @param clientProperties extra properties for the registry client (e.g. its authentication); may be empty;
     *     Herald's serde settings win over them
     */
    public RequestReader(String registryUrl, Map<String, ?> clientProperties) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.putAll(HeraldSerdes.consumerSerdeConfig(registryUrl));
        avro.configure(config, false);
    }

    /**
     * @param topic the topic the value was read from
     * @param value the record value, or null
     * @return the request, or null if the value is not one the registry can read as a request
     * @throws io.herald.serde.RegistryUnavailableException if the registry cannot be reached
     */
    public NotificationRequest read(String topic, byte[] value) {
        try {
            return avro.deserialize(topic, value);
        } catch (PoisonRecordException poison) {
            return null;
        }
    }

    @Override
    public void close() {
        avro.close();
    }
}
