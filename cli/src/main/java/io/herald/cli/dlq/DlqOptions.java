package io.herald.cli.dlq;

import io.herald.local.KafkaBroker;
import io.herald.local.SchemaRegistry;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Option;

/**
 * The options {@code herald dlq list} and {@code herald dlq replay} share: where Kafka and the registry are, and which
 * DLQ records to take.
 */
public final class DlqOptions {

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT[,…]",
            defaultValue = "127.0.0.1:" + KafkaBroker.Options.DEFAULT_PORT,
            description = "Kafka's bootstrap servers (default: ${DEFAULT-VALUE}, the local stack's).")
    String bootstrapServers;

    @Option(names = "--command-config", paramLabel = "FILE",
            description = "Kafka client properties (security.protocol, sasl.*, ssl.*, …), as for Kafka's own tools;"
                    + " also given to the registry client.")
    Path commandConfig;

    @Option(names = "--registry-url", paramLabel = "URL",
            defaultValue = "http://127.0.0.1:" + SchemaRegistry.Options.DEFAULT_PORT,
            description = "The schema registry, to read message and batch ids (default: ${DEFAULT-VALUE}).")
    String registryUrl;

    @Option(names = "--error-code", paramLabel = "CODE", split = ",",
            description = "Only records with this error code, e.g. ESME_RSYSERR or DESERIALIZATION_FAILED (or, for a"
                    + " record without a code, its error class); repeatable or comma-separated.")
    List<String> errorCodes = new ArrayList<>();

    @Option(names = "--since", paramLabel = "TIME", converter = InstantConverter.class,
            description = "Only records dead-lettered at or after TIME: an instant (2026-11-29T04:00:00Z) or a"
                    + " duration before now (90s, 2h, PT30M).")
    Instant since;

    @Option(names = "--until", paramLabel = "TIME", converter = InstantConverter.class,
            description = "Only records dead-lettered before TIME, as --since.")
    Instant until;

    /** @return the selection the options give */
    DlqSelection selection() {
        return new DlqSelection(new LinkedHashSet<>(errorCodes), since, until);
    }

    /**
     * @return Kafka client properties: those of {@code --command-config}, then {@code bootstrap.servers}
     * @throws IOException if the file cannot be read
     */
    Map<String, Object> clientProperties() throws IOException {
        Map<String, Object> properties = new HashMap<>();
        if (commandConfig != null) {
            Properties file = new Properties();
            try (Reader reader = Files.newBufferedReader(commandConfig, StandardCharsets.UTF_8)) {
                file.load(reader);
            }
            file.stringPropertyNames().forEach(name -> properties.put(name, file.getProperty(name)));
        }
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return properties;
    }
}
