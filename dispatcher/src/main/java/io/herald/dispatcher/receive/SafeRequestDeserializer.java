package io.herald.dispatcher.receive;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.herald.schema.NotificationRequest;
import io.herald.schema.TrustedAvroClasses;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads {@code notify.requests} values with Apicurio's Avro deserializer (settings from
 * {@link io.herald.schema.HeraldSerdes#consumerSerdeConfig(String)}, passed through {@link #configure}) and never
 * throws for a bad record: a value that cannot be read becomes a {@link ConsumedValue#poison poison} marker, so the
 * consumer goes on and the record is sent to the DLQ.
 *
 * <p>The one exception is a registry that cannot be reached (connection refused or reset, timeout, unknown host, rate
 * limited): that says nothing about the record, so it is thrown as a {@link RegistryUnavailableException}; the
 * consumer's position does not move past the record and the poll loop retries it after a pause.
 */
public final class SafeRequestDeserializer implements Deserializer<ConsumedValue> {

    private final Deserializer<Object> avro;

    /** Creates a deserializer around Apicurio's {@link AvroKafkaDeserializer}; Kafka calls this constructor. */
    public SafeRequestDeserializer() {
        this(new AvroKafkaDeserializer<>());
    }

    /**
     * Creates a deserializer around another one, for tests.
     *
     * @param avro the deserializer that reads the Avro value; its exceptions become poison markers
     */
    @SuppressWarnings("unchecked")
    public SafeRequestDeserializer(Deserializer<?> avro) {
        TrustedAvroClasses.install();
        this.avro = (Deserializer<Object>) avro;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        avro.configure(configs, isKey);
    }

    @Override
    public ConsumedValue deserialize(String topic, byte[] data) {
        return deserialize(topic, null, data);
    }

    @Override
    public ConsumedValue deserialize(String topic, Headers headers, byte[] data) {
        if (data == null) {
            return ConsumedValue.poison(null, new SerializationException("null value (tombstone)"));
        }
        try {
            Object value = headers == null ? avro.deserialize(topic, data) : avro.deserialize(topic, headers, data);
            if (value instanceof NotificationRequest request) {
                return ConsumedValue.of(data, request);
            }
            return ConsumedValue.poison(data, new SerializationException("expected a NotificationRequest but read "
                    + (value == null ? "null" : value.getClass().getName())));
        } catch (Exception e) {
            if (isRegistryUnavailable(e)) {
                throw new RegistryUnavailableException("schema registry unavailable: " + e, e);
            }
            return ConsumedValue.poison(data, e);
        }
    }

    @Override
    public void close() {
        avro.close();
    }

    /**
     * Whether an error says the registry could not be reached, rather than that the record is bad.
     *
     * @param error an error thrown by the Avro deserializer
     * @return true if its cause chain holds a network error or a rate limit answer
     */
    static boolean isRegistryUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketException || t instanceof SocketTimeoutException
                    || t instanceof HttpTimeoutException || t instanceof UnknownHostException
                    || t.getClass().getSimpleName().equals("RateLimitedClientException")) {
                return true;
            }
        }
        return false;
    }

    /** The registry could not be reached while reading a record; the record itself may be fine. */
    public static final class RegistryUnavailableException extends RetriableException {
        private static final long serialVersionUID = 1L;

        RegistryUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
