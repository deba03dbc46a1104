package io.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SmsInfoCommandTest {

    /** The vectors of docs/sms.md and the line sms-info must print for each. */
    static Stream<Arguments> vectors() {
        return Stream.of(
                Arguments.of("a".repeat(160), "encoding=GSM7 units=160 segments=1"),
                Arguments.of("a".repeat(161), "encoding=GSM7 units=161 segments=2"),
                Arguments.of("a".repeat(306), "encoding=GSM7 units=306 segments=2"),
                Arguments.of("a".repeat(307), "encoding=GSM7 units=307 segments=3"),
                Arguments.of("a".repeat(159) + "€", "encoding=GSM7 units=161 segments=2"),
                Arguments.of("a".repeat(159) + "{", "encoding=GSM7 units=161 segments=2"),
                Arguments.of("€".repeat(153), "encoding=GSM7 units=306 segments=3"),
                Arguments.of("Blåbærsyltetøy på Ærø", "encoding=GSM7 units=21 segments=1"),
                Arguments.of("ж".repeat(70), "encoding=UCS2 units=70 segments=1"),
                Arguments.of("ж".repeat(71), "encoding=UCS2 units=71 segments=2"),
                Arguments.of("ж".repeat(134), "encoding=UCS2 units=134 segments=2"),
                Arguments.of("ж".repeat(135), "encoding=UCS2 units=135 segments=3"),
                Arguments.of("ж".repeat(66) + "😀" + "ж".repeat(66), "encoding=UCS2 units=134 segments=3"),
                Arguments.of("καλημέρα", "encoding=UCS2 units=8 segments=1"));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void printsExactlyOneLineWithEncodingUnitsAndSegments(String text, String line) {
        // when
        CliRun run = CliRun.of("sms-info", "--text", text);

        // then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).isEqualTo(line + System.lineSeparator());
        assertThat(run.err()).isEmpty();
    }

    @Test
    void withoutTextItIsAUsageError() {
        // when
        CliRun run = CliRun.of("sms-info");

        // then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Missing required option: '--text=TEXT'");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void theRootHelpListsIt() {
        // when
        CliRun run = CliRun.of("--help");

        // then
        assertThat(run.out()).contains("sms-info");
    }
}
