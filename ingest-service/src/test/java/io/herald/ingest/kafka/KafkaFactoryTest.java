package io.herald.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.util.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class KafkaFactoryTest {

    @Test
    void shouldEnforceAcksAllAndIdempotenceAndPassOtherPropertiesThrough() {
        // given
        KafkaFactory factory = new KafkaFactory();
        factory.setBootstrapServers("broker:9093");
        factory.setProperties(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                "linger.ms", "20", "ssl.truststore.location", "/etc/kafka/truststore.jks"));

        // when
        Map<String, Object> producer = factory.producerConfig();
        Map<String, Object> admin = factory.adminConfig();

        // then
        assertThat(producer).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9093")
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000")
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "20")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("apicurio.registry.url", "http://127.0.0.1:8085/apis/registry/v2");
        assertThat(admin).containsEntry(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.jks")
                .doesNotContainKey(ProducerConfig.LINGER_MS_CONFIG);
    }

    @Test
    void shouldConfigureTheTemplateClientsWithoutRegistryOrGroup() {
        // given
        KafkaFactory factory = new KafkaFactory();
        factory.setBootstrapServers("broker:9093");
        factory.setProperties(Map.of("security.protocol", "SASL_SSL", "linger.ms", "20", "group.id", "x"));

        // when
        Map<String, Object> producer = factory.jsonProducerConfig("templates");
        Map<String, Object> consumer = factory.consumerConfig("templates-reader");

        // then
        assertThat(producer).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "0")
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "herald-ingest-templates")
                .containsEntry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName())
                .containsEntry("security.protocol", "SASL_SSL");
        assertThat(producer.keySet()).noneMatch(key -> key.startsWith("apicurio."));
        assertThat(consumer).containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9093")
                .containsEntry(ConsumerConfig.CLIENT_ID_CONFIG, "herald-ingest-templates-reader")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false")
                .containsEntry(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName())
                .containsEntry("security.protocol", "SASL_SSL")
                .doesNotContainKey(ConsumerConfig.GROUP_ID_CONFIG)
                .doesNotContainKey(ProducerConfig.LINGER_MS_CONFIG);
    }

    @Test
    void shouldConfigureStreamsForExactlyOnceWithTheSecuritySettingsAndItsOwnIdentity() {
        // given
        KafkaFactory factory = new KafkaFactory();
        factory.setBootstrapServers("broker:9093");
        factory.setClientId("ingest-a");
        factory.setProperties(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"));

        // when
        Map<String, Object> streams = new StreamsFactory().streamsConfig(factory, "herald-ingest-status", "status",
                "/var/lib/herald/s");

        // then
        assertThat(streams)
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "herald-ingest-status")
                .containsEntry(StreamsConfig.STATE_DIR_CONFIG, "/var/lib/herald/s")
                .containsEntry(StreamsConfig.CLIENT_ID_CONFIG, "ingest-a-status")
                .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        // Kafka Streams itself accepts the result.
        assertThat(new StreamsConfig(streams).getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
                .isEqualTo("exactly_once_v2");
    }

    @Test
    void shouldKeepRequestTimeoutWithinTheDeliveryTimeout() {
        // given delivery.timeout.ms must be >= linger.ms + request.timeout.ms
        KafkaFactory factory = new KafkaFactory();
        factory.setDeliveryTimeout(Duration.seconds(10));

        // when
        Map<String, Object> producer = factory.producerConfig();

        // then
        assertThat(producer).containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "9995");
        assertThat(new ProducerConfig(producer).getInt(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG)).isEqualTo(9995);
    }

    @Test
    void shouldRefusePropertiesThatOverrideManagedKeys() {
        // given
        KafkaFactory factory = new KafkaFactory();
        factory.setProperties(Map.of("acks", "1", "linger.ms", "5"));

        // then
        assertThat(factory.isPropertiesFreeOfManagedKeys()).isFalse();
        assertThat(factory.overriddenManagedKeys()).containsExactly("acks");
    }

    @Test
    void suppressionProducerWritesStringKeysAndRawValuesWithAcksAllAndNoRegistrySerde() {
        // given
        KafkaFactory factory = new KafkaFactory();
        factory.setProperties(Map.of("security.protocol", "SASL_SSL"));

        // when
        Map<String, Object> producer = factory.jsonProducerConfig("suppressions");

        // then
        assertThat(producer).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "herald-ingest-suppressions")
                .containsEntry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                        "org.apache.kafka.common.serialization.StringSerializer")
                .containsEntry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                        "org.apache.kafka.common.serialization.ByteArraySerializer")
                .containsEntry("security.protocol", "SASL_SSL");
        assertThat(producer.keySet()).noneMatch(key -> key.startsWith("apicurio."));
    }
}
