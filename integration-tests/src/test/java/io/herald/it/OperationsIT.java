package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.local.DispatcherProcess;
import io.herald.local.HeraldHome;
import io.herald.local.IngestServiceProcess;
import io.herald.local.SmscSimulatorProcess;
import io.herald.schema.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an operator does to a running pipeline, on real parts (a stack of its own: KRaft broker, registry, SMSC
 * simulator, ingest with its status topology): stopping a dispatcher with SIGTERM mid-batch, and {@code ./herald dlq
 * list|replay} run as a user runs it. Both tests use one consumer group in turn and stop their dispatchers, so each
 * starts where the other's commits left off, in either order.
 */
class OperationsIT {

    private static final String GROUP = "it-operations";
    private static final Pattern REPLAY = Pattern.compile(
            "dlq replay: selected=(\\d+) already-sent=(\\d+) replayed=(\\d+) topic=notify\\.requests");
    private static final Pattern LIST = Pattern.compile("dlq list: records=(\\d+) selected=(\\d+) shown=(\\d+)(.*)");

    private static IsolatedStack stack;
    private static IngestServiceProcess ingest;

    @BeforeAll
    static void startStack() {
        stack = IsolatedStack.start("operations", smsc -> smsc.name("operations-smsc"));
        ingest = stack.startIngest(stack.ingestOptions("operations-ingest"));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void sigtermMidBatchDrainsCommitsUnbindsAndExitsZeroWithNothingLostOrSentTwice() throws Exception {
        // given a dispatcher sending at 200 messages/s
        DispatcherProcess.Options options = stack.dispatcherOptions("sigterm-dispatcher-1", GROUP)
                .property("gateway.rate.limit.tps", "200");
        DispatcherProcess first = stack.startDispatcher(options);
        long before = stack.smsc().stats().distinctMessages();
        int count = 3000;
        String batchId = submit(count, "SIGTERM test").id();

        // when it gets SIGTERM once a third of the batch has arrived
        await().atMost(Duration.ofMinutes(2)).until(() -> stack.smsc().stats().distinctMessages() - before >= count / 3);
        long stopStarted = System.nanoTime();
        int exitCode = first.stop();
        long stopMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopStarted);

        // then it exits 0, having unbound its SMPP session, within its drain timeout (shutdown.timeout.ms, 30 s)
        assertThat(exitCode).as("exit code after SIGTERM (stopped in %d ms)", stopMs).isZero();
        List<String> log = Files.readAllLines(first.logFile(), StandardCharsets.UTF_8);
        assertThat(log).as("dispatcher log").anyMatch(line -> line.contains("SIGTERM received"))
                .anyMatch(line -> line.contains("unbinding"))
                .anyMatch(line -> line.contains("exiting with status 0"));
        assertThat(Files.readAllLines(stack.smsc().logFile(), StandardCharsets.UTF_8)).as("SMSC log")
                .anyMatch(line -> line.contains("unbound"));
        long atStop = stack.smsc().stats().distinctMessages() - before;
        assertThat(atStop).as("messages at the SMSC when it stopped").isLessThan(count);

        // and a new member of the group sends the rest: every message arrives exactly once
        DispatcherProcess second = stack.startDispatcher(options.name("sigterm-dispatcher-2")
                .instanceId("sigterm-dispatcher-2"));
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> stack.smsc().stats().distinctMessages() - before >= count);
        assertThat(stack.smsc().stats().distinctMessages() - before).isEqualTo(count);
        assertThat(stack.smsc().stats().duplicates()).as("messages received twice").isZero();
        awaitBatch(batchId, status -> status.get("sent").asInt() + status.get("delivered").asInt() == count);
        assertThat(second.stop()).isZero();
    }

    @Test
    void prometheusMetricsMoveDuringARun() throws Exception {
        // given a dispatcher of the group, scraped before a batch
        DispatcherProcess dispatcher = stack.startDispatcher(stack.dispatcherOptions("metrics-dispatcher", GROUP));
        Map<String, Double> before = Metrics.scrape(dispatcher.adminUrl() + "/metrics");
        Map<String, Double> ingestBefore = Metrics.scrape(ingest.adminUrl() + "/prometheus");
        int count = 200;

        // when a batch is sent
        Batch batch = submit(count, "Metrics test");
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> batch.messageIds().stream().allMatch(stack.receivedIds()::containsKey));
        awaitBatch(batch.id(), status -> status.get("sent").asInt() + status.get("delivered").asInt() == count);
        Map<String, Double> after = Metrics.scrape(dispatcher.adminUrl() + "/metrics");

        // then the dispatcher's key series moved by the batch
        String sent = "herald_dispatcher_messages_total{error_code=\"none\",gateway=\"smpp\",outcome=\"sent\"}";
        String accepted = "herald_dispatcher_submits_total{error_code=\"none\",gateway=\"smpp\",result=\"accepted\"}";
        assertThat(after.get(sent) - before.getOrDefault(sent, 0.0)).as(sent).isEqualTo(count);
        assertThat(after.get(accepted) - before.getOrDefault(accepted, 0.0)).as(accepted).isGreaterThanOrEqualTo(count);
        assertThat(Metrics.sum(after, "herald_dispatcher_submit_seconds_count{") - Metrics.sum(before,
                "herald_dispatcher_submit_seconds_count{")).as("submit latency observations").isGreaterThanOrEqualTo(count);
        assertThat(after.get("herald_dispatcher_consumed_total") - before.get("herald_dispatcher_consumed_total"))
                .as("consumed").isGreaterThanOrEqualTo(count);
        assertThat(after).containsEntry("herald_dispatcher_circuit_state{gateway=\"smpp\",state=\"CLOSED\"}", 1.0)
                .containsEntry("herald_dispatcher_gateway_available{gateway=\"smpp\"}", 1.0)
                .containsKey("herald_dispatcher_in_flight{loop=\"requests\"}");
        // and the consumer lag of each partition of notify.requests is there, and 0 once all is sent
        // (series of partitions assigned after the start appear within the binding's refresh, 10 s)
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> Metrics.matching(
                Metrics.scrape(dispatcher.adminUrl() + "/metrics"), "kafka_consumer_fetch_manager_records_lag{",
                "topic=\"notify.requests\"").size() == Topics.DEFAULT_REQUESTS_PARTITIONS);
        Map<String, Double> latest = Metrics.scrape(dispatcher.adminUrl() + "/metrics");
        Map<String, Double> lag = Metrics.matching(latest, "kafka_consumer_fetch_manager_records_lag{",
                "topic=\"notify.requests\"");
        assertThat(lag.values()).as("records-lag of notify.requests %s", lag)
                .allSatisfy(value -> assertThat(value).isZero());
        assertThat(Metrics.matching(latest, "kafka_consumer_fetch_manager_records_lag{", "topic=\"notify_requests\""))
                .as("Kafka's JMX copies with underscores (dropped: they would double every sum)").isEmpty();
        assertThat(Metrics.matching(after, "jvm_memory_used_bytes{")).isNotEmpty();

        // and ingest's: the batch's recipients accepted, its 202 counted, its produce time observed
        Map<String, Double> ingestAfter = Metrics.scrape(ingest.adminUrl() + "/prometheus");
        assertThat(Metrics.sum(ingestAfter, "herald_ingest_recipients_total{") - Metrics.sum(ingestBefore,
                "herald_ingest_recipients_total{")).as("recipients").isEqualTo(count);
        assertThat(delta(ingestBefore, ingestAfter, "herald_ingest_recipients_total{", "result=\"accepted\""))
                .as("recipients accepted").isEqualTo(count);
        assertThat(delta(ingestBefore, ingestAfter, "herald_ingest_batches_total{", "status=\"202\""))
                .as("202 answers").isEqualTo(1);
        assertThat(delta(ingestBefore, ingestAfter, "herald_ingest_produce_seconds_count{"))
                .as("produce time observations").isEqualTo(1);

        // and every series the Grafana dashboard queries is one the services serve
        Map<String, Double> served = new HashMap<>(latest);
        served.putAll(ingestAfter);
        Set<String> names = served.keySet().stream().map(series -> series.contains("{")
                ? series.substring(0, series.indexOf('{')) : series).collect(Collectors.toSet());
        assertThat(Dashboard.metricNames(HeraldHome.locate().root().resolve("docker/grafana/herald.json")))
                .as("series in docker/grafana/herald.json").isNotEmpty().isSubsetOf(names);
        assertThat(dispatcher.stop()).isZero();
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String prefix,
                                String... parts) {
        return Metrics.matching(after, prefix, parts).values().stream().mapToDouble(Double::doubleValue).sum()
                - Metrics.matching(before, prefix, parts).values().stream().mapToDouble(Double::doubleValue).sum();
    }

    @Test
    void dlqReplayMovesRefusedMessagesBackAndTheyAreDeliveredOnce() throws Exception {
        // given an SMSC that refuses every submit_sm with ESME_RSYSERR, and a dispatcher with one attempt and no retry
        // tiers, so that every message goes to the DLQ at once
        SmscSimulatorProcess refusing = stack.startSmsc(smsc -> smsc.name("operations-refusing-smsc")
                .errorRate(1.0));
        DispatcherProcess failing = stack.startDispatcher(stack.dispatcherOptions("dlq-dispatcher-refused", GROUP)
                .smpp(refusing).property("retry.inline.max.attempts", "1").property("retry.tiers", ""));
        int count = 40;
        Batch batch = submit(count, "DLQ replay test");
        String batchId = batch.id();
        awaitBatch(batchId, status -> status.get("failed").asInt() == count);
        assertThat(failing.stop()).isZero();

        // when an operator lists the DLQ
        List<String> listed = herald("dlq", "list", "--error-code", "ESME_RSYSERR", "--limit", "1000");

        // then each refused message has a line, with its recipient masked, and the summary counts them
        String listSummary = listed.get(listed.size() - 1);
        Matcher list = LIST.matcher(listSummary);
        assertThat(list.matches()).as("summary line %s", listSummary).isTrue();
        assertThat(Integer.parseInt(list.group(2))).as("selected").isGreaterThanOrEqualTo(count);
        assertThat(list.group(4)).contains("ESME_RSYSERR=");
        List<String> rows = listed.stream().filter(line -> line.contains(batchId)).toList();
        assertThat(rows).hasSize(count).allSatisfy(row -> {
            assertThat(row).contains("ESME_RSYSERR").containsPattern("\\+47\\d{3}\\*{4}\\d{2}");
            assertThat(row).doesNotContainPattern("\\+47\\d{8}");
        });

        // and when they replay them, with a healthy SMSC behind a dispatcher of the same group
        DispatcherProcess healthy = stack.startDispatcher(stack.dispatcherOptions("dlq-dispatcher-healthy", GROUP));
        Map<String, Integer> receivedBefore = stack.receivedIds();
        List<String> replayed = herald("dlq", "replay", "--error-code", "ESME_RSYSERR");

        // then the command reports them, and every one reaches the SMSC once
        Matcher replay = REPLAY.matcher(replayed.get(replayed.size() - 1));
        assertThat(replay.matches()).as("summary line %s", replayed).isTrue();
        int replayedCount = Integer.parseInt(replay.group(3));
        assertThat(replayedCount).isEqualTo(Integer.parseInt(replay.group(1))).isGreaterThanOrEqualTo(count);
        List<String> ids = batch.messageIds();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> ids.stream().allMatch(stack.receivedIds()::containsKey));
        assertThat(ids).allSatisfy(id -> {
            assertThat(receivedBefore).doesNotContainKey(id);
            assertThat(stack.receivedIds().get(id)).as("receptions of %s", id).isEqualTo(1);
        });
        // and the batch status counts them under their new state: a later attempt replaces FAILED
        awaitBatch(batchId, status -> status.get("failed").asInt() == 0
                && status.get("sent").asInt() + status.get("delivered").asInt() == count);

        // and replaying the same selection again sends nothing twice: the sent ledger knows them
        List<String> again = herald("dlq", "replay", "--error-code", "ESME_RSYSERR");
        Matcher second = REPLAY.matcher(again.get(again.size() - 1));
        assertThat(second.matches()).as("summary line %s", again).isTrue();
        assertThat(Integer.parseInt(second.group(2))).as("already sent").isGreaterThanOrEqualTo(count);
        assertThat(Integer.parseInt(second.group(3))).as("replayed again").isZero();
        assertThat(healthy.stop()).isZero();
        assertThat(ids).allSatisfy(id -> assertThat(stack.receivedIds().get(id)).isEqualTo(1));
    }

    /** A batch ingest accepted: its id and its messages' ids (the 202's {@code messages}). */
    private record Batch(String id, List<String> messageIds) {
    }

    private static Batch submit(int count, String text) {
        List<IngestHttp.Recipient> recipients = TestRecipients.norwegianMobiles(count).stream()
                .map(n -> new IngestHttp.Recipient(n, Map.of())).toList();
        IngestHttp.Response response = IngestHttp.of(ingest).postBatch(
                IngestHttp.batch("HERALD", text + " " + UUID.randomUUID(), recipients));
        assertThat(response.status()).as(String.valueOf(response.body())).isEqualTo(202);
        assertThat(response.body().get("accepted").asInt()).isEqualTo(count);
        List<String> ids = new ArrayList<>();
        for (JsonNode message : response.body().path("messages")) {
            ids.add(message.get("messageId").asText());
        }
        assertThat(ids).hasSize(count);
        return new Batch(response.body().get("batchId").asText(), ids);
    }

    private static void awaitBatch(String batchId, java.util.function.Predicate<JsonNode> condition) {
        IngestHttp client = IngestHttp.of(ingest);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
            IngestHttp.Response response = client.getBatch(batchId);
            return response.status() == 200 && condition.test(response.body());
        });
    }

    /** Runs {@code ./herald ARGS… --bootstrap-server … --registry-url …} as a user does; returns its stdout lines. */
    private static List<String> herald(String... args) throws IOException, InterruptedException {
        HeraldHome home = HeraldHome.locate();
        List<String> command = new ArrayList<>(List.of("bash", home.root().resolve("herald").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--bootstrap-server", stack.bootstrapServers(), "--registry-url",
                stack.registryUrl()));
        Path output = Files.createTempFile(stack.work(), "herald-" + args[0] + "-" + args[1], ".out");
        Path errors = output.resolveSibling(output.getFileName() + ".err");
        Process process = new ProcessBuilder(command).redirectOutput(output.toFile()).redirectError(errors.toFile())
                .start();
        boolean ended = process.waitFor(3, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        String err = Files.readString(errors, StandardCharsets.UTF_8);
        assertThat(ended).as("%s ended; stderr: %s", command, err).isTrue();
        assertThat(process.exitValue()).as("%s exit code; stdout: %s; stderr: %s", command, lines, err).isZero();
        assertThat(lines).as("%s stdout", command).isNotEmpty();
        return lines;
    }
}
