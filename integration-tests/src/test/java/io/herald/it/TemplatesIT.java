package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.local.HeraldHome;
import io.herald.local.HeraldStack;
import io.herald.local.IngestServiceProcess;
import io.herald.schema.HeraldSerdes;
import io.herald.schema.NotificationRequest;
import io.herald.schema.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Named templates on real parts: two ingest-service processes share the compacted topic {@code notify.templates}
 * of one KRaft broker. A template written through one is read through the other, a delete too, a batch through the
 * other renders it and records its id and version, and a restarted instance reloads the templates from the topic.
 *
 * <p>It runs its own broker and registry (no SMSC, no dispatcher: nothing here is sent), in
 * {@code ${herald.it.workDir}/templates}.
 */
class TemplatesIT {

    private static final Duration PROPAGATION = Duration.ofSeconds(30);

    private static HeraldHome home;
    private static Path work;
    private static HeraldStack stack;

    @BeforeAll
    static void startStack() {
        home = HeraldHome.locate();
        work = HeraldTestStack.workRoot(home).resolve("templates");
        stack = HeraldTestStack.builder(home, work).withoutSmsc().start();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    /** An ingest instance with the client {@code local} and the test stack's second client. */
    private static IngestServiceProcess startIngest(String name) {
        return stack.startIngest(HeraldTestStack.testIngest(stack.ingestOptions(name).maxHeap("256m")));
    }

    @Test
    void aTemplateWrittenThroughOneInstanceIsUsedThroughTheOtherAndSurvivesARestart() {
        // given two ingest instances on one broker
        IngestServiceProcess first = startIngest("templates-ingest-1");
        IngestServiceProcess second = startIngest("templates-ingest-2");
        IngestHttp one = IngestHttp.of(first);
        IngestHttp two = IngestHttp.of(second);
        String otp = "otp-" + UUID.randomUUID().toString().substring(0, 8);
        String gone = "gone-" + UUID.randomUUID().toString().substring(0, 8);

        // when a template is created through the first
        IngestHttp.Response created = one.putTemplate(otp, "Your code is {{code}}", null);

        // then the first answers 201 with version 1 and reads it back at once (read-your-writes)
        assertThat(created.status()).as("PUT %s: %s", otp, created.body()).isEqualTo(201);
        assertThat(created.body().get("version").asLong()).isEqualTo(1);
        assertThat(one.getTemplate(otp).status()).isEqualTo(200);
        // and the second sees it
        await().atMost(PROPAGATION).untilAsserted(() -> {
            IngestHttp.Response read = two.getTemplate(otp);
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.body().get("text").asText()).isEqualTo("Your code is {{code}}");
            assertThat(read.body().get("version").asLong()).isEqualTo(1);
        });

        // when the second replaces it with If-Match: 1
        IngestHttp.Response replaced = two.putTemplate(otp, "Code: {{code}}", 1L);

        // then version 2 reaches the first, and a stale If-Match through the first is refused
        assertThat(replaced.status()).as("PUT %s: %s", otp, replaced.body()).isEqualTo(200);
        assertThat(replaced.body().get("version").asLong()).isEqualTo(2);
        await().atMost(PROPAGATION).untilAsserted(() ->
                assertThat(one.getTemplate(otp).body().get("version").asLong()).isEqualTo(2));
        IngestHttp.Response stale = one.putTemplate(otp, "Stale {{code}}", 1L);
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.contentType()).startsWith("application/problem+json");

        // when a batch through the first names the template
        ObjectNode batch = IngestHttp.batch("HERALD", "ignored", List.of(
                new IngestHttp.Recipient("+4791234567", Map.of("code", "4711")),
                new IngestHttp.Recipient("+4791234568", Map.of())));
        batch.remove("text");
        batch.put("template", otp);
        IngestHttp.Response accepted = one.postBatch(batch);

        // then the recipient with the variable is written, rendered from version 2, and the other rejected
        assertThat(accepted.status()).as("POST batch: %s", accepted.body()).isEqualTo(202);
        assertThat(accepted.body().get("accepted").asInt()).isEqualTo(1);
        assertThat(accepted.body().get("rejected").get(0).get("pointer").asText()).isEqualTo("/recipients/1/vars");
        NotificationRequest written = readRequest(accepted.body().get("batchId").asText());
        assertThat(written.getText()).isEqualTo("Code: 4711");
        assertThat(written.getTemplateId()).isEqualTo(otp);
        assertThat(written.getTemplateVersion()).isEqualTo(2L);

        // when a second template is created and then deleted through the second
        assertThat(two.putTemplate(gone, "Bye {{name}}", null).status()).isEqualTo(201);
        IngestHttp.Response deleted = two.deleteTemplate(gone);

        // then the delete is seen by the first, and a batch naming it is refused
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(two.getTemplate(gone).status()).isEqualTo(404);
        await().atMost(PROPAGATION).untilAsserted(() -> assertThat(one.getTemplate(gone).status()).isEqualTo(404));
        batch.put("template", gone);
        IngestHttp.Response refused = one.postBatch(batch);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("errors").get(0).get("pointer").asText()).isEqualTo("/template");

        // when the first instance restarts
        assertThat(first.stop()).as("exit code of %s", first).isNotNegative();
        IngestServiceProcess restarted = startIngest("templates-ingest-1b");
        IngestHttp again = IngestHttp.of(restarted);

        // then, healthy (so loaded), it has reloaded the template from the compacted topic, and not the deleted one
        IngestHttp.Response reloaded = again.getTemplate(otp);
        assertThat(reloaded.status()).isEqualTo(200);
        assertThat(reloaded.body().get("version").asLong()).isEqualTo(2);
        assertThat(reloaded.body().get("text").asText()).isEqualTo("Code: {{code}}");
        assertThat(again.getTemplate(gone).status()).isEqualTo(404);

        // when another client asks for the template, deletes it, or writes its own of the same id
        IngestHttp rival = new IngestHttp(restarted.url(), HeraldTestStack.OTHER_CLIENT_KEY);
        IngestHttp.Response rivalRead = rival.getTemplate(otp);
        IngestHttp.Response rivalDelete = rival.deleteTemplate(otp);
        IngestHttp.Response rivalWrite = rival.putTemplate(otp, "Rival {{code}}", null);

        // then it cannot see or delete local's, its own is a new version 1, and local's is unchanged
        assertThat(rivalRead.status()).isEqualTo(404);
        assertThat(rivalDelete.status()).isEqualTo(404);
        assertThat(rivalWrite.status()).as("PUT %s: %s", otp, rivalWrite.body()).isEqualTo(201);
        assertThat(rivalWrite.body().get("version").asLong()).isEqualTo(1);
        IngestHttp.Response stillLocal = again.getTemplate(otp);
        assertThat(stillLocal.body().get("version").asLong()).isEqualTo(2);
        assertThat(stillLocal.body().get("text").asText()).isEqualTo("Code: {{code}}");
    }

    /** Reads {@code notify.requests} from the beginning until it finds the batch's first request. */
    private static NotificationRequest readRequest(String batchId) {
        Map<String, Object> config = HeraldSerdes.consumerSerdeConfig(stack.registryUrl());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, NotificationRequest> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(Topics.REQUESTS)
                    .forEach(info -> partitions.add(new TopicPartition(Topics.REQUESTS, info.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<NotificationRequest> found = new ArrayList<>();
            await().atMost(PROPAGATION).until(() -> {
                for (ConsumerRecord<String, NotificationRequest> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value().getBatchId().equals(batchId)) {
                        found.add(record.value());
                    }
                }
                return !found.isEmpty();
            });
            return found.get(0);
        }
    }
}
