package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.local.SmscMessage;
import io.herald.schema.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            producer.send(new ProducerRecord<>(Topics.REQUESTS, poisonKey.getBytes(StandardCharsets.UTF_8), poison))
                    .get();
        }

        // when a good message to the same recipient follows it through ingest
        IngestClient.Response response = stack.ingestClient().postBatch(IngestClient.batch("HERALD",
                "After the poison", List.of(new IngestClient.Recipient(poisonKey, Map.of()))));
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
