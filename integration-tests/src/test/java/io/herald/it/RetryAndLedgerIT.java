package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.herald.local.DispatcherProcess;
import io.herald.local.HeraldHome;
import io.herald.local.HeraldStack;
import io.herald.local.IngestServiceProcess;
import io.herald.local.ProcessGroup;
import io.herald.local.SmscMessage;
import io.herald.local.SmscSimulatorProcess;
import io.herald.schema.DeliveryState;
import io.herald.schema.DeliveryStatus;
import io.herald.schema.HeraldSerdes;
import io.herald.schema.NotificationRequest;
import io.herald.schema.TopicSetup;
import io.herald.schema.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The retry tiers and the sent ledger on real parts: a KRaft broker, the registry, ingest, SMSC simulators and
 * dispatcher JVMs.
 *
 * <p>It runs its own stack, because one of its simulators answers half of all submit_sm with {@code ESME_RSYSERR}.
 * Both tests use one consumer group in turn (each stops its dispatcher at the end), so the second test starts where the
 * first one's commits left off.
 */
class RetryAndLedgerIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String GROUP = "it-retry-ledger";
    /** Tiers short enough for a test; the header and topic logic is the same as for 30s, 5m, 30m. */
    private static final String TIERS = "1s,2s";

    private static ProcessGroup processes;
    private static HeraldHome home;
    private static Path work;
    private static HeraldStack stack;
    private static IngestServiceProcess ingest;
    private static AvroKafkaDeserializer<NotificationRequest> deserializer;

    @BeforeAll
    static void startStack() {
        home = HeraldHome.locate();
        work = Path.of(System.getProperty("herald.it.workDir",
                home.root().resolve("integration-tests/target/it-work").toString())).resolve("retry-ledger");
        processes = new ProcessGroup().stopOnShutdown();
        // Kafka, the registry and ingest; each test starts its own simulator and dispatchers
        stack = HeraldStack.builder(home, work).withoutSmsc().ingest(true)
                .ingestOptions(options -> options.name("retry-ingest")).start();
        ingest = stack.ingest();
    }

    @AfterAll
    static void stopStack() {
        if (deserializer != null) {
            deserializer.close();
        }
        if (processes != null) {
            processes.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void transientFailuresGoThroughTheRetryTiersAndOnlyThenToTheDlq() throws Exception {
        // given an SMSC that answers half of all submit_sm with ESME_RSYSERR, and a dispatcher with 1 inline attempt
        // and tiers 1s, 2s: each message gets 3 attempts, one per topic
        SmscSimulatorProcess smsc = processes.add(SmscSimulatorProcess.start(home,
                SmscSimulatorProcess.Options.in(work).name("retry-smsc").smppPort(0).httpPort(0).errorRate(0.5)
                        .extraArgs("--seed", "7")));
        DispatcherProcess dispatcher = processes.add(DispatcherProcess.start(home, DispatcherProcess.Options.in(work)
                .name("retry-dispatcher").instanceId("retry-dispatcher").groupId(GROUP)
                .kafka(stack.bootstrapServers(), stack.registryUrl()).smpp(smsc).adminPort(0)
                .property("retry.inline.max.attempts", "1")
                .property("retry.tiers", TIERS)));
        // when a batch of 200 is accepted
        int count = 200;
        String batchId = submit(count, "Retry test");
        // then every message ends SENT or FAILED
        Map<String, DeliveryStatus> last = awaitFinalStatuses(batchId, count);
        Map<DeliveryState, List<DeliveryStatus>> byState = last.values().stream()
                .collect(Collectors.groupingBy(DeliveryStatus::getState));
        assertThat(byState.keySet()).as("final states").isSubsetOf(DeliveryState.SENT, DeliveryState.FAILED);
        List<DeliveryStatus> sent = byState.getOrDefault(DeliveryState.SENT, List.of());
        List<DeliveryStatus> failed = byState.getOrDefault(DeliveryState.FAILED, List.of());
        // and messages were sent on the first, the second (tier 1s) and the third attempt (tier 2s), some failed all 3
        Map<Integer, Long> sentByAttempt = sent.stream()
                .collect(Collectors.groupingBy(DeliveryStatus::getAttempt, Collectors.counting()));
        assertThat(sentByAttempt).as("SENT by attempt").containsOnlyKeys(1, 2, 3);
        assertThat(failed).as("failed after every tier").isNotEmpty()
                .allSatisfy(s -> {
                    assertThat(s.getAttempt()).isEqualTo(3);
                    assertThat(s.getErrorCode()).isEqualTo("ESME_RSYSERR");
                });

        // and every SENT message reached the SMSC exactly once, and no FAILED one did
        Map<String, Long> receivedById = smsc.messages(null).stream()
                .collect(Collectors.groupingBy(SmscMessage::heraldMessageId, Collectors.counting()));
        assertThat(receivedById.keySet()).containsExactlyInAnyOrderElementsOf(
                sent.stream().map(DeliveryStatus::getMessageId).toList());
        assertThat(receivedById.values()).as("receptions per message").containsOnly(1L);

        // and the retry topics hold one copy per failed attempt with the retry headers, tier 1 for those that failed
        // once, tier 2 for those that failed twice
        Map<String, ConsumerRecord<byte[], byte[]>> tier1 = readRecords(Topics.retryTopic("1s"), batchId);
        Map<String, ConsumerRecord<byte[], byte[]>> tier2 = readRecords(Topics.retryTopic("2s"), batchId);
        assertThat(tier1).hasSize((int) (count - sentByAttempt.get(1)));
        assertThat(tier2).hasSize(sentByAttempt.get(3).intValue() + failed.size());
        for (ConsumerRecord<byte[], byte[]> record : tier1.values()) {
            Headers headers = record.headers();
            assertThat(header(headers, "herald.retry.attempts")).isEqualTo("1");
            assertThat(header(headers, "herald.retry.tier")).isEqualTo("1s");
            assertThat(header(headers, "herald.retry.last.error")).startsWith("ESME_RSYSERR: ");
            assertThat(Long.parseLong(header(headers, "herald.retry.due.ms"))
                    - Long.parseLong(header(headers, "herald.retry.first.failure.ms"))).isEqualTo(1000L);
        }
        for (ConsumerRecord<byte[], byte[]> record : tier2.values()) {
            assertThat(header(record.headers(), "herald.retry.attempts")).isEqualTo("2");
            // the first failure stays that of the first attempt: the 1s tier's copy has the same one
            String id = messageId(record);
            assertThat(header(record.headers(), "herald.retry.first.failure.ms"))
                    .isEqualTo(header(tier1.get(id).headers(), "herald.retry.first.failure.ms"));
        }
        // and no retried message was attempted before it was due: its SENT came after its copy's due time
        for (DeliveryStatus status : sent) {
            ConsumerRecord<byte[], byte[]> copy = status.getAttempt() == 2 ? tier1.get(status.getMessageId())
                    : status.getAttempt() == 3 ? tier2.get(status.getMessageId()) : null;
            if (copy != null) {
                assertThat(status.getTimestamp().toEpochMilli())
                        .as("SENT of %s vs due", status.getMessageId())
                        .isGreaterThanOrEqualTo(Long.parseLong(header(copy.headers(), "herald.retry.due.ms")));
            }
        }

        // and only the messages that failed all three attempts are on the DLQ, from the last tier
        Map<String, ConsumerRecord<byte[], byte[]>> dlq = readRecords(Topics.REQUESTS_DLQ, batchId);
        assertThat(dlq.keySet()).containsExactlyInAnyOrderElementsOf(
                failed.stream().map(DeliveryStatus::getMessageId).toList());
        assertThat(dlq.values()).allSatisfy(r -> {
            assertThat(header(r.headers(), "herald.original.topic")).isEqualTo(Topics.retryTopic("2s"));
            assertThat(header(r.headers(), "herald.attempts")).isEqualTo("3");
            assertThat(header(r.headers(), "herald.error.code")).isEqualTo("ESME_RSYSERR");
        });
        JsonNode stats = stats(dispatcher);
        assertThat(stats.get("retryScheduled").asLong()).isEqualTo(tier1.size() + tier2.size());
        assertThat(stats.get("deadLettered").asLong()).isEqualTo(failed.size());
        dispatcher.stop();
    }

    @Test
    void afterKillMinus9TheSentLedgerKeepsRecordsSentBeforeTheKillFromBeingSentAgain() throws Exception {
        // given a healthy SMSC and a dispatcher committing every 5 s, so that a kill leaves many sent records
        // uncommitted
        SmscSimulatorProcess smsc = processes.add(SmscSimulatorProcess.start(home,
                SmscSimulatorProcess.Options.in(work).name("ledger-smsc").smppPort(0).httpPort(0)));
        DispatcherProcess.Options options = DispatcherProcess.Options.in(work)
                .instanceId("ledger-dispatcher").groupId(GROUP)
                .kafka(stack.bootstrapServers(), stack.registryUrl()).smpp(smsc).adminPort(0)
                .property("commit.interval.ms", "5000")
                .property("consumer.session.timeout.ms", "10000")
                .property("gateway.rate.limit.tps", "200");
        DispatcherProcess first = processes.add(DispatcherProcess.start(home, options.name("ledger-dispatcher-1")));
        int count = 3000;
        String batchId = submit(count, "Ledger test");
        // when it is killed with SIGKILL once a third has arrived, and a new one takes over
        await().atMost(Duration.ofMinutes(2)).until(() -> smsc.stats().distinctMessages() >= count / 3);
        first.kill();
        long beforeRestart = smsc.stats().distinctMessages();
        DispatcherProcess second = processes.add(DispatcherProcess.start(home, options.name("ledger-dispatcher-2")));
        // then every message arrives
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> smsc.stats().distinctMessages() >= count);
        awaitFinalStatuses(batchId, count);
        // and the new dispatcher found sent records in the ledger and did not send them again
        long skipped = stats(second).get("ledgerSkipped").asLong();
        long duplicates = smsc.stats().duplicates();
        assertThat(beforeRestart).isLessThan(count);
        assertThat(skipped).as("records skipped thanks to the ledger").isPositive();
        // what is left is the sends that were in flight at the kill (submitted, ledger entry not yet acknowledged):
        // at most the SMPP window (10) plus the producer batch of entries written but not yet acknowledged
        assertThat(duplicates).as("duplicates (ledgerSkipped=%d)", skipped).isLessThan(skipped);
        second.stop();
    }

    @Test
    void entriesThePreviousReleaseWroteToItsLedgerTopicKeepTheirRecordsFromBeingSentAgain() throws Exception {
        // given a batch on notify.requests that no dispatcher has read yet (a group of its own, starting after
        // everything else on the topic), and, for every other record of it, an entry in notify.sent as the previous
        // release wrote them (topic, partition, offset, attempts, gateway id as text, keyed by messageId, on the
        // request's partition modulo the ledger's)
        String group = "it-ledger-upgrade";
        try (Admin admin = admin()) {
            if (!admin.listTopics().names().get().contains(Topics.SENT)) {
                admin.createTopics(List.of(new NewTopic(Topics.SENT, Topics.DEFAULT_REQUESTS_PARTITIONS, (short) 1)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                        .all().get();
            }
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            endOffsets(Topics.REQUESTS).forEach((tp, end) -> start.put(tp, new OffsetAndMetadata(end)));
            admin.alterConsumerGroupOffsets(group, start).all().get();
        }
        int count = 300;
        String batchId = submit(count, "Upgrade test");
        Map<String, ConsumerRecord<byte[], byte[]>> requests = readRecords(Topics.REQUESTS, batchId);
        assertThat(requests).hasSize(count);
        Map<String, ConsumerRecord<byte[], byte[]>> previouslySent = new HashMap<>();
        int i = 0;
        for (var entry : requests.entrySet()) {
            if (i++ % 2 == 0) {
                previouslySent.put(entry.getKey(), entry.getValue());
            }
        }
        Map<TopicPartition, Long> ledgerTopicEnds;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            int ledgerPartitions = producer.partitionsFor(Topics.SENT).size();
            for (var entry : previouslySent.entrySet()) {
                ConsumerRecord<byte[], byte[]> r = entry.getValue();
                String value = r.topic() + " " + r.partition() + " " + r.offset() + " 1 legacy-" + entry.getKey();
                producer.send(new ProducerRecord<>(Topics.SENT, r.partition() % ledgerPartitions,
                        entry.getKey().getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
            ledgerTopicEnds = endOffsets(Topics.SENT);
        }

        // when this release's dispatcher takes the batch
        SmscSimulatorProcess smsc = processes.add(SmscSimulatorProcess.start(home,
                SmscSimulatorProcess.Options.in(work).name("upgrade-smsc").smppPort(0).httpPort(0)));
        DispatcherProcess dispatcher = processes.add(DispatcherProcess.start(home, DispatcherProcess.Options.in(work)
                .name("upgrade-dispatcher").instanceId("upgrade-dispatcher").groupId(group)
                .kafka(stack.bootstrapServers(), stack.registryUrl()).smpp(smsc).adminPort(0)));
        Map<String, DeliveryStatus> last = awaitFinalStatuses(batchId, count);

        // then every message is SENT, and the SMSC received exactly those the old ledger did not list, once each
        assertThat(last.values()).extracting(DeliveryStatus::getState).containsOnly(DeliveryState.SENT);
        Map<String, Long> receivedById = smsc.messages(null).stream()
                .collect(Collectors.groupingBy(SmscMessage::heraldMessageId, Collectors.counting()));
        Set<String> notYetSent = new HashSet<>(requests.keySet());
        notYetSent.removeAll(previouslySent.keySet());
        assertThat(receivedById.keySet()).containsExactlyInAnyOrderElementsOf(notYetSent);
        assertThat(receivedById.values()).as("receptions per message").containsOnly(1L);
        assertThat(stats(dispatcher).get("ledgerSkipped").asLong()).isEqualTo(previouslySent.size());
        // and the skipped ones' SENT statuses carry the old entries' gateway ids
        previouslySent.keySet().forEach(id -> assertThat(last.get(id).getGatewayMessageId())
                .as("gateway id of %s", id).isEqualTo("legacy-" + id));

        // and each message's SENT status is its ledger entry now (one record per message): the header names the
        // request's topic, partition and offset, and nothing more was written to the old ledger topic
        Map<String, List<ConsumerRecord<byte[], byte[]>>> statuses = readByKey(Topics.STATUS, requests.keySet());
        for (var entry : requests.entrySet()) {
            ConsumerRecord<byte[], byte[]> request = entry.getValue();
            List<String> ledgerHeaders = statuses.get(entry.getKey()).stream()
                    .map(status -> status.headers().lastHeader(Topics.LEDGER_HEADER)).filter(h -> h != null)
                    .map(h -> new String(h.value(), StandardCharsets.UTF_8)).toList();
            assertThat(ledgerHeaders).as("ledger entries of %s", entry.getKey()).singleElement().asString()
                    .startsWith(request.topic() + " " + request.partition() + " " + request.offset() + " ");
        }
        assertThat(endOffsets(Topics.SENT)).isEqualTo(ledgerTopicEnds);
        dispatcher.stop();
    }

    private static String submit(int count, String text) {
        List<IngestHttp.Recipient> recipients = TestRecipients.norwegianMobiles(count).stream()
                .map(n -> new IngestHttp.Recipient(n, Map.of())).toList();
        IngestHttp.Response response = IngestHttp.of(ingest).postBatch(
                IngestHttp.batch("HERALD", text + " " + UUID.randomUUID(), recipients));
        assertThat(response.status()).as(String.valueOf(response.body())).isEqualTo(202);
        assertThat(response.body().get("accepted").asInt()).isEqualTo(count);
        return response.body().get("batchId").asText();
    }

    /** Waits for a final state (SENT or FAILED) of every message of a batch; returns each message's last event. */
    private static Map<String, DeliveryStatus> awaitFinalStatuses(String batchId, int count) {
        try (StatusReader reader = new StatusReader(stack.bootstrapServers(), stack.registryUrl(), Set.of(batchId))) {
            Map<String, DeliveryStatus> last = new HashMap<>();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
                for (DeliveryStatus status : reader.poll()) {
                    last.merge(status.getMessageId(), status,
                            (a, b) -> a.getState() == DeliveryState.SENT ? a : b);
                }
                return last.size() >= count;
            });
            return last;
        }
    }

    /** Reads a whole topic; returns the records of a batch by messageId (the last one wins). */
    private static Map<String, ConsumerRecord<byte[], byte[]>> readRecords(String topic, String batchId) {
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        readAll(topic, all::add);
        return all.stream().filter(r -> batchId.equals(request(r).getBatchId()))
                .collect(Collectors.toMap(RetryAndLedgerIT::messageId, Function.identity(), (a, b) -> b));
    }

    /** Reads a whole topic; returns the records whose key (UTF-8) is one of the given, by key, in offset order. */
    private static Map<String, List<ConsumerRecord<byte[], byte[]>>> readByKey(String topic, Set<String> keys) {
        Map<String, List<ConsumerRecord<byte[], byte[]>>> byKey = new HashMap<>();
        readAll(topic, r -> {
            String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
            if (keys.contains(key)) {
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
            }
        });
        return byKey;
    }

    /** Reads a whole topic from the beginning to its end offsets at the start, each record in partition order. */
    private static void readAll(String topic, java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each) {
        try (KafkaConsumer<byte[], byte[]> consumer = rawConsumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(each);
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
            });
        }
    }

    private static Map<TopicPartition, Long> endOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = rawConsumer()) {
            return consumer.endOffsets(consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList());
        }
    }

    private static KafkaConsumer<byte[], byte[]> rawConsumer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(config);
    }

    private static synchronized NotificationRequest request(ConsumerRecord<byte[], byte[]> record) {
        if (deserializer == null) {
            deserializer = new AvroKafkaDeserializer<>();
            deserializer.configure(HeraldSerdes.consumerSerdeConfig(stack.registryUrl()), false);
        }
        return deserializer.deserialize(record.topic(), record.value());
    }

    private static String messageId(ConsumerRecord<byte[], byte[]> record) {
        return request(record).getMessageId();
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        assertThat(header).as("header %s", name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static JsonNode stats(DispatcherProcess dispatcher) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create(dispatcher.adminUrl() + "/stats")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return IngestHttp.JSON.readTree(response.body());
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
    }
}
