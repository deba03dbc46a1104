package io.herald.cli.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.cli.RecipientsCsv;
import io.herald.local.HeraldHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Checks the committed {@code samples/bulk-lines.jsonl} against its generator. */
class BulkLinesSampleTest {

    private final Path root = HeraldHome.locate().root();

    @Test
    void theCommittedFileIsWhatTheGeneratorWrites() throws IOException {
        assertThat(Files.readAllLines(root.resolve("samples/bulk-lines.jsonl"), StandardCharsets.UTF_8))
                .isEqualTo(BulkLinesSampleGenerator.lines(RecipientsCsv.read(root.resolve("samples/recipients.csv"),
                        BulkLinesSampleGenerator.ROWS)));
    }
}
