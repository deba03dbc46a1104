package io.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoProgressTest {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(captured, true, StandardCharsets.UTF_8);

    private List<String> lines() {
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private DemoProgress startedLines() {
        DemoProgress progress = DemoProgress.start(DemoProgress.Mode.LINES, err);
        // the first line is drawn at once, in the background; wait for it so that the next one is the final one
        await().atMost(Duration.ofSeconds(10)).until(() -> !lines().isEmpty());
        return progress;
    }

    @Test
    void linesModePrintsTheFinalStateExactlyOnce() {
        // given
        DemoProgress progress = startedLines();
        progress.update(3, 0, 5, false);
        progress.update(5, 1, 5, true);

        // when
        progress.close();
        progress.close();

        // then
        List<String> lines = lines();
        assertThat(lines).filteredOn(line -> line.contains("5/5")).hasSize(1);
        assertThat(lines.get(lines.size() - 1)).contains("5/5").contains("failed=1");
    }

    @Test
    void totalIsNotShownUntilEveryBatchIsAnswered() {
        // given
        DemoProgress progress = startedLines();

        // when
        progress.update(2, 0, 7, false);
        progress.close();

        // then
        String last = lines().get(lines().size() - 1);
        assertThat(last).contains("submitting, accepted so far 7").doesNotContainPattern("\\d+/\\d+");
    }

    @Test
    void totalIsTheAcceptedCountOnceSubmitted() {
        // given
        DemoProgress progress = startedLines();
        progress.update(0, 0, 4000, false);

        // when
        progress.update(9000, 0, 10000, true);
        progress.close();

        // then
        String last = lines().get(lines().size() - 1);
        assertThat(last).contains("9000/10000").doesNotContain("submitting");
    }
}
