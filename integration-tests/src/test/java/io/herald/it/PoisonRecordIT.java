package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.local.SmscMessage;
import io.herald.schema.Channel;
import io.herald.schema.DeliveryState;
import io.herald.schema.DeliveryStatus;
import io.herald.schema.HeraldSerdes;
import io.herald.schema.NotificationRequest;
import io.herald.schema.Topics;
import io.herald.serde.CachingAvroSerializer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A record the dispatcher cannot read goes to the DLQ, unchanged and with error headers, and the consumer goes on. */
@ExtendWith(HeraldStackExtension.class)
class PoisonRecordIT {

    @Test
    void unreadableRecordGoesToTheDlqAndLaterRecordsAreStillSent(HeraldTestStack stack) throws Exception {
        // given a record on notify.requests that is not Avro in the Confluent wire format
        String poisonKey = TestRecipients.norwegianMobiles(1).get(0);
        byte[] poison = ("not avro " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> producer = rawProducer(stack)) {
            producer.send(new ProducerRecord<>(Topics.REQUESTS, bytes(poisonKey), poison)).get();
        }

        // when a good message to the same recipient follows it through ingest
        IngestHttp.Response response = stack.ingestHttp().postBatch(IngestHttp.batch("HERALD",
                "After the poison", List.of(new IngestHttp.Recipient(poisonKey, Map.of()))));
        assertThat(response.status()).isEqualTo(202);

        // then the good message is sent
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() ->
                assertThat(stack.smsc().messages(TestRecipients.smscAddress(poisonKey))).extracting(SmscMessage::text)
                        .containsExactly("After the poison"));

        // and the poison record is on the DLQ with its original bytes and the reason
        ConsumerRecord<byte[], byte[]> dead = findOnDlq(stack, poison);
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo(poisonKey);
        assertThat(dead.headers().lastHeader("herald.error.class")).isNotNull();
        assertThat(new String(dead.headers().lastHeader("herald.original.topic").value(), StandardCharsets.UTF_8))
                .isEqualTo(Topics.REQUESTS);
    }

    @Test
    void recordsWhoseSchemaIdNamesAnotherSchemaOrNoneAreDeadLetteredOrSkipped(HeraldTestStack stack)
            throws Exception {
        // given the registry's ids of a DeliveryStatus and of a NotificationRequest, as ingest and the dispatchers use
        String key = TestRecipients.norwegianMobiles(1).get(0);
        DeliveryStatus status = DeliveryStatus.newBuilder().setMessageId("poison-" + UUID.randomUUID())
                .setBatchId("poison-batch").setState(DeliveryState.SENT).setGateway("smpp").setSegments(1)
                .setAttempt(1).setTimestamp(Instant.now()).build();
        NotificationRequest request = NotificationRequest.newBuilder().setMessageId("poison-" + UUID.randomUUID())
                .setBatchId("poison-batch").setRecipient(key).setSender("HERALD").setText("never sent")
                .setChannel(Channel.SMS).setCreatedAt(Instant.now()).build();
        byte[] statusBytes;
        byte[] requestBytes;
        try (CachingAvroSerializer<GenericContainer> avro = new CachingAvroSerializer<>()) {
            avro.configure(HeraldSerdes.producerSerdeConfig(stack.registryUrl()), false);
            statusBytes = avro.serialize(Topics.STATUS, status);
            requestBytes = avro.serialize(Topics.REQUESTS, request);
        }
        int unknownId = 0x7FFF0000 + (int) (System.nanoTime() & 0xFFFF);
        byte[] unknownIdBytes = ByteBuffer.allocate(8).put((byte) 0).putInt(unknownId).put(new byte[] {2, 4, 6})
                .array();
        Path ingestLog = stack.ingest().logFile();
        long logFrom = Files.size(ingestLog);
        double skippedBefore = skippedByStatusView(stack);

        // when the DeliveryStatus is written to notify.requests, and the NotificationRequest and 300 values under an
        // unknown id to notify.status, each followed by a good message to the same recipient
        try (KafkaProducer<byte[], byte[]> producer = rawProducer(stack)) {
            producer.send(new ProducerRecord<>(Topics.REQUESTS, bytes(key), statusBytes)).get();
            producer.send(new ProducerRecord<>(Topics.STATUS, bytes(request.getMessageId()), requestBytes)).get();
            for (int i = 0; i < 300; i++) {
                producer.send(new ProducerRecord<>(Topics.STATUS, bytes("unknown-" + i), unknownIdBytes));
            }
            producer.flush();
        }
        IngestHttp.Response response = stack.ingestHttp().postBatch(IngestHttp.batch("HERALD",
                "After the wrong schema", List.of(new IngestHttp.Recipient(key, Map.of()))));
        assertThat(response.status()).isEqualTo(202);

        // then the good message is sent, and the DeliveryStatus is on the DLQ, byte for byte, with a reason naming
        // the record type it is and the one expected
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() ->
                assertThat(stack.smsc().messages(TestRecipients.smscAddress(key))).extracting(SmscMessage::text)
                        .containsExactly("After the wrong schema"));
        ConsumerRecord<byte[], byte[]> dead = findOnDlq(stack, statusBytes);
        assertThat(new String(dead.headers().lastHeader("herald.error.message").value(), StandardCharsets.UTF_8))
                .contains("io.herald.schema.DeliveryStatus", "io.herald.schema.NotificationRequest");
        // and ingest's status view skipped the 301 unreadable statuses, counted them, and still shows the good batch
        String batchId = response.body().get("batchId").asText();
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            assertThat(skippedByStatusView(stack) - skippedBefore).isGreaterThanOrEqualTo(301);
            IngestHttp.Response batch = stack.ingestHttp().getBatch(batchId);
            assertThat(batch.status()).isEqualTo(200);
            assertThat(batch.body().get("sent").asInt() + batch.body().get("delivered").asInt()).isEqualTo(1);
        });
        // and logged the unknown id in at most one line a minute, with no stack trace
        List<String> logged = LogFiles.linesFrom(ingestLog, logFrom);
        assertThat(logged).filteredOn(line -> line.contains("schema id " + unknownId)).hasSizeLessThanOrEqualTo(1);
        assertThat(logged).noneMatch(line -> line.contains("ContentNotFoundException"));
        assertThat(Files.size(ingestLog) - logFrom).isLessThan(200_000);
    }

    private static double skippedByStatusView(HeraldTestStack stack) throws Exception {
        return Metrics.sum(Metrics.matching(Metrics.scrape(stack.ingest().adminUrl() + "/prometheus"),
                "herald_streams_skipped_records_total{", "application=\"herald-ingest-status\""),
                "herald_streams_skipped_records_total{");
    }

    private static KafkaProducer<byte[], byte[]> rawProducer(HeraldTestStack stack) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static ConsumerRecord<byte[], byte[]> findOnDlq(HeraldTestStack stack, byte[] value) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-dlq-" + UUID.randomUUID(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.REQUESTS_DLQ).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (Arrays.equals(r.value(), value)) {
                        found.add(r);
                    }
                });
                return !found.isEmpty();
            });
            return found.get(0);
        }
    }
}
