package io.herald.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.herald.schema.DeliveryReceipt;
import io.herald.schema.HeraldSerdes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real Kafka broker and Apicurio registry from {@code local-servers/target}, on free ports. Skipped when
 * {@code local-servers} is not built.
 */
class LocalStackTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @BeforeAll
    static void serversAreBuilt() {
        Path root = HeraldHome.locate().root();
        BuiltServers.require(Files.isDirectory(root.resolve("local-servers/target/kafka/lib"))
                && Files.exists(root.resolve(HeraldHome.REGISTRY_RUNNER_JAR)), "local-servers is built");
    }

    @Test
    void stackStartsAnswersStopsAndRestartsOnTheSameDataWithoutReformatting() throws Exception {
        HeraldHome home = HeraldHome.locate();
        String topic = "local-stack-test";
        String clusterId;

        // given a stack on free ports
        try (LocalStack stack = LocalStack.start(home, LocalStack.Options.withFreePorts(work))) {
            // when a topic is created and the registry asked for health
            try (Admin admin = admin(stack)) {
                admin.createTopics(Set.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
                clusterId = admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
            }
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(stack.registryUrl() + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());

            // then both answer
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(stack.bootstrapServers()).startsWith("127.0.0.1:");
            assertThat(work.resolve("kafka-data/meta.properties")).exists();
            assertThat(work.resolve("run/kafka.pid")).exists();
        }

        // then both stopped and left no pid files
        assertThat(work.resolve("run/kafka.pid")).doesNotExist();
        assertThat(work.resolve("run/registry.pid")).doesNotExist();
        String formatLog = Files.readString(work.resolve("logs/kafka-format.log"));

        // when restarted on the same work folder (and other free ports)
        try (LocalStack stack = LocalStack.start(home, LocalStack.Options.withFreePorts(work));
             Admin admin = admin(stack)) {
            // then the topic and the cluster id survived, and storage was not formatted again
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(topic);
            assertThat(admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS)).isEqualTo(clusterId);
            assertThat(Files.readString(work.resolve("logs/kafka-format.log"))).isEqualTo(formatLog);
        }
    }

    @Test
    void recordsWrittenBeforeARestartStillNameTheirSchemasAfterIt() throws Exception {
        HeraldHome home = HeraldHome.locate();
        String topic = "local-stack-restart";
        DeliveryReceipt receipt = DeliveryReceipt.newBuilder().setGatewayMessageId("4f2a").setStat("DELIVRD")
                .setReceivedAt(Instant.parse("2026-01-02T03:04:05Z")).setRecipient("4791234567").setGateway("smpp")
                .build();
        int registeredId;
        String registeredSchema = "{\"type\":\"record\",\"name\":\"Probe\",\"fields\":[{\"name\":\"n\","
                + "\"type\":\"int\"}]}";

        // given a schema registered through the Confluent API and a record whose schema the serializer registered
        try (LocalStack stack = LocalStack.start(home, LocalStack.Options.withFreePorts(work))) {
            try (Admin admin = admin(stack)) {
                admin.createTopics(Set.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            registeredId = register(stack, "local-stack-probe-value", registeredSchema);
            Map<String, Object> config = HeraldSerdes.producerSerdeConfig(stack.registryUrl());
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
            try (KafkaProducer<String, DeliveryReceipt> producer = new KafkaProducer<>(config)) {
                producer.send(new ProducerRecord<>(topic, "4f2a", receipt)).get(30, TimeUnit.SECONDS);
            }
            assertThat(work.resolve("registry-data/registry.mv.db")).exists();
        }

        // when the whole stack is started again on the same work folder
        try (LocalStack stack = LocalStack.start(home, LocalStack.Options.withFreePorts(work))) {
            byte[] value = readOne(stack, topic);

            // then the record's schema id (bytes 1 to 4) still names its schema, and the record reads back
            assertThat(value[0]).as("Confluent magic byte").isZero();
            int id = ByteBuffer.wrap(value, 1, 4).getInt();
            assertThat(new Schema.Parser().parse(schemaById(stack, id))).isEqualTo(DeliveryReceipt.getClassSchema());
            try (AvroKafkaDeserializer<DeliveryReceipt> avro = new AvroKafkaDeserializer<>()) {
                avro.configure(HeraldSerdes.consumerSerdeConfig(stack.registryUrl()), false);
                assertThat(avro.deserialize(topic, value)).isEqualTo(receipt);
            }
            // and so does the schema registered by hand
            assertThat(new Schema.Parser().parse(schemaById(stack, registeredId)))
                    .isEqualTo(new Schema.Parser().parse(registeredSchema));
        }
    }

    @Test
    void aKilledBrokerIsGoneAtOnce() {
        // given
        try (LocalStack stack = LocalStack.start(HeraldHome.locate(), LocalStack.Options.withFreePorts(work))) {
            // when
            int code = stack.kafka().kill();

            // then
            assertThat(code).isEqualTo(137);
            assertThat(stack.kafka().isAlive()).isFalse();
            assertThat(stack.registry().isAlive()).isTrue();
        }
    }

    /** Registers a schema through {@code POST /apis/ccompat/v7/subjects/SUBJECT/versions}; returns its id. */
    private static int register(LocalStack stack, String subject, String schema) throws Exception {
        String body = JSON.writeValueAsString(Map.of("schema", schema));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.registryUrl()
                        + HeraldSerdes.CCOMPAT_API_PATH + "/subjects/" + subject + "/versions"))
                        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("registration: %s", response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("id").asInt();
    }

    /** {@code GET /apis/ccompat/v7/schemas/ids/ID}: the schema text, or a failed assertion if the id is unknown. */
    private static String schemaById(LocalStack stack, int id) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.registryUrl()
                        + HeraldSerdes.CCOMPAT_API_PATH + "/schemas/ids/" + id)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("schema id %d: %s", id, response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("schema").asText();
    }

    /** Reads the single record of partition 0 of {@code topic}, raw. */
    private static byte[] readOne(LocalStack stack, String topic) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<byte[]> values = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
                return !values.isEmpty();
            });
            assertThat(values).hasSize(1);
            return values.get(0);
        }
    }

    private static Admin admin(LocalStack stack) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
    }
}
