package io.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.harness.chaos.ChaosPorts;
import io.herald.harness.chaos.ChaosSettings;
import io.herald.local.HeraldHome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ChaosCommandTest {

    @Test
    void helpDocumentsTheScenariosAndTheResultLine() {
        // when
        StringWriter out = new StringWriter();
        CommandLine cli = HeraldCli.commandLine();
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("chaos", "--help");

        // then
        assertThat(code).isZero();
        assertThat(out.toString()).contains("--scenario=NAME", "--count=N", "--seed=N", "--outage=DURATION",
                "--throttle-tps=N", "dispatcher-kill", "smsc-outage", "smsc-throttle", "broker-restart", "poison",
                "chaos: scenario=NAME accepted=N received=M lost=L duplicates=D dlq=Q elapsed=T.Ts");
    }

    @Test
    void anUnknownScenarioIsAUsageError() {
        // when
        StringWriter err = new StringWriter();
        CommandLine cli = HeraldCli.commandLine();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("chaos", "--scenario", "meteor-strike");

        // then
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("no scenario meteor-strike");
    }

    @Test
    void optionsBecomeTheSettingsWithEveryPortFreeByDefault(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        // given a checkout and a command line
        Files.createFile(dir.resolve("pom.xml"));
        Files.createDirectory(dir.resolve("schemas"));
        ChaosCommand command = new ChaosCommand();
        new CommandLine(command).parseArgs("--count", "500", "--seed", "9", "--outage", "5s", "--kills", "2",
                "--work-dir", dir.toString(), "--smsc-port", "2775");

        // when
        ChaosSettings settings = command.settings(HeraldHome.of(dir));

        // then
        assertThat(settings.count()).isEqualTo(500);
        assertThat(settings.seed()).isEqualTo(9);
        assertThat(settings.outage()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.kills()).isEqualTo(2);
        assertThat(settings.dispatchers()).isEqualTo(3);
        assertThat(settings.workDir()).isEqualTo(dir.toAbsolutePath().normalize());
        assertThat(settings.ports()).isEqualTo(new ChaosPorts(0, 0, 0, 2775, 0, 0, 0, 0));
    }

    @Test
    void theDefaultRunIsTheFiveFaultScenariosInOrder() {
        // then
        assertThat(ChaosCommand.DEFAULT_SCENARIOS).extracting(Object::toString)
                .containsExactly("dispatcher-kill", "smsc-outage", "smsc-throttle", "broker-restart",
                        "pause-resume-kill");
    }
}
