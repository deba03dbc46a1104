package io.herald.cli.suppressions;

import io.herald.cli.KafkaConnectionOptions;
import io.herald.schema.PiiMask;
import io.herald.schema.SuppressionEntry;
import io.herald.schema.SuppressionKeys;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code herald suppressions add RECIPIENT}: writes an operator's entry (source {@code operator}), shared unless
 * {@code --client} names its owner. A shared entry suppresses the recipient for every client, and no client can
 * remove it through the API.
 */
@Command(name = "add", mixinStandardHelpOptions = true, usageHelpWidth = 100,
        description = {"Puts a recipient on the suppression list: a shared entry (every client's messages to it",
            "are SUPPRESSED, and no client can take it off), or with --client one of that client's.",
            "Prints: suppressions add: RECIPIENT(masked) OWNER partition/offset"})
public final class SuppressionsAddCommand implements Callable<Integer> {

    @Mixin
    SuppressionTarget target = new SuppressionTarget();

    @Mixin
    KafkaConnectionOptions kafka = new KafkaConnectionOptions();

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, kept with the entry (at most 500 characters).")
    String reason;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String recipient = target.recipient(spec.commandLine());
        String clientId = target.clientId(spec.commandLine());
        if (reason != null && reason.length() > 500) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--reason has more than 500 characters");
        }
        SuppressionEntry entry = new SuppressionEntry(recipient, SuppressionEntry.SOURCE_OPERATOR,
                reason == null || reason.isBlank() ? null : reason.strip(), Clock.systemUTC().instant(),
                clientId);
        RecordMetadata written = new SuppressionTopic(kafka.clientProperties())
                .write(SuppressionKeys.key(clientId, recipient), entry.toJson());
        PrintWriter out = spec.commandLine().getOut();
        out.printf("suppressions add: %s %s %d/%d%n", PiiMask.recipient(recipient), target.owner(),
                written.partition(), written.offset());
        out.flush();
        return 0;
    }
}
