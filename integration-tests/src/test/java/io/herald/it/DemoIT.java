package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.local.HeraldHome;
import io.herald.schema.DeliveryState;
import io.herald.schema.DeliveryStatus;
import io.herald.schema.HeraldSerdes;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * README's first command, run as a user runs it: {@code ./herald demo}, here on the first 300 rows and on free ports so
 * that it does not meet the test stack or a demo the developer left running. It starts its own Kafka, registry,
 * simulator, ingest-service and two dispatchers. Also: a demo after another run on the same work folder.
 */
class DemoIT {

    private static final Pattern SUMMARY = Pattern.compile(
            "demo: accepted=(\\d+) rejected=(\\d+) sent=(\\d+) failed=(\\d+) received=(\\d+) delivered=(\\d+) "
                    + "elapsed=\\d+\\.\\ds rate=\\d+\\.\\d msg/s ucs2=(\\d+)/(\\d+) smsc-rate=\\d+\\.\\d msg/s");

    @Test
    void demoSendsTheSampleRowsThroughThePipelineAndExitsZero() throws Exception {
        // given the repository's herald script and a work folder that --fresh empties
        HeraldHome home = HeraldHome.locate();
        Path work = workFolder("demo-work");
        Path output = Files.createDirectories(work).resolve("demo.out");

        // when the demo runs on the first 300 rows of samples/recipients.csv
        Process demo = herald(home, work, output, "demo", "--fresh", "--count", "300", "--progress", "LINES",
                "--ingest-port", "0", "--ingest-admin-port", "0", "--dispatcher-admin-port", "0");
        boolean ended = demo.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            demo.destroy();
            demo.waitFor(30, TimeUnit.SECONDS);
        }
        List<String> lines = readLines(output);

        // then it exits 0 with one summary line in which every accepted message was received
        assertThat(ended).as("demo ended within 5 minutes; output:%n%s", String.join("\n", lines)).isTrue();
        assertThat(demo.exitValue()).as("exit code; output:%n%s", String.join("\n", lines)).isZero();
        List<String> summaries = lines.stream().filter(line -> line.startsWith("demo: ")).toList();
        assertThat(summaries).hasSize(1);
        Matcher summary = SUMMARY.matcher(summaries.get(0));
        assertThat(summary.matches()).as("summary line %s", summaries.get(0)).isTrue();
        long accepted = Long.parseLong(summary.group(1));
        long rejected = Long.parseLong(summary.group(2));
        long sent = Long.parseLong(summary.group(3));
        long failed = Long.parseLong(summary.group(4));
        long received = Long.parseLong(summary.group(5));
        assertThat(accepted + rejected).isEqualTo(300);
        assertThat(rejected).as("the sample's invalid rows among the first 300").isPositive();
        assertThat(sent).isEqualTo(accepted);
        assertThat(failed).isZero();
        assertThat(received).isEqualTo(accepted);
        long delivered = Long.parseLong(summary.group(6));
        assertThat(delivered).as("messages whose delivery receipt made them DELIVERED").isEqualTo(sent);
        long ucs2Intact = Long.parseLong(summary.group(7));
        long ucs2Expected = Long.parseLong(summary.group(8));
        assertThat(ucs2Expected).as("UCS-2 rows (Greek, Arabic, Chinese …) among the first 300").isPositive();
        assertThat(ucs2Intact).isEqualTo(ucs2Expected);
    }

    /**
     * What {@code ./herald bench} and then {@code ./herald demo} did, in small: a first run leaves records whose schema
     * ids its registry handed out in another order than the next run's producers register them (here a schema
     * registered by hand before Herald's, and a status record written with Herald's serializer after it), then a demo
     * runs on the same work folder. Ingest's status view reads that record at start; with a registry that forgot the
     * first run's schemas it cannot resolve the id, and its log fills with {@code ContentNotFoundException}.
     */
    @Test
    void aDemoAfterAnEarlierRunOnTheSameWorkFolderEndsCleanly() throws Exception {
        // given a work folder in which herald stack ran and left such a record
        HeraldHome home = HeraldHome.locate();
        Path work = workFolder("rerun-work");
        Path stackOutput = Files.createDirectories(work).resolve("stack.out");
        Process stack = herald(home, work, stackOutput, "stack", "--fresh");
        try {
            await().atMost(Duration.ofMinutes(3)).until(() -> !stack.isAlive()
                    || readLines(stackOutput).stream().anyMatch(line -> line.startsWith("smsc-http: ")));
            assertThat(stack.isAlive()).as("herald stack runs; output:%n%s", String.join("\n", readLines(stackOutput)))
                    .isTrue();
            String kafka = endpoint(stackOutput, "kafka");
            String registry = endpoint(stackOutput, "registry");
            registerProbeSchema(registry);
            Map<String, Object> config = HeraldSerdes.producerSerdeConfig(registry);
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
            try (KafkaProducer<String, DeliveryStatus> producer = new KafkaProducer<>(config)) {
                producer.send(new ProducerRecord<>(Topics.STATUS, "rerun-message-1", DeliveryStatus.newBuilder()
                        .setMessageId("rerun-message-1").setBatchId("rerun-batch").setState(DeliveryState.SENT)
                        .setGatewayMessageId("1").setGatewayMessageIds(List.of("1")).setGateway("smpp")
                        .setSegments(1).setTimestamp(Instant.now()).setAttempt(1).build()))
                        .get(30, TimeUnit.SECONDS);
            }
        } finally {
            stack.destroy(); // SIGTERM: its shutdown hook stops Kafka and the registry
            assertThat(stack.waitFor(2, TimeUnit.MINUTES)).as("herald stack stopped").isTrue();
        }

        // when a demo runs on the same work folder
        Path ingestLog = work.resolve("logs/ingest.log");
        long ingestLogStart = Files.exists(ingestLog) ? Files.size(ingestLog) : 0; // logs/ outlives --fresh
        Path output = work.resolve("demo.out");
        Process demo = herald(home, work, output, "demo", "--count", "50", "--dispatchers", "1", "--timeout", "2m",
                "--progress", "LINES", "--ingest-port", "0", "--ingest-admin-port", "0",
                "--dispatcher-admin-port", "0");
        boolean ended = demo.waitFor(4, TimeUnit.MINUTES);
        if (!ended) {
            demo.destroy();
            demo.waitFor(30, TimeUnit.SECONDS);
        }
        List<String> lines = readLines(output);

        // then it ends with its summary and exit code 0, and ingest's log stays small and free of unknown schema ids
        assertThat(ended).as("demo ended within 4 minutes; output:%n%s", String.join("\n", lines)).isTrue();
        assertThat(demo.exitValue()).as("exit code; output:%n%s", String.join("\n", lines)).isZero();
        List<String> summaries = lines.stream().filter(line -> line.startsWith("demo: ")).toList();
        assertThat(summaries).hasSize(1);
        Matcher summary = SUMMARY.matcher(summaries.get(0));
        assertThat(summary.matches()).as("summary line %s", summaries.get(0)).isTrue();
        assertThat(Long.parseLong(summary.group(1)) + Long.parseLong(summary.group(2))).isEqualTo(50);
        byte[] ingestLogAll = Files.readAllBytes(ingestLog);
        byte[] ingestLogOfThisRun = Arrays.copyOfRange(ingestLogAll, (int) ingestLogStart, ingestLogAll.length);
        assertThat(ingestLogOfThisRun.length).as("bytes the demo's ingest wrote to %s", ingestLog)
                .isLessThan(1 << 20);
        assertThat(new String(ingestLogOfThisRun, StandardCharsets.UTF_8)).doesNotContain("ContentNotFoundException");
    }

    /** {@code herald.it.workDir}'s sibling {@code name}, e.g. integration-tests/target/demo-work. */
    private static Path workFolder(String name) {
        return Path.of(System.getProperty("herald.it.workDir", "target/it-work")).toAbsolutePath()
                .resolveSibling(name);
    }

    /** Runs {@code ./herald ARGS} on {@code work} and free ports of the infrastructure, stdout and stderr to a file. */
    private static Process herald(HeraldHome home, Path work, Path output, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", home.root().resolve("herald").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--work-dir", work.toString(), "--kafka-port", "0", "--controller-port", "0",
                "--registry-port", "0", "--smsc-port", "0", "--smsc-http-port", "0", "--smtp-port", "0"));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    /** The address of an endpoint line {@code NAME: ADDRESS} that herald stack printed. */
    private static String endpoint(Path output, String name) throws IOException {
        return readLines(output).stream().filter(line -> line.startsWith(name + ": ")).findFirst()
                .map(line -> line.substring(name.length() + 2).trim())
                .orElseThrow(() -> new AssertionError("no " + name + " line in " + output));
    }

    /** Registers a schema no Herald producer writes, so that Herald's schemas get other ids than in a fresh registry. */
    private static void registerProbeSchema(String registryUrl) throws Exception {
        String schema = "{\"type\":\"record\",\"name\":\"RerunProbe\","
                + "\"fields\":[{\"name\":\"n\",\"type\":\"int\"}]}";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        registryUrl + HeraldSerdes.CCOMPAT_API_PATH + "/subjects/rerun-probe-value/versions"))
                        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                new ObjectMapper().writeValueAsString(Map.of("schema", schema)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("registration: %s", response.body()).isEqualTo(200);
    }

    private static List<String> readLines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }
}
