package io.herald.dispatcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.junit.jupiter.api.Test;

/** How {@link ConfigurationDocGenerator} writes a table, and what it refuses to write. */
class ConfigurationDocGeneratorTest {

    private static final ConfigDef DEF = new ConfigDef()
            .define("a.timeout.ms", Type.LONG, 5000L, Importance.LOW, "Wait for `a`; a timeout | fails.")
            .define("a.names", Type.LIST, "", Importance.LOW, "Names.")
            .define("a.url", Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, "URL.");

    @Test
    void rendersTypeDefaultNoteVariableAndDocumentationWithPipesEscaped() {
        // given three keys: a default, an empty default with a note, no default
        KeyTable table = new KeyTable("a").key("a.timeout.ms", "long, ms").key("a.names", "list of names", ": none")
                .key("a.url", "string, URL");
        // when the table is rendered
        String markdown = ConfigurationDocGenerator.render(table, DEF);
        // then each row has the key, type, default and note, variable and documentation
        assertThat(markdown.lines()).containsExactly(
                "| Key | Type and unit | Default | Environment variable | Description |",
                "|---|---|---|---|---|",
                "| `a.timeout.ms` | long, ms | `5000` | `HERALD_DISPATCHER_A_TIMEOUT_MS` | Wait for `a`; a timeout "
                        + "\\| fails. |",
                "| `a.names` | list of names | (empty): none | `HERALD_DISPATCHER_A_NAMES` | Names. |",
                "| `a.url` | string, URL | (required) | `HERALD_DISPATCHER_A_URL` | URL. |");
    }

    @Test
    void refusesATypeThatIsNotTheKeysOrAnMsKeyWithoutItsUnit() {
        assertThatThrownBy(() -> ConfigurationDocGenerator.render(new KeyTable("a").key("a.url", "int, port"), DEF))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("a.url");
        assertThatThrownBy(() -> ConfigurationDocGenerator.render(new KeyTable("a").key("a.timeout.ms", "long"), DEF))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("a.timeout.ms");
    }

    @Test
    void refusesADocumentWithoutATablesMarkers() {
        // given a document whose SMPP table lost its markers
        String markdown = "# Configuration\n" + ConfigurationDocGenerator.begin("process") + "\n"
                + ConfigurationDocGenerator.end("process") + "\n";
        // when / then
        assertThatThrownBy(() -> ConfigurationDocGenerator.update(markdown))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("gateways");
    }
}
