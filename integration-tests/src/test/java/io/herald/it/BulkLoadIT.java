package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.local.IngestServiceProcess;
import io.herald.local.JavaCommand;
import io.herald.schema.HeraldSerdes;
import io.herald.schema.NotificationRequest;
import io.herald.schema.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A bulk load end to end on real processes (a stack of its own: the ingest service is killed): a 50,000-line file with
 * 1% bad lines, written to {@value Topics#BULK} by Kafka's own ConsoleProducer (a child JVM, as
 * {@code kafka-console-producer} runs), while the ingest service, where the bulk loader runs, is killed with SIGKILL
 * mid-load and started again.
 */
class BulkLoadIT {

    private static final int LINES = 50_000;
    /** The first CSV line after the JSON ones; the loader must have read the header (line 0) before it is killed. */
    private static final int CSV_FROM = 40_000;
    /** Every 100th line is bad: 1%. */
    private static final int BAD_EVERY = 100;
    private static final String BULK_APPLICATION_ID = "herald-ingest-bulk";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static IsolatedStack stack;
    private static IngestServiceProcess.Options ingestOptions;

    @BeforeAll
    static void startStack() {
        stack = IsolatedStack.start("bulk-load", options -> options.name("bulk-smsc").maxHeap("1g"));
        // A killed member's partitions move on its session timeout (Kafka Streams' default 45 s): 10 s here.
        ingestOptions = stack.ingestOptions("bulk-ingest")
                .override("kafka.properties.session\\.timeout\\.ms", "10000");
        for (int i = 1; i <= 2; i++) {
            // No delivery receipts: this test is about the load, and the receipt correlator would take a good share
            // of the two CPUs (ReceiptsIT covers receipts).
            stack.startDispatcher(stack.dispatcherOptions("bulk-dispatcher-" + i, "bulk-dispatchers")
                    .senderThreads(8).property("smpp.registered.delivery", "false")
                    .property("receipts.enabled", "false"));
        }
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyValidLineReachesTheSmscOnceAndEveryBadLineIsRejectedAcrossAKilledIngest() throws Exception {
        long start = System.nanoTime();
        // given the ingest service with its bulk loader, and a file of 50,000 lines, every 100th bad: a CSV header,
        // JSON lines, then CSV lines read under that header (after the kill, from the restored store)
        IngestServiceProcess ingest = stack.startIngest(ingestOptions);
        String batchId = "bulk-it-" + UUID.randomUUID();
        List<String> recipients = TestRecipients.norwegianMobiles(LINES + 1);
        Path file = stack.work().resolve("bulk-lines.txt");
        Map<Integer, Bad> badReasons = writeLines(file, batchId, recipients);

        // when kafka-console-producer writes it, and the ingest service is killed once the loader has committed a
        // quarter of the lines, and started again
        Process producer = consoleProducer(file);
        long killedAt;
        try (Admin admin = stack.admin()) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                    .until(() -> loaderOffset(admin) >= LINES / 4);
            ingest.kill();
            killedAt = loaderOffset(admin);
        }
        assertThat(killedAt).as("lines the loader had committed when killed").isLessThan(CSV_FROM);
        assertThat(producer.waitFor()).as("kafka-console-producer's exit code").isZero();
        ingest = stack.startIngest(ingestOptions);

        // then every line is read once: the valid ones on notify.requests, the bad ones on notify.bulk.rejected
        int valid = LINES - badReasons.size();
        List<NotificationRequest> requests = readRequests(batchId, valid);
        assertThat(requests).hasSize(valid);
        assertThat(requests.stream().map(NotificationRequest::getText).collect(Collectors.toSet()))
                .as("distinct texts (line numbers) of the requests").hasSize(valid);
        Map<Long, JsonNode> rejected = readRejected(badReasons.size());
        List<String> fileLines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(rejected.keySet()).as("offsets (line numbers) of the rejected lines")
                .isEqualTo(badReasons.keySet().stream().map(Integer::longValue).collect(Collectors.toSet()));
        for (Map.Entry<Long, JsonNode> rejection : rejected.entrySet()) {
            JsonNode json = rejection.getValue();
            assertThat(json.get("pointer").asText()).as("pointer of line %d", rejection.getKey())
                    .isEqualTo(badReasons.get(rejection.getKey().intValue()).pointer());
            assertThat(json.get("reason").asText()).as("reason of line %d", rejection.getKey()).isNotBlank();
            assertThat(json.get("line").asText()).isEqualTo(fileLines.get(rejection.getKey().intValue()));
        }

        // and every valid line reached the SMSC simulator exactly once, as its text says
        await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(1))
                .until(() -> stack.smsc().stats().distinctMessages() >= valid);
        Map<String, Long> received = stack.smsc().messages(null).stream()
                .collect(Collectors.groupingBy(message -> TestRecipients.smscAddress(message.recipient())
                        + " " + message.text(), Collectors.counting()));
        Map<String, Long> expected = new HashMap<>();
        for (int line = 1; line <= LINES; line++) {
            if (!badReasons.containsKey(line)) {
                expected.put(TestRecipients.smscAddress(recipients.get(line)) + " " + text(line), 1L);
            }
        }
        assertThat(received).as("messages at the simulator by recipient and text").isEqualTo(expected);

        // and the batch's counters are the simulator's
        JsonNode batch = awaitBatch(ingest, batchId, valid);
        long intakeRejected = badReasons.values().stream().filter(Bad::intake).count();
        assertThat(batch.get("source").asText()).isEqualTo("BULK");
        assertThat(batch.get("accepted").asLong()).isEqualTo(valid);
        assertThat(batch.get("rejected").asLong()).isEqualTo(intakeRejected);
        assertThat(batch.get("pending").asLong()).isZero();
        long withStatus = 0;
        for (String state : List.of("sent", "delivered", "undelivered", "failed", "expired", "gatewayRejected",
                "suppressed")) {
            withStatus += batch.get(state).asLong();
        }
        assertThat(withStatus).as("messages with a status").isEqualTo(received.size());
        assertThat(batch.get("failed").asLong() + batch.get("gatewayRejected").asLong()).isZero();
        System.out.printf(Locale.ROOT, "bulk-load: %d lines, %d valid, %d rejected, ingest killed at line %d;"
                + " %.1f s%n", LINES, valid, rejected.size(), killedAt, (System.nanoTime() - start) / 1e9);
    }

    /**
     * A bad line: the pointer its rejection must name, and whether its batch id is readable (then it counts in the
     * batch's {@code rejected}).
     */
    private record Bad(String pointer, boolean intake) {
    }

    /**
     * Writes the file: line 0 is a CSV header ({@code batchId,to,text,n}); line {@code i} (1 to {@value #LINES}) sends
     * "Bulk line i" to recipient {@code i}, as JSON before {@link #CSV_FROM} and as CSV from there; every
     * {@value #BAD_EVERY}th line is bad in one of five ways (JSON) or two (CSV).
     *
     * @return the bad lines by number (= offset on the empty topic)
     */
    private static Map<Integer, Bad> writeLines(Path file, String batchId, List<String> recipients)
            throws IOException {
        Map<Integer, Bad> bad = new TreeMap<>();
        List<String> lines = new ArrayList<>(LINES + 1);
        lines.add("batchId,to,text,n");
        for (int i = 1; i <= LINES; i++) {
            String to = recipients.get(i);
            boolean isBad = i % BAD_EVERY == BAD_EVERY / 2;
            int kind = (i / BAD_EVERY) % 5;
            if (i >= CSV_FROM) {
                String good = batchId + "," + to + ",Bulk line {{n}}," + i;
                if (!isBad) {
                    lines.add(good);
                } else if (kind % 2 == 0) {
                    lines.add(good.replace(to, "12345"));
                    bad.put(i, new Bad("/to", true));
                } else {
                    lines.add(good + ",an extra cell");
                    bad.put(i, new Bad("", true));
                }
                continue;
            }
            String good = "{\"batchId\":\"" + batchId + "\",\"to\":\"" + to + "\",\"text\":\"Bulk line {{n}}\","
                    + "\"vars\":{\"n\":" + i + "}}";
            if (!isBad) {
                lines.add(good);
                continue;
            }
            switch (kind) {
                case 0 -> {
                    lines.add(good.replace(to, "12345"));
                    bad.put(i, new Bad("/to", true));
                }
                case 1 -> {
                    lines.add(good.replace("\"text\"", "\"txt\""));
                    bad.put(i, new Bad("/txt", true));
                }
                case 2 -> {
                    lines.add(good.replace("{{n}}", "{{n}} {{missing}}"));
                    bad.put(i, new Bad("/vars", true));
                }
                case 3 -> {
                    lines.add("{\"batchId\":\"" + batchId + "\",\"to\":");
                    bad.put(i, new Bad("", false));
                }
                default -> {
                    lines.add("");
                    bad.put(i, new Bad("", false));
                }
            }
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
        return bad;
    }

    private static String text(int line) {
        return "Bulk line " + line;
    }

    /** Kafka's ConsoleProducer in a child JVM (this JVM's classpath, which has kafka-tools), stdin from the file. */
    private static Process consoleProducer(Path file) throws IOException {
        List<String> command = JavaCommand.mainClass(System.getProperty("java.class.path"),
                        "org.apache.kafka.tools.ConsoleProducer").maxHeap("256m")
                .args("--bootstrap-server", stack.bootstrapServers(), "--topic", Topics.BULK).build();
        return new ProcessBuilder(command).redirectInput(file.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stack.work().resolve("console-producer.log").toFile()).start();
    }

    /** @return the bulk loader's committed offset on notify.bulk partition 0; 0 if none yet */
    private static long loaderOffset(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(BULK_APPLICATION_ID)
                .partitionsToOffsetAndMetadata().get();
        OffsetAndMetadata offset = offsets.get(new TopicPartition(Topics.BULK, 0));
        return offset == null ? 0 : offset.offset();
    }

    /** Reads notify.requests (read committed) to its end once the batch's {@code count} requests are there. */
    private static List<NotificationRequest> readRequests(String batchId, int count) throws Exception {
        Map<String, Object> config = HeraldSerdes.consumerSerdeConfig(stack.registryUrl());
        try (KafkaConsumer<String, NotificationRequest> consumer = new KafkaConsumer<>(reader(config))) {
            return readAll(consumer, Topics.REQUESTS, count,
                    record -> batchId.equals(record.value().getBatchId()) ? record.value() : null);
        }
    }

    /** @return the rejections on notify.bulk.rejected by the offset of their line */
    private static Map<Long, JsonNode> readRejected(int count) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(reader(config))) {
            List<JsonNode> rejections = readAll(consumer, Topics.BULK_REJECTED, count, record -> {
                try {
                    return JSON.readTree(record.value());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            Map<Long, JsonNode> byOffset = new TreeMap<>();
            for (JsonNode rejection : rejections) {
                assertThat(byOffset.put(rejection.get("offset").asLong(), rejection))
                        .as("a second rejection of line %s", rejection.get("offset")).isNull();
            }
            return byOffset;
        }
    }

    private static Map<String, Object> reader(Map<String, Object> config) {
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return config;
    }

    /**
     * Reads a topic from the beginning until {@code count} records pass the filter (null: skipped), within 4 minutes,
     * then on to the end offsets of that moment, so that a record beyond the expected count shows.
     */
    private static <V, T> List<T> readAll(KafkaConsumer<String, V> consumer, String topic, int count,
                                          Function<ConsumerRecord<String, V>, T> filter) throws Exception {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        List<T> matched = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        Map<TopicPartition, Long> ends = null;
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(500))) {
                T value = filter.apply(record);
                if (value != null) {
                    matched.add(value);
                }
            }
            if (ends == null && matched.size() >= count) {
                Thread.sleep(2_000); // a late duplicate would be committed by now (commit interval 100 ms)
                ends = consumer.endOffsets(partitions);
            }
            if (ends != null && ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                return matched;
            }
        }
        return matched;
    }

    /** Polls {@code GET /v1/batches/{id}} until every accepted message has a status. */
    private static JsonNode awaitBatch(IngestServiceProcess ingest, String batchId, int valid) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(ingest.url()
                    + "/v1/batches/" + batchId)).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + ingest.apiKey()).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return false;
            }
            last[0] = JSON.readTree(response.body());
            return last[0].get("accepted").asLong() == valid && last[0].get("pending").asLong() == 0;
        });
        return last[0];
    }
}
