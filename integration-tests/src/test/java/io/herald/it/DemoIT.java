package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.local.HeraldHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README's first command, run as a user runs it: {@code ./herald demo}, here on the first 300 rows and on free ports so
 * that it does not meet the test stack or a demo the developer left running. It starts its own Kafka, registry,
 * simulator, ingest-service and two dispatchers.
 */
class DemoIT {

    private static final Pattern SUMMARY = Pattern.compile(
            "demo: accepted=(\\d+) rejected=(\\d+) sent=(\\d+) failed=(\\d+) received=(\\d+) delivered=(\\d+) "
                    + "elapsed=\\d+\\.\\ds rate=\\d+\\.\\d msg/s ucs2=(\\d+)/(\\d+) smsc-rate=\\d+\\.\\d msg/s");

    @Test
    void demoSendsTheSampleRowsThroughThePipelineAndExitsZero() throws Exception {
        // given the repository's herald script and a fresh work folder
        HeraldHome home = HeraldHome.locate();
        Path work = Path.of(System.getProperty("herald.it.workDir", "target/it-work")).resolveSibling("demo-work");
        if (Files.exists(work)) {
            // An earlier run's Kafka data holds schema ids that this run's in-memory registry gives to other schemas.
            try (Stream<Path> old = Files.walk(work)) {
                for (Path path : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Path output = Files.createDirectories(work).resolve("demo.out");

        // when the demo runs on the first 300 rows of samples/recipients.csv
        Process demo = new ProcessBuilder("bash", home.root().resolve("herald").toString(), "demo",
                "--count", "300", "--progress", "LINES", "--work-dir", work.toString(),
                "--kafka-port", "0", "--controller-port", "0", "--registry-port", "0", "--smsc-port", "0",
                "--smsc-http-port", "0", "--ingest-port", "0", "--ingest-admin-port", "0",
                "--dispatcher-admin-port", "0")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
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

    private static List<String> readLines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }
}
