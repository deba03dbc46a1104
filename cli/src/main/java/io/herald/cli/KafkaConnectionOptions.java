package io.herald.cli;

import io.herald.local.KafkaBroker;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Option;

/**
 * Where Kafka is and how to reach it, as Kafka's own tools take it: {@code --bootstrap-server} and
 * {@code --command-config} (a properties file of any client setting: {@code security.protocol}, {@code sasl.*},
 * {@code ssl.*}, …). A picocli mixin of the operator commands ({@code herald dlq}, {@code herald suppressions}).
 */
public final class KafkaConnectionOptions {

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT[,…]",
            defaultValue = "127.0.0.1:" + KafkaBroker.Options.DEFAULT_PORT,
            description = "Kafka's bootstrap servers (default: ${DEFAULT-VALUE}, the local stack's).")
    String bootstrapServers;

    @Option(names = "--command-config", paramLabel = "FILE",
            description = "Kafka client properties (security.protocol, sasl.*, ssl.*, …), as for Kafka's own tools.")
    Path commandConfig;

    /**
     * @return Kafka client properties: those of {@code --command-config}, then {@code bootstrap.servers}
     * @throws IOException if the file cannot be read
     */
    public Map<String, Object> clientProperties() throws IOException {
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
