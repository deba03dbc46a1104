package io.herald.dispatcher.receive;

import io.herald.schema.NotificationRequest;
import io.herald.serde.CheckedAvroDeserializer;
import io.herald.serde.RegistryUnavailableException;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads {@code notify.requests} values with a {@link CheckedAvroDeserializer} (settings from
 * {@link io.herald.schema.HeraldSerdes#consumerSerdeConfig(String)}, passed through {@link #configure}) and never
 * throws for a bad record: a value that cannot be read, whose schema id the registry does not know (asked about at
 * most once a minute per id), or whose writer schema is not {@code NotificationRequest}, becomes a
 * {@link ConsumedValue#poison poison} marker, so the consumer goes on and the record is sent to the DLQ.
 *
 * <p>The one exception is a registry that cannot be reached (connection refused or reset, timeout, unknown host, rate
 * limited): that says nothing about the record, so it is thrown as a {@link RegistryUnavailableException}; the
 * consumer's position does not move past the record and the poll loop retries it after a pause.
 */
public final class SafeRequestDeserializer implements Deserializer<ConsumedValue> {

    private final Deserializer<NotificationRequest> avro;

    /** Creates a deserializer around a {@link CheckedAvroDeserializer}; Kafka calls this constructor. */
    public SafeRequestDeserializer() {
        this(new CheckedAvroDeserializer<>(NotificationRequest.class));
    }

    /**
     * Creates a deserializer around another one, for tests.
     *
     * @param avro the deserializer that reads and checks the Avro value; its exceptions become poison markers, but for
     *     {@link RegistryUnavailableException}
     */
    public SafeRequestDeserializer(Deserializer<NotificationRequest> avro) {
        this.avro = avro;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        avro.configure(configs, isKey);
    }

    @Override
    public ConsumedValue deserialize(String topic, byte[] data) {
        return deserialize(topic, null, data);
    }

    /**
     * @return the request, or a poison marker
     * @throws RegistryUnavailableException if the registry cannot be reached
     */
    @Override
    public ConsumedValue deserialize(String topic, Headers headers, byte[] data) {
        if (data == null) {
            return ConsumedValue.poison(null, new SerializationException("null value (tombstone)"));
        }
        try {
            NotificationRequest request = headers == null ? avro.deserialize(topic, data)
                    : avro.deserialize(topic, headers, data);
            if (request == null) {
                return ConsumedValue.poison(data, new SerializationException("the value read as null"));
            }
            return ConsumedValue.of(data, request);
        } catch (RegistryUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            if (RegistryUnavailableException.isCauseOf(e)) {
                throw new RegistryUnavailableException("schema registry unavailable: " + e, e);
            }
            return ConsumedValue.poison(data, e);
        }
    }

    @Override
    public void close() {
        avro.close();
    }
}
