package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.ingest.api.BatchRequest;
import io.herald.ingest.api.RecipientRequest;
import io.herald.schema.HeraldSerdes;
import io.herald.schema.NotificationRequest;
import io.herald.schema.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Records on notify.requests are in the Confluent wire format: magic byte 0, the 4-byte schema id that the registry's
 * Confluent-compatible API gives for the subject, then plain Avro binary. Checked on the raw bytes, without any serde.
 */
@ExtendWith(HeraldStackExtension.class)
class WireFormatIT {

    @Test
    void requestRecordsAreConfluentWireFormatWithTheRegistrysSchemaId(HeraldTestStack stack) throws Exception {
        // given a batch accepted by ingest-service
        String recipient = TestRecipients.norwegianMobiles(1).get(0);
        IngestHttp.Response response = stack.ingestHttp().postBatch(IngestHttp.batch("HERALD",
                "Wire {{w}}", List.of(new IngestHttp.Recipient(recipient, Map.of("w", "format")))));
        assertThat(response.status()).isEqualTo(202);
        String batchId = response.body().get("batchId").asText();

        // when its record is read off the topic as raw bytes
        ConsumerRecord<byte[], byte[]> record = readRawRecord(stack, recipient);

        // then it is Confluent's wire format, and decodes with plain Avro
        GenericRecord request = decode(stack, record.value());
        assertThat(request.get("batchId")).hasToString(batchId);
        assertThat(request.get("recipient")).hasToString(recipient);
        assertThat(request.get("text")).hasToString("Wire format");
        assertThat(request.get("channel")).hasToString("SMS");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(recipient);
    }

    @Test
    void pushRecordsCarryTheirPlatformTitleDataAndOptionsKeyedByTheToken(HeraldTestStack stack) throws Exception {
        // given a push batch accepted by ingest-service (an upper-case APNs token, stored lower-cased)
        String token = UUID.randomUUID().toString().replace("-", "").repeat(2).toUpperCase(java.util.Locale.ROOT);
        BatchRequest batch = new BatchRequest(null, null, List.of(new RecipientRequest(token, Map.of("w", "format"),
                null, "ios")), null, null, null, BatchRequest.CHANNEL_PUSH, null, null, null, "Wire {{w}}",
                "Body {{w}}", Map.of("k", "{{w}}"), 600, "c1", "normal", 3, "chime", null, null, null);
        IngestHttp.Response response = stack.ingestHttp().postBatch(IngestHttp.JSON.valueToTree(batch));
        assertThat(response.status()).as("%s", response.body()).isEqualTo(202);
        String stored = token.toLowerCase(java.util.Locale.ROOT);

        // when its record is read off the topic as raw bytes, then it decodes with plain Avro and the registry's schema
        ConsumerRecord<byte[], byte[]> record = readRawRecord(stack, stored);
        GenericRecord request = decode(stack, record.value());
        assertThat(request.get("channel")).hasToString("PUSH");
        assertThat(request.get("recipient")).hasToString(stored);
        assertThat(request.get("platform")).hasToString("IOS");
        assertThat(request.get("title")).hasToString("Wire format");
        assertThat(request.get("text")).hasToString("Body format");
        assertThat(request.get("data")).hasToString("{k=format}");
        assertThat(request.get("ttlSeconds")).isEqualTo(600);
        assertThat(request.get("collapseKey")).hasToString("c1");
        assertThat(request.get("priority")).hasToString("NORMAL");
        assertThat(request.get("badge")).isEqualTo(3);
        assertThat(request.get("sound")).hasToString("chime");
    }

    /**
     * Checks the Confluent wire format on the raw bytes: magic byte 0, then the 4-byte schema id the registry's
     * Confluent-compatible API gives for the subject; then decodes the rest with plain Avro (no Herald class), with the
     * schema the registry holds under that id, consuming every byte.
     */
    private static GenericRecord decode(HeraldTestStack stack, byte[] value) throws IOException, InterruptedException {
        assertThat(value[0]).isEqualTo((byte) 0);
        int schemaId = ByteBuffer.wrap(value, 1, 4).getInt();
        String subject = HeraldSerdes.valueSubject(Topics.REQUESTS);
        JsonNode latest = getJson(stack.registryUrl() + HeraldSerdes.CCOMPAT_API_PATH + "/subjects/" + subject
                + "/versions/latest");
        assertThat(schemaId).isEqualTo(latest.get("id").asInt());
        JsonNode byId = getJson(stack.registryUrl() + HeraldSerdes.CCOMPAT_API_PATH + "/schemas/ids/" + schemaId);
        Schema registered = new Schema.Parser().parse(byId.get("schema").asText());
        assertThat(registered.getFullName()).isEqualTo(NotificationRequest.getClassSchema().getFullName());
        byte[] avro = Arrays.copyOfRange(value, 5, value.length);
        var decoder = DecoderFactory.get().binaryDecoder(avro, null);
        GenericRecord request = new GenericDatumReader<GenericRecord>(registered).read(null, decoder);
        assertThat(decoder.isEnd()).as("every byte consumed").isTrue();
        return request;
    }

    private static ConsumerRecord<byte[], byte[]> readRawRecord(HeraldTestStack stack, String recipient) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-wire-" + UUID.randomUUID(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.REQUESTS).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            byte[] key = recipient.getBytes(StandardCharsets.UTF_8);
            List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (r.key() != null && Arrays.equals(r.key(), key)) {
                        found.add(r);
                    }
                });
                return !found.isEmpty();
            });
            return found.get(0);
        }
    }

    private static JsonNode getJson(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
        return IngestHttp.JSON.readTree(response.body());
    }
}
