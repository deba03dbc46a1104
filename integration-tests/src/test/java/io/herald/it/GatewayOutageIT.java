package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.local.DispatcherProcess;
import io.herald.local.FreePorts;
import io.herald.local.HeraldHome;
import io.herald.local.IngestServiceProcess;
import io.herald.local.LocalStack;
import io.herald.local.ProcessGroup;
import io.herald.local.SmscMessage;
import io.herald.local.SmscSimulatorProcess;
import io.herald.schema.TopicSetup;
import io.herald.schema.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SMSC goes away for 20 s in the middle of a batch and comes back on the same port: the dispatcher's circuit
 * opens, its partitions pause, the records in flight wait, and once the SMSC is back every accepted message reaches it
 * and nothing goes to the DLQ.
 *
 * <p>It runs its own stack (Kafka, registry, ingest, one SMSC simulator, one dispatcher), so that stopping the SMSC
 * cannot disturb the shared stack of the other tests.
 */
class GatewayOutageIT {

    private static final int MESSAGES = 1000;
    private static final Duration OUTAGE = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static ProcessGroup processes;
    private static HeraldHome home;
    private static Path work;
    private static LocalStack stack;
    private static IngestServiceProcess ingest;
    private static DispatcherProcess dispatcher;
    private static int smppPort;
    private static int smscHttpPort;

    @BeforeAll
    static void startStack() {
        home = HeraldHome.locate();
        work = Path.of(System.getProperty("herald.it.workDir",
                home.root().resolve("integration-tests/target/it-work").toString())).resolve("gateway-outage");
        processes = new ProcessGroup().stopOnShutdown();
        stack = processes.add(LocalStack.start(home, LocalStack.Options.withFreePorts(work)));
        try (Admin admin = admin()) {
            TopicSetup.ensureTopics(admin, Topics.DEFAULT_REQUESTS_PARTITIONS, Topics.DEFAULT_STATUS_PARTITIONS,
                    (short) 1, 30_000);
        }
        int[] ports = FreePorts.pick(2);
        smppPort = ports[0];
        smscHttpPort = ports[1];
        SmscSimulatorProcess smsc = processes.add(startSmsc("outage-smsc-1"));
        ingest = processes.add(IngestServiceProcess.start(home, IngestServiceProcess.Options.in(work)
                .name("outage-ingest").kafka(stack.bootstrapServers(), stack.registryUrl()).port(0).adminPort(0)));
        // 50 TPS, so that the batch is still streaming when the SMSC goes away.
        dispatcher = processes.add(DispatcherProcess.start(home, DispatcherProcess.Options.in(work)
                .name("outage-dispatcher").instanceId("outage-dispatcher").groupId("herald-dispatcher-outage")
                .kafka(stack.bootstrapServers(), stack.registryUrl()).smpp(smsc).adminPort(0)
                .property("gateway.rate.limit.tps", "50")));
    }

    @AfterAll
    static void stopStack() {
        if (processes != null) {
            processes.close();
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
    }

    private static SmscSimulatorProcess startSmsc(String name) {
        return SmscSimulatorProcess.start(home, SmscSimulatorProcess.Options.in(work).name(name)
                .smppPort(smppPort).httpPort(smscHttpPort));
    }

    @Test
    void smscDownForTwentySecondsMidBatchLosesNothingAndDeadLettersNothing() throws Exception {
        SmscSimulatorProcess first = (SmscSimulatorProcess) processes.processes().stream()
                .filter(p -> p instanceof SmscSimulatorProcess).findFirst().orElseThrow();
        // given a batch of 1,000 recipients accepted by ingest
        List<String> numbers = TestRecipients.norwegianMobiles(MESSAGES);
        IngestClient client = new IngestClient(ingest.url());
        List<IngestClient.Recipient> recipients = numbers.stream()
                .map(n -> new IngestClient.Recipient(n, Map.of())).toList();
        String text = "Outage test " + UUID.randomUUID();
        for (int from = 0; from < MESSAGES; from += 250) {
            IngestClient.Response response = client.postBatch(IngestClient.batch("HERALD", text,
                    recipients.subList(from, from + 250)));
            assertThat(response.status()).as(response.body().toString()).isEqualTo(202);
            assertThat(response.body().get("accepted").asInt()).isEqualTo(250);
        }

        // when the SMSC stops once a fifth has arrived, and comes back on the same port 20 s later
        await().atMost(Duration.ofMinutes(2)).until(() -> first.stats().distinctMessages() >= MESSAGES / 5);
        // (the dispatcher is frozen for a moment, so that the list of what the first SMSC received is complete)
        signal(dispatcher.pid(), "STOP");
        Set<String> received;
        try {
            Thread.sleep(500);
            received = receivedRecipients(first);
            first.stop();
        } finally {
            signal(dispatcher.pid(), "CONT");
        }
        assertThat(received).hasSizeLessThan(MESSAGES);
        Thread.sleep(OUTAGE.toMillis());
        assertThat(dispatcherStats().get("gatewayWaits").asLong()).as("records waited for the gateway").isPositive();
        SmscSimulatorProcess second = processes.add(startSmsc("outage-smsc-2"));

        // then every accepted message reaches one SMSC or the other
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() ->
                received.size() + second.stats().distinctMessages() >= MESSAGES);
        received.addAll(receivedRecipients(second));
        List<String> lost = numbers.stream().filter(n -> !received.contains(TestRecipients.smscAddress(n))).toList();
        assertThat(lost).as("accepted but never received").isEmpty();

        // and nothing was failed or dead-lettered, and the circuit is closed again
        JsonNode stats = dispatcherStats();
        assertThat(stats.get("failed").asLong()).isZero();
        assertThat(stats.get("deadLettered").asLong()).isZero();
        assertThat(stats.get("circuit").asText()).isEqualTo("CLOSED");
        assertThat(dlqRecords()).isZero();
    }

    private static Set<String> receivedRecipients(SmscSimulatorProcess smsc) {
        Set<String> found = new HashSet<>();
        for (SmscMessage message : smsc.messages(null)) {
            found.add(TestRecipients.smscAddress(message.recipient()));
        }
        return found;
    }

    private static void signal(long pid, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -%s %d", signal, pid).isZero();
    }

    private static JsonNode dispatcherStats() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create(dispatcher.adminUrl() + "/stats")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return IngestClient.JSON.readTree(response.body());
    }

    private static long dlqRecords() throws Exception {
        try (Admin admin = admin()) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(Topics.REQUESTS_DLQ)).allTopicNames().get()
                    .get(Topics.REQUESTS_DLQ).partitions().stream()
                    .map(p -> new TopicPartition(Topics.REQUESTS_DLQ, p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
            return ends.values().stream().mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
        }
    }
}
