package io.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code herald bulk-load} before it starts anything: its refusals of a bad command line and its summary line. The
 * load itself, on the real stack, is BulkLoadIT's.
 */
class BulkLoadCommandTest {

    @Test
    void aMissingFileIsAUsageErrorAndStartsNothing(@TempDir Path dir) {
        CliRun run = CliRun.of("bulk-load", dir.resolve("nope.jsonl").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("does not exist");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void dispatchersBeyondThePartitionsAreAUsageError(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("lines.jsonl"), "{\"to\":\"+4791234567\"}\n");

        CliRun run = CliRun.of("bulk-load", "--dispatchers", "13", file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--dispatchers must be between 1 and 12");
    }

    @Test
    void theSummaryIsCompleteOnlyWhenEveryLineHasOneOutcomeAndEveryAcceptedOneArrivedOnce() {
        BulkLoadSummary complete = new BulkLoadSummary(10, 8, 2, 8, 2_340_000_000L);
        assertThat(complete.line()).isEqualTo("bulk-load: lines=10 valid=8 rejected=2 received=8 elapsed=2.3s");
        assertThat(complete.complete()).isTrue();

        assertThat(new BulkLoadSummary(10, 8, 1, 8, 0).complete()).as("a line without outcome").isFalse();
        assertThat(new BulkLoadSummary(10, 8, 2, 7, 0).complete()).as("a message not received").isFalse();
        assertThat(new BulkLoadSummary(10, 8, 2, 9, 0).complete()).as("more distinct messages than lines accepted").isFalse();
    }
}
