package io.herald.smsc;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.schema.testing.ConfigurationDoc;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Holds the simulator's table in {@code docs/configuration.md} to {@link SmscSimulatorMain}'s options: the same
 * options with the same defaults ({@code (unset)} for an option without one), help and version aside.
 */
class SmscSimulatorOptionsDocTest {

    @Test
    void documentedOptionsAndDefaultsAreThoseOfTheCommandLine() {
        // given every option picocli knows, with its default value
        Map<String, String> expected = new TreeMap<>();
        for (OptionSpec option : new CommandLine(new SmscSimulatorMain()).getCommandSpec().options()) {
            if (!option.usageHelp() && !option.versionHelp()) {
                expected.put(option.longestName(), String.valueOf(option.defaultValue()));
            }
        }
        // when the document's table is read
        Map<String, String> documented = new TreeMap<>();
        for (Map<String, String> row : ConfigurationDoc.rows("SMSC simulator", "Option")) {
            documented.put(ConfigurationDoc.code(row.get("Option")),
                    String.valueOf(ConfigurationDoc.defaultValue(row.get("Default"))));
        }
        // then they are the same
        assertThat(documented).as("options in %s", ConfigurationDoc.PATH).isEqualTo(expected);
    }
}
