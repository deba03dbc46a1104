package io.herald.dispatcher.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.schema.testing.ConfigurationDoc;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

/**
 * Holds the dispatcher's tables in {@code docs/configuration.md} to {@link DispatcherConfig}'s {@link ConfigDef}: the
 * same keys, defaults, types and environment variables, so that the document cannot drift from the code.
 */
class ConfigurationDocTest {

    private static final Map<String, ConfigDef.ConfigKey> DEFINED = DispatcherConfig.configDef().configKeys();

    /** The dispatcher's rows, by key; a key listed twice fails here. */
    private static Map<String, Map<String, String>> documented() {
        Map<String, Map<String, String>> byKey = new TreeMap<>();
        for (Map<String, String> row : ConfigurationDoc.rows("Dispatcher", "Key")) {
            String key = ConfigurationDoc.code(row.get("Key"));
            assertThat(byKey.put(key, row)).as("row of %s listed twice", key).isNull();
        }
        return byKey;
    }

    @Test
    void everyKeyOfDispatcherConfigIsDocumented() {
        // given every key the ConfigDef defines
        Set<String> missing = new TreeSet<>(DEFINED.keySet());
        // when those in the document are taken away
        missing.removeAll(documented().keySet());
        // then none is left
        assertThat(missing).as("keys of DispatcherConfig missing from %s", ConfigurationDoc.PATH).isEmpty();
    }

    @Test
    void everyDocumentedKeyIsDefinedByDispatcherConfig() {
        // given every key of the dispatcher's tables
        Set<String> unknown = new TreeSet<>(documented().keySet());
        // when those DispatcherConfig defines are taken away
        unknown.removeAll(DEFINED.keySet());
        // then none is left
        assertThat(unknown).as("keys in %s that DispatcherConfig does not define", ConfigurationDoc.PATH).isEmpty();
    }

    @Test
    void documentedDefaultsAreTheConfigDefDefaults() {
        Map<String, String> wrong = new TreeMap<>();
        documented().forEach((key, row) -> {
            if (DEFINED.containsKey(key)) {
                // given the default as the ConfigDef holds it, rendered as a .properties file would write it
                String expected = render(DEFINED.get(key));
                // when the document's Default cell is read
                String actual = ConfigurationDoc.defaultValue(row.get("Default"));
                if (!expected.equals(actual)) {
                    wrong.put(key, "documented '" + actual + "', DispatcherConfig has '" + expected + "'");
                }
            }
        });
        // then they are the same
        assertThat(wrong).as("defaults in %s", ConfigurationDoc.PATH).isEmpty();
    }

    @Test
    void documentedTypesUnitsAndEnvironmentVariablesMatchTheKeys() {
        Map<String, Map<String, String>> documented = documented();
        documented.keySet().retainAll(DEFINED.keySet());
        documented.forEach((key, row) -> {
            // given the key's ConfigDef type, e.g. LONG
            String type = DEFINED.get(key).type.name().toLowerCase(Locale.ROOT);
            // when its row is read
            String typeCell = row.get("Type and unit");
            // then the type comes first, a key in ms says so, and the variable is the one load() maps to the key
            assertThat(typeCell).as("type of %s", key).startsWith(type);
            if (key.endsWith(".ms")) {
                assertThat(typeCell).as("unit of %s", key).contains("ms");
            }
            assertThat(ConfigurationDoc.code(row.get("Environment variable"))).as("environment variable of %s", key)
                    .isEqualTo(DispatcherConfig.envName(key));
        });
    }

    @Test
    void passThroughPrefixesAreTheOnesDispatcherConfigAccepts() {
        // given the prefixes DispatcherConfig passes to the Kafka clients
        Set<String> prefixes = Set.of(DispatcherConfig.KAFKA_PREFIX, DispatcherConfig.CONSUMER_PREFIX,
                DispatcherConfig.PRODUCER_PREFIX, DispatcherConfig.STREAMS_PREFIX).stream()
                .map(prefix -> prefix + "*").collect(Collectors.toSet());
        // when the document's pass-through table is read
        Set<String> documented = new HashSet<>();
        ConfigurationDoc.rows("Dispatcher", "Prefix").forEach(row -> documented.add(
                ConfigurationDoc.code(row.get("Prefix"))));
        // then it lists exactly those
        assertThat(documented).isEqualTo(prefixes);
    }

    /** A default as a .properties file writes it: a list comma-separated, a password in clear, none as (required). */
    private static String render(ConfigDef.ConfigKey key) {
        Object value = key.defaultValue;
        if (value == ConfigDef.NO_DEFAULT_VALUE) {
            return ConfigurationDoc.REQUIRED;
        } else if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.joining(","));
        } else if (value instanceof Password password) {
            return password.value();
        }
        return String.valueOf(value);
    }
}
