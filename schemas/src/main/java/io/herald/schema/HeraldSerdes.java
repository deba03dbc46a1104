package io.herald.schema;

import io.apicurio.registry.serde.Legacy4ByteIdHandler;
import io.apicurio.registry.serde.SerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerdeConfig;
import io.herald.serde.CachingAvroSerializer;
import io.herald.serde.CheckedAvroDeserializer;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The serde settings every Herald producer and consumer uses, defined once.
 *
 * <p>Values are Avro, written by Apicurio's serde in the Confluent wire format: byte 0 is the magic byte {@code 0},
 * bytes 1–4 the schema id (the registry's contentId, big-endian, the same id that {@code /apis/ccompat/v7} gives for
 * the subject), then the Avro binary encoding. That is byte-compatible with Confluent's {@code KafkaAvroSerializer},
 * so a user can swap serde class names in config. Subjects follow the topic-name strategy: {@code <topic>-value}.
 * Keys are UTF-8 strings.
 *
 * <p>Every method here also trusts Herald's generated classes for Avro ({@link TrustedAvroClasses#install()}), so a
 * serde configured through this class can instantiate them.
 */
public final class HeraldSerdes {

    /** Path of Apicurio's native API under the registry's base URL. */
    public static final String REGISTRY_API_PATH = "/apis/registry/v2";

    /** Path of the Confluent-compatible API under the registry's base URL. */
    public static final String CCOMPAT_API_PATH = "/apis/ccompat/v7";

    private HeraldSerdes() {
    }

    /**
     * Producer settings: string keys, Avro values in Confluent wire format, schemas auto-registered. Values are written
     * by {@link CachingAvroSerializer}, which resolves each schema's id once through Apicurio's serializer and writes
     * the same bytes.
     *
     * @param registryUrl the registry's base URL, e.g. {@code http://127.0.0.1:8081}; a URL that already ends in
     *     {@value #REGISTRY_API_PATH} is taken as it is
     * @return a new mutable map of Kafka producer properties
     */
    public static Map<String, Object> producerSerdeConfig(String registryUrl) {
        Map<String, Object> config = registryConfig(registryUrl);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, CachingAvroSerializer.class.getName());
        config.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, true);
        config.put(SerdeConfig.AUTO_REGISTER_ARTIFACT_IF_EXISTS, "RETURN_OR_UPDATE");
        return config;
    }

    /**
     * Consumer settings: string keys, Avro values read into the generated SpecificRecord classes.
     *
     * @param registryUrl the registry's base URL, as for {@link #producerSerdeConfig(String)}
     * @return a new mutable map of Kafka consumer properties
     */
    public static Map<String, Object> consumerSerdeConfig(String registryUrl) {
        Map<String, Object> config = registryConfig(registryUrl);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class.getName());
        config.put(AvroKafkaSerdeConfig.USE_SPECIFIC_AVRO_READER, true);
        return config;
    }

    /**
     * The registry settings alone, for code that builds a serde itself (for example a Kafka Streams Serde).
     *
     * @param registryUrl the registry's base URL, as for {@link #producerSerdeConfig(String)}
     * @return a new mutable map of serde properties
     */
    public static Map<String, Object> registryConfig(String registryUrl) {
        TrustedAvroClasses.install();
        Map<String, Object> config = new HashMap<>();
        config.put(SerdeConfig.REGISTRY_URL, apiUrl(registryUrl));
        config.put(SerdeConfig.ENABLE_CONFLUENT_ID_HANDLER, true);
        // as-confluent switches to the 4-byte id handler anyway; naming it too keeps the serde from warning about a
        // "duplicate id-handler configuration" against its 8-byte default.
        config.put(SerdeConfig.ID_HANDLER, Legacy4ByteIdHandler.class.getName());
        config.put(SerdeConfig.USE_ID, "contentId");
        config.put(SerdeConfig.ENABLE_HEADERS, false);
        return config;
    }

    /**
     * A serde for Kafka Streams, for record values: {@link CachingAvroSerializer} (schemas auto-registered) and
     * {@link CheckedAvroDeserializer} (generated SpecificRecord classes; a value whose schema id is unknown or whose
     * writer schema is not {@code type} is a {@link io.herald.serde.PoisonRecordException}), configured as
     * {@link #producerSerdeConfig(String)} and {@link #consumerSerdeConfig(String)} say. Use it with
     * {@link io.herald.serde.SkipPoisonRecordsHandler} as the deserialization exception handler.
     *
     * @param type the generated Avro class, e.g. {@code DeliveryStatus.class}
     * @param registryUrl the registry's base URL, as for {@link #producerSerdeConfig(String)}
     * @param <T> the generated Avro class
     * @return a configured serde
     */
    public static <T extends org.apache.avro.specific.SpecificRecord> Serde<T> valueSerde(Class<T> type,
                                                                                          String registryUrl) {
        CachingAvroSerializer<T> serializer = new CachingAvroSerializer<>();
        serializer.configure(producerSerdeConfig(registryUrl), false);
        CheckedAvroDeserializer<T> deserializer = new CheckedAvroDeserializer<>(type);
        deserializer.configure(consumerSerdeConfig(registryUrl), false);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    /**
     * The subject (Confluent) or artifact id (Apicurio) under which a topic's value schema is registered.
     *
     * @param topic the topic name
     * @return {@code <topic>-value}
     */
    public static String valueSubject(String topic) {
        return topic + "-value";
    }

    /**
     * Normalizes a registry URL to the Apicurio v2 API URL the serde expects.
     *
     * @param registryUrl a base URL such as {@code http://127.0.0.1:8081}, with or without a trailing slash or the
     *     {@value #REGISTRY_API_PATH} suffix
     * @return the URL ending in {@value #REGISTRY_API_PATH}
     */
    public static String apiUrl(String registryUrl) {
        String base = registryUrl.endsWith("/") ? registryUrl.substring(0, registryUrl.length() - 1) : registryUrl;
        return base.endsWith(REGISTRY_API_PATH) ? base : base + REGISTRY_API_PATH;
    }
}
