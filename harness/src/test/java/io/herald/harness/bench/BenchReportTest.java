package io.herald.harness.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {

    @Test
    void theHandWrittenPartOfTheReportIsKeptAndTheMeasuredPartIsNot(@TempDir Path dir) throws Exception {
        // given a report with measured sections, then the marker and notes written by hand
        Path report = dir.resolve("benchmarks.md");
        Files.writeString(report, "# Herald benchmarks\n\nbench: name=x herald=1\n\n" + BenchReport.KEPT_NOTES_MARKER
                + "\n\n## 6. Profiles\n\nThe deserializer took 14%.\n", StandardCharsets.UTF_8);
        // when the part to keep is read
        String kept = BenchReport.keptNotes(report);
        // then it is the marker and what follows it, and nothing before
        assertThat(kept).startsWith("\n" + BenchReport.KEPT_NOTES_MARKER).contains("The deserializer took 14%.")
                .doesNotContain("bench: name=x");
    }

    @Test
    void aReportWithoutTheMarkerOrNoReportKeepsNothing(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("benchmarks.md");
        assertThat(BenchReport.keptNotes(report)).isEmpty();
        Files.writeString(report, "# Herald benchmarks\n", StandardCharsets.UTF_8);
        assertThat(BenchReport.keptNotes(report)).isEmpty();
    }

    @Test
    void theVersionsTheReportNamesComeFromTheBuild() {
        // when the versions are read from the filtered resource, then each is a version, not a placeholder
        for (String name : new String[] {"herald", "kafka", "jmh", "parallel-consumer", "parallel-consumer.kafka",
            "java"}) {
            assertThat(BenchReport.version(name)).as(name).matches("[0-9][0-9A-Za-z.\\-]*");
        }
    }
}
