package io.herald.dispatcher.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.schema.testing.ConfigurationDoc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Holds the dispatcher's tables in {@code docs/configuration.md} to what {@link ConfigurationDocGenerator} writes from
 * the {@link org.apache.kafka.common.config.ConfigDef} fragments. With {@code -Dherald.docs.update=true} it rewrites
 * them first ({@link ConfigurationDocGenerator#REGENERATE}).
 */
class ConfigurationDocTest {

    @Test
    void dispatcherTablesAreTheOnesGeneratedFromTheConfigDefs() throws IOException {
        // given the document as it is
        String current = Files.readString(ConfigurationDoc.PATH, StandardCharsets.UTF_8);
        // when its dispatcher tables are generated from the key definitions (and written, if asked to)
        String generated = ConfigurationDocGenerator.update(current);
        if (Boolean.getBoolean("herald.docs.update") && !generated.equals(current)) {
            Files.writeString(ConfigurationDoc.PATH, generated, StandardCharsets.UTF_8);
            current = generated;
        }
        // then they are the same: first the lines that differ, so that a failure names them, then the whole text
        List<String> currentLines = current.lines().toList();
        List<String> generatedLines = generated.lines().toList();
        Map<String, List<String>> differences = new LinkedHashMap<>();
        differences.put("in the document only",
                currentLines.stream().filter(line -> !generatedLines.contains(line)).toList());
        differences.put("generated only",
                generatedLines.stream().filter(line -> !currentLines.contains(line)).toList());
        String message = ConfigurationDoc.PATH + " is not what the ConfigDefs say; regenerate its dispatcher tables "
                + "with: " + ConfigurationDocGenerator.REGENERATE;
        assertThat(differences).as(message).allSatisfy((what, lines) -> assertThat(lines).as(what).isEmpty());
        assertThat(current).as(message).isEqualTo(generated);
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
}
