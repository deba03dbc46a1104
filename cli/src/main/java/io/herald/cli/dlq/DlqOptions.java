package io.herald.cli.dlq;

import io.herald.cli.KafkaConnectionOptions;
import io.herald.local.SchemaRegistry;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options {@code herald dlq list} and {@code herald dlq replay} share: where Kafka and the registry are, and which
 * DLQ records to take.
 */
public final class DlqOptions {

    @Mixin
    KafkaConnectionOptions kafka = new KafkaConnectionOptions();

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
        return kafka.clientProperties();
    }
}
