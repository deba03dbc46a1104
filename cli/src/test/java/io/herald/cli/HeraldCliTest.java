package io.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.local.ChildProcessException;
import io.herald.local.MissingArtifactException;
import io.herald.local.PortInUseException;
import io.herald.local.ServicePort;
import io.herald.local.WorkFolderInUseException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class HeraldCliTest {

    @Test
    void helpListsTheCommandsAndExitsZero() {
        // when
        CliRun run = CliRun.of("--help");

        // then
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: herald").contains("demo").contains("stack").contains("Exit codes:");
    }

    @Test
    void demoHelpDocumentsThePortsAndTheSummaryLine() {
        // when
        CliRun run = CliRun.of("demo", "--help");

        // then
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--kafka-port=PORT", "--registry-port=PORT", "--ingest-port=PORT",
                "--smsc-port=PORT", "--count=N", "--batch-size=N", "--keep-running", "--timeout=DURATION",
                "demo: accepted=N rejected=R sent=S failed=F received=M delivered=D elapsed=T.Ts",
                "rate=X msg/s ucs2=I/U smsc-rate=Y msg/s", "delivered equals sent");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        // when
        CliRun run = CliRun.of("demo", "--no-such-option");

        // then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Unknown option: '--no-such-option'");
    }

    @Test
    void anInvalidDispatcherCountIsAUsageErrorBeforeAnythingStarts() {
        // when
        CliRun run = CliRun.of("demo", "--dispatchers", "13");

        // then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void errorsMapToTheirDocumentedExitCodes() {
        // then
        assertThat(HeraldCli.exitCode(new MissingArtifactException(Path.of("x.jar"))))
                .isEqualTo(ExitCodes.MISSING_ARTIFACT);
        assertThat(HeraldCli.exitCode(new PortInUseException(19092, ServicePort.KAFKA, null)))
                .isEqualTo(ExitCodes.PORT_IN_USE);
        assertThat(HeraldCli.exitCode(new ChildProcessException("kafka", Path.of("k.log"), "dead", null)))
                .isEqualTo(ExitCodes.STARTUP_FAILED);
        assertThat(HeraldCli.exitCode(new DemoTimeoutException("late"))).isEqualTo(ExitCodes.TIMEOUT);
        assertThat(HeraldCli.exitCode(new WorkFolderInUseException(Path.of("/w"), Map.of("kafka", 42L))))
                .isEqualTo(ExitCodes.WORK_FOLDER_IN_USE);
        assertThat(HeraldCli.exitCode(new IllegalStateException("boom"))).isEqualTo(ExitCodes.SOFTWARE);
    }

    @Test
    void aPortInUseMessageNamesTheOptionThatMovesIt() {
        // when
        String message = HeraldCli.message(new PortInUseException(19092, ServicePort.KAFKA, null));

        // then
        assertThat(message).isEqualTo(
                "port 19092 (Kafka broker) on 127.0.0.1 is already in use; pick another with --kafka-port");
    }

    @Test
    void durationsAcceptUnitsAndIso8601() {
        // given
        DurationConverter converter = new DurationConverter();

        // then
        assertThat(converter.convert("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(converter.convert("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("PT1H")).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void theSummaryLineHasOneDecimalAndADotWhateverTheLocale() {
        // given 995 sent in 12.34 s
        DemoSummary summary = new DemoSummary(998, 2, 995, 3, 998, 995, 12_340_000_000L, 340, 340, 1234.56);

        // then
        assertThat(summary.line()).isEqualTo("demo: accepted=998 rejected=2 sent=995 failed=3 received=998"
                + " delivered=995 elapsed=12.3s rate=80.6 msg/s ucs2=340/340 smsc-rate=1234.6 msg/s");
        assertThat(summary.complete()).isTrue();
        assertThat(new DemoSummary(10, 0, 10, 0, 9, 10, 1, 0, 0).complete()).isFalse();
        assertThat(new DemoSummary(10, 0, 10, 0, 10, 10, 1, 4, 3).complete()).as("a UCS-2 text not intact").isFalse();
        assertThat(new DemoSummary(10, 0, 10, 0, 10, 9, 1, 0, 0).complete()).as("a receipt missing").isFalse();
    }

    @Test
    void theBenchmarkReadsBothRatesBackFromTheSummaryLine() {
        // given a demo's summary line, as the benchmark finds it in the demo's output
        String line = new DemoSummary(998, 2, 995, 3, 998, 995, 12_340_000_000L, 340, 340, 1234.56).line();

        // then its rates are read back
        Matcher rates = DemoSummary.RATES.matcher("herald: stopping\n" + line);
        assertThat(rates.find()).isTrue();
        assertThat(rates.group(1)).isEqualTo("80.6");
        assertThat(rates.group(2)).isEqualTo("1234.6");
    }
}
