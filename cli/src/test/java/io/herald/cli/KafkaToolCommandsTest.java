package io.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code herald kafka-console-producer/-consumer}: Kafka's own tools, arguments verbatim, exit code relayed. */
class KafkaToolCommandsTest {

    @Test
    void shouldPassEveryArgumentVerbatimAndInOrder() {
        // given
        String[] args = {"--bootstrap-server", "127.0.0.1:19092", "--topic", "notify.bulk", "--property",
            "parse.key=true", "--property", "key.separator=@", "@not-a-file", "--help"};
        CommandLine cli = HeraldCli.commandLine();

        // when
        CommandLine.ParseResult parsed = cli.parseArgs(prepend("kafka-console-producer", args));

        // then
        KafkaConsoleProducerCommand command = parsed.subcommand().commandSpec().commandLine().getCommand();
        assertThat(command.args).containsExactly(args);
    }

    @Test
    void shouldRunKafkasConsoleProducerInAChildJvmAndRelayItsExitCode() {
        // when the tool prints its version, and when it is given an option it does not know
        int version = HeraldCli.execute("kafka-console-producer", "--version");
        int unknown = HeraldCli.execute("kafka-console-producer", "--no-such-option");
        int consumerVersion = HeraldCli.execute("kafka-console-consumer", "--version");

        // then: Kafka's CommandLineUtils exits 0 for --version, 1 for a usage error
        assertThat(version).isZero();
        assertThat(unknown).isEqualTo(1);
        assertThat(consumerVersion).isZero();
    }

    private static String[] prepend(String first, String[] rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), List.of(rest).stream())
                .toArray(String[]::new);
    }
}
