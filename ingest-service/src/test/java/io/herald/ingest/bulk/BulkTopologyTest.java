package io.herald.ingest.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.ingest.core.BatchLimits;
import io.herald.ingest.core.BatchPreparer;
import io.herald.ingest.core.PhoneNumberNormalizer;
import io.herald.ingest.template.InMemoryTemplateStore;
import io.herald.kafka.AvroBinarySerde;
import io.herald.schema.BatchIntake;
import io.herald.schema.BatchSource;
import io.herald.schema.Channel;
import io.herald.schema.NotificationRequest;
import io.herald.schema.PriorityLane;
import io.herald.schema.Topics;
import io.herald.schema.TrustedAvroClasses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bulk topology on Kafka's TopologyTestDriver (Avro values in plain binary: no registry here). */
class BulkTopologyTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> bulk;
    private TestOutputTopic<String, NotificationRequest> requests;
    private TestOutputTopic<String, String> rejected;
    private TestOutputTopic<String, BatchIntake> intakes;

    @BeforeEach
    void start() throws IOException {
        TrustedAvroClasses.install();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        InMemoryTemplateStore templates = new InMemoryTemplateStore(clock);
        templates.put("otp", "Your code is {{code}}", null);
        BatchPreparer preparer = new BatchPreparer(new BatchLimits(100_000, 1600, 6),
                new PhoneNumberNormalizer("NO"), templates, clock);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bulk-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(stateDir.resolve("state")).toString());
        driver = new TopologyTestDriver(BulkTopology.build(preparer, "HERALD", "bulk-client",
                new AvroBinarySerde<>(NotificationRequest.class), new AvroBinarySerde<>(BatchIntake.class), clock), props);
        bulk = driver.createInputTopic(Topics.BULK, new StringSerializer(), new ByteArraySerializer());
        requests = driver.createOutputTopic(Topics.REQUESTS, new StringDeserializer(),
                new AvroBinarySerde<>(NotificationRequest.class).deserializer());
        rejected = driver.createOutputTopic(Topics.BULK_REJECTED, new StringDeserializer(), new StringDeserializer());
        intakes = driver.createOutputTopic(Topics.BATCHES, new StringDeserializer(),
                new AvroBinarySerde<>(BatchIntake.class).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void shouldTurnValidLinesIntoRequestsKeyedByRecipientWithAnIntakeEach() {
        // when an SMS line with a national number, a named template line and an e-mail line
        line("{\"batchId\":\"b1\",\"to\":\"912 34 567\",\"text\":\"Hi {{name}}\",\"vars\":{\"name\":\"Ola\"}}");
        line("{\"batchId\":\"b1\",\"to\":\"+4741234567\",\"template\":\"otp\",\"vars\":{\"code\":\"1234\"}}");
        line("{\"batchId\":\"b2\",\"to\":\"Kari@Example.COM\",\"channel\":\"email\",\"from\":\"shop@example.com\","
                + "\"subject\":\"Hello\",\"text\":\"Hi\"}");

        // then
        List<KeyValue<String, NotificationRequest>> written = requests.readKeyValuesToList();
        assertThat(written).extracting(kv -> kv.key, kv -> kv.value.getText(), kv -> kv.value.getBatchId(),
                kv -> kv.value.getSender(), kv -> kv.value.getChannel(), kv -> kv.value.getClientId()).containsExactly(
                tuple("+4791234567", "Hi Ola", "b1", "HERALD", Channel.SMS, "bulk-client"),
                tuple("+4741234567", "Your code is 1234", "b1", "HERALD", Channel.SMS, "bulk-client"),
                tuple("kari@example.com", "Hi", "b2", "shop@example.com", Channel.EMAIL, "bulk-client"));
        assertThat(written.get(1).value.getTemplateId()).isEqualTo("otp");
        assertThat(rejected.isEmpty()).isTrue();
        assertThat(intakes.readKeyValuesToList()).extracting(kv -> kv.key, kv -> kv.value.getSource(),
                kv -> kv.value.getChannel(), kv -> kv.value.getAccepted(), kv -> kv.value.getRejected(),
                kv -> kv.value.getTimestamp(), kv -> kv.value.getClientId()).containsExactly(
                tuple("b1", BatchSource.BULK, Channel.SMS, 1, 0, NOW, "bulk-client"),
                tuple("b1", BatchSource.BULK, Channel.SMS, 1, 0, NOW, "bulk-client"),
                tuple("b2", BatchSource.BULK, Channel.EMAIL, 1, 0, NOW, "bulk-client"));
    }

    @Test
    void shouldWriteEachLineToItsPriorityLanesTopic() {
        // when a bulk line (JSON), a CSV row with a priority column, a line without one and one with an unknown one
        line("{\"batchId\":\"b1\",\"to\":\"+4791234567\",\"text\":\"Sale\",\"priority\":\"bulk\"}");
        line("batchId,to,text,priority");
        line("b1,+4791234568,Your code is 4711,HIGH");
        line("b1,+4791234569,Hello,");
        line("b1,+4791234570,Hello,urgent");

        // then each goes to its lane's topic, carrying its lane; the unknown one is refused at /priority
        TestOutputTopic<String, NotificationRequest> bulkLane = driver.createOutputTopic(Topics.REQUESTS_BULK,
                new StringDeserializer(), new AvroBinarySerde<>(NotificationRequest.class).deserializer());
        TestOutputTopic<String, NotificationRequest> highLane = driver.createOutputTopic(Topics.REQUESTS_HIGH,
                new StringDeserializer(), new AvroBinarySerde<>(NotificationRequest.class).deserializer());
        assertThat(bulkLane.readKeyValuesToList()).extracting(kv -> kv.key, kv -> kv.value.getLane())
                .containsExactly(tuple("+4791234567", PriorityLane.BULK));
        assertThat(highLane.readKeyValuesToList()).extracting(kv -> kv.key, kv -> kv.value.getLane())
                .containsExactly(tuple("+4791234568", PriorityLane.HIGH));
        assertThat(requests.readKeyValuesToList()).extracting(kv -> kv.key, kv -> kv.value.getLane())
                .containsExactly(tuple("+4791234569", PriorityLane.NORMAL));
        assertThat(rejected.readValuesToList()).singleElement().asString().contains("/priority");
    }

    @Test
    void shouldRejectAnInvalidLineWithItsTextReasonPointerAndPosition() throws IOException {
        // when a line with a number that is not valid
        String line = "{\"batchId\":\"b1\",\"to\":\"12345\",\"text\":\"Hi\"}";
        bulk.pipeInput("k1", line.getBytes(StandardCharsets.UTF_8));

        // then
        KeyValue<String, String> rejection = rejected.readKeyValue();
        assertThat(rejection.key).isEqualTo("k1");
        JsonNode json = JSON.readTree(rejection.value);
        assertThat(json.get("line").asText()).isEqualTo(line);
        assertThat(json.get("reason").asText()).isNotBlank();
        assertThat(json.get("pointer").asText()).isEqualTo("/to");
        assertThat(json.get("batchId").asText()).isEqualTo("b1");
        assertThat(json.get("partition").asInt()).isEqualTo(0);
        assertThat(json.get("offset").asLong()).isEqualTo(0);
        assertThat(requests.isEmpty()).isTrue();
        BatchIntake intake = intakes.readValue();
        assertThat(intake.getAccepted()).isEqualTo(0);
        assertThat(intake.getRejected()).isEqualTo(1);
    }

    @Test
    void shouldRejectLinesWithoutAValidBatchIdWithoutAnIntakeAndGoOn() throws IOException {
        // when broken JSON, bytes that are not UTF-8, a line without batchId and one with a bad id, then a good line
        line("{\"to\":");
        bulk.pipeInput(null, new byte[] {(byte) 0xC3, (byte) 0x28, '{'});
        line("{\"to\":\"+4791234567\",\"text\":\"Hi\"}");
        line("{\"batchId\":\"no spaces\",\"to\":\"+4791234567\",\"text\":\"Hi\"}");
        line("{\"batchId\":\"b9\",\"to\":\"+4791234567\",\"text\":\"Hi\"}");

        // then
        List<JsonNode> rejections = rejected.readValuesToList().stream().map(BulkTopologyTest::tree).toList();
        assertThat(rejections).extracting(json -> json.get("pointer").asText(), json -> json.get("offset").asLong())
                .containsExactly(tuple("", 0L), tuple("", 1L), tuple("/batchId", 2L), tuple("/batchId", 3L));
        assertThat(rejections.get(1).get("reason").asText()).isEqualTo("not UTF-8 text");
        assertThat(rejections.get(2).has("batchId")).isFalse();
        assertThat(requests.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("+4791234567");
        assertThat(intakes.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("b9");
    }

    @Test
    void shouldReadCsvLinesUnderTheLastHeaderOfThePartition() {
        // when a header, two rows, a row with a missing variable; then a new header with other columns
        line("batchId,to,text,name");
        line("c1,+4791234567,Hi {{name}},Ola");
        line("c1,+4741234567,\"Hi {{name}}, again\",Kari");
        line("c1,+4741234568,Hi {{name}},");
        line("batchId,to,template,code");
        line("c2,+4791234567,otp,999");

        // then
        assertThat(requests.readKeyValuesToList()).extracting(kv -> kv.key, kv -> kv.value.getText(),
                kv -> kv.value.getBatchId()).containsExactly(
                tuple("+4791234567", "Hi Ola", "c1"),
                tuple("+4741234567", "Hi Kari, again", "c1"),
                tuple("+4791234567", "Your code is 999", "c2"));
        List<JsonNode> rejections = rejected.readValuesToList().stream().map(BulkTopologyTest::tree).toList();
        assertThat(rejections).extracting(json -> json.get("pointer").asText(), json -> json.get("batchId").asText())
                .containsExactly(tuple("/vars", "c1"));
        assertThat(intakes.readKeyValuesToList()).extracting(kv -> kv.key, kv -> kv.value.getAccepted())
                .containsExactly(tuple("c1", 1), tuple("c1", 1), tuple("c1", 0), tuple("c2", 1));
        KeyValueStore<String, String> headers = driver.getKeyValueStore(BulkLineProcessor.HEADER_STORE);
        assertThat(headers.get(BulkLineProcessor.HEADER_KEY)).isEqualTo("batchId,to,template,code");
    }

    @Test
    void shouldRejectCsvRowsAfterABrokenHeaderRatherThanReadThemUnderTheOldOne() {
        // when
        line("batchId,to,text");
        line("batchId,to,to");
        line("c1,+4791234567,Hi");

        // then
        List<JsonNode> rejections = rejected.readValuesToList().stream().map(BulkTopologyTest::tree).toList();
        assertThat(rejections).extracting(json -> json.get("reason").asText()).containsExactly(
                "CSV header names column 'to' twice",
                "CSV line without a header line before it on this partition (a header line starts with batchId)");
        assertThat(requests.isEmpty()).isTrue();
    }

    private void line(String text) {
        bulk.pipeInput(text.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
