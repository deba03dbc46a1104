package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.local.HeraldHome;
import io.herald.local.IngestServiceProcess;
import io.herald.schema.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Idempotency-Key} across two ingest instances and a restart, on real parts: the keys live in
 * {@code notify.idempotency}, which every instance reads. A retry on the other instance gets the first answer byte
 * for byte and writes nothing; another body gets a 422; 16 concurrent requests with one key over both instances
 * write one batch; a freshly started instance still knows the keys; another client's equal key is its own.
 */
@ExtendWith(HeraldStackExtension.class)
class IdempotencyIT {

    private static final int RECIPIENTS = 40;
    private static final int CONCURRENT = 16;

    @TempDir
    Path work;

    @Test
    void aKeyHoldsAcrossInstancesRestartsAndConcurrentRequests(HeraldTestStack stack) throws Exception {
        String marker = "IDEM" + UUID.randomUUID().toString().replace("-", "");
        String key = "order-" + UUID.randomUUID();
        ObjectNode batch = IngestHttp.batch("HERALD", marker + " {{n}}", recipients());
        String originalAnswer;
        try (IngestServiceProcess second = start(stack, "ingest-2")) {
            IngestHttp first = stack.ingestHttp();
            IngestHttp other = IngestHttp.of(second);

            // when a batch is sent with a key, then sent again through the other instance
            IngestHttp.Response original = first.postBatch(batch, key);
            IngestHttp.Response retry = other.postBatch(batch, key);

            // then the same answer, byte for byte, and one batch written
            assertThat(original.status()).as(original.raw()).isEqualTo(202);
            assertThat(original.headers().firstValue("Idempotent-Replayed")).isEmpty();
            assertThat(retry.status()).as(retry.raw()).isEqualTo(202);
            assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
            assertThat(retry.raw()).isEqualTo(original.raw());
            originalAnswer = original.raw();
            assertThat(TopicRecords.countContaining(stack.bootstrapServers(), Topics.REQUESTS, marker))
                    .isEqualTo(RECIPIENTS);

            // when the key comes with another body
            ObjectNode changed = batch.deepCopy().put("text", marker + " changed {{n}}");
            IngestHttp.Response reused = other.postBatch(changed, key);

            // then 422, with the header as the pointer, and nothing written
            assertThat(reused.status()).as(reused.raw()).isEqualTo(422);
            assertThat(reused.contentType()).isEqualTo("application/problem+json");
            assertThat(reused.body().get("type").asText()).isEqualTo("https://herald.dev/problems/idempotency-key-reused");
            assertThat(reused.body().get("errors").get(0).get("pointer").asText())
                    .isEqualTo("/headers/Idempotency-Key");

            // when 16 requests with a new key run at once, half on each instance
            String concurrentMarker = "IDEM" + UUID.randomUUID().toString().replace("-", "");
            String concurrentKey = key + "-concurrent";
            ObjectNode concurrentBatch = IngestHttp.batch("HERALD", concurrentMarker + " {{n}}", recipients());
            List<IngestHttp.Response> answers = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT);
            try {
                List<Future<IngestHttp.Response>> futures = new ArrayList<>();
                for (int i = 0; i < CONCURRENT; i++) {
                    IngestHttp client = i % 2 == 0 ? first : other;
                    futures.add(pool.submit(() -> client.postBatch(concurrentBatch, concurrentKey)));
                }
                for (Future<IngestHttp.Response> future : futures) {
                    answers.add(future.get());
                }
            } finally {
                pool.shutdownNow();
            }

            // then each got the one batch's 202 or a 409 to retry, and one batch was written
            assertThat(answers).extracting(IngestHttp.Response::status).containsOnly(202, 409).contains(202);
            Set<String> batchIds = answers.stream().filter(a -> a.status() == 202)
                    .map(a -> a.body().get("batchId").asText()).collect(Collectors.toSet());
            assertThat(batchIds).hasSize(1);
            answers.stream().filter(a -> a.status() == 409).forEach(a -> {
                assertThat(a.headers().firstValue("Retry-After")).contains("1");
                assertThat(a.body().get("type").asText())
                        .isEqualTo("https://herald.dev/problems/idempotency-key-in-use");
            });
            assertThat(TopicRecords.countContaining(stack.bootstrapServers(), Topics.REQUESTS, concurrentMarker))
                    .isEqualTo(RECIPIENTS);
            IngestHttp.Response late = other.postBatch(concurrentBatch, concurrentKey);
            assertThat(late.status()).isEqualTo(202);
            assertThat(late.body().get("batchId").asText()).isEqualTo(batchIds.iterator().next());
        }

        // when a new instance starts (as after a restart of every instance but one) and the retry goes to it
        try (IngestServiceProcess restarted = start(stack, "ingest-3")) {
            IngestHttp.Response afterRestart = IngestHttp.of(restarted).postBatch(batch, key);

            // then it knows the key
            assertThat(afterRestart.status()).as(afterRestart.raw()).isEqualTo(202);
            assertThat(afterRestart.headers().firstValue("Idempotent-Replayed")).contains("true");
            assertThat(afterRestart.raw()).isEqualTo(originalAnswer);
            assertThat(TopicRecords.countContaining(stack.bootstrapServers(), Topics.REQUESTS, marker))
                    .isEqualTo(RECIPIENTS);

            // and another client's equal key is that client's own: its batch runs
            IngestHttp otherClient = new IngestHttp(restarted.url(), HeraldTestStack.OTHER_CLIENT_KEY);
            IngestHttp.Response otherClientAnswer = otherClient.postBatch(batch, key);
            assertThat(otherClientAnswer.status()).as(otherClientAnswer.raw()).isEqualTo(202);
            assertThat(otherClientAnswer.headers().firstValue("Idempotent-Replayed")).isEmpty();
            assertThat(TopicRecords.countContaining(stack.bootstrapServers(), Topics.REQUESTS, marker))
                    .isEqualTo(2L * RECIPIENTS);
        }
    }

    private IngestServiceProcess start(HeraldTestStack stack, String name) {
        return IngestServiceProcess.start(HeraldHome.locate(), HeraldTestStack.testIngest(
                IngestServiceProcess.Options.in(work).name(name)
                        .kafka(stack.bootstrapServers(), stack.registryUrl()).port(0).adminPort(0)
                        .apiKey(stack.ingestApiKey())));
    }

    private static List<IngestHttp.Recipient> recipients() {
        return TestRecipients.norwegianMobiles(RECIPIENTS).stream()
                .map(number -> new IngestHttp.Recipient(number, Map.of("n", "1"))).toList();
    }
}
