package io.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BulkFileTest {

    @TempDir
    Path dir;

    @Test
    void shouldCountLinesHeadersAndBatchIdsOfJsonAndCsvLines() throws IOException {
        // given JSON lines of two batches, a broken line, a blank line, and CSV with a header
        Path file = dir.resolve("lines.txt");
        Files.writeString(file, String.join("\n",
                "{\"batchId\":\"b1\",\"to\":\"+4791234567\",\"text\":\"Hi\"}",
                "{\"batchId\":\"b2\",\"to\":\"+4791234568\",\"text\":\"Hi\"}",
                "{\"batchId\":\"b1\",\"to\":",
                "",
                "{\"batchId\":\"batchId\",\"to\":\"+4791234569\",\"text\":\"Hi\"}",
                "\uFEFFbatchId,to,text",
                "\"c1\",+4791234567,Hi") + "\n", StandardCharsets.UTF_8);

        // when
        BulkFile scanned = BulkFile.scan(file);

        // then
        assertThat(scanned.records()).isEqualTo(7);
        assertThat(scanned.headers()).isEqualTo(1);
        assertThat(scanned.lines()).isEqualTo(6);
        assertThat(scanned.batchIds()).containsExactly("b1", "b2", "batchId", "c1");
    }

    @Test
    void shouldCompleteOnlyWhenEveryLineHasOneOutcomeAndEveryValidOneWasReceived() {
        assertThat(new BulkLoadSummary(100, 99, 1, 99, 12_345_000_000L).line())
                .isEqualTo("bulk-load: lines=100 valid=99 rejected=1 received=99 elapsed=12.3s");
        assertThat(new BulkLoadSummary(100, 99, 1, 99, 0).complete()).isTrue();
        assertThat(new BulkLoadSummary(100, 99, 1, 98, 0).complete()).isFalse();
        assertThat(new BulkLoadSummary(100, 98, 1, 98, 0).complete()).isFalse();
    }
}
