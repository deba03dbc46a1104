package io.herald.cli.suppressions;

import io.herald.cli.KafkaConnectionOptions;
import io.herald.schema.PiiMask;
import io.herald.schema.SuppressionEntry;
import io.herald.schema.SuppressionKeys;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code herald suppressions show RECIPIENT}: every live entry of one recipient (reads the whole topic), a line each,
 * then {@code suppressions show: RECIPIENT(masked) entries=N}.
 */
@Command(name = "show", mixinStandardHelpOptions = true, usageHelpWidth = 100,
        description = {"Lists the live entries of one recipient on the suppression list (reads the whole topic):",
            "owner, source and time; then: suppressions show: RECIPIENT(masked) entries=N"})
public final class SuppressionsShowCommand implements Callable<Integer> {

    private static final String ROW = "%-24s %-10s %-24s %s%n";

    @Parameters(index = "0", paramLabel = "RECIPIENT",
            description = "The recipient as Herald keys it: E.164 (+4791234567) or an e-mail address.")
    String recipient;

    @Mixin
    KafkaConnectionOptions kafka = new KafkaConnectionOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String normalized = SuppressionTarget.normalize(spec.commandLine(), recipient);
        Map<SuppressionKeys.Key, Optional<SuppressionEntry>> entries = new SuppressionTopic(kafka.clientProperties())
                .entriesOf(normalized);
        PrintWriter out = spec.commandLine().getOut();
        if (!entries.isEmpty()) {
            out.printf(Locale.ROOT, ROW, "OWNER", "SOURCE", "AT", "REASON");
        }
        entries.forEach((key, entry) -> out.printf(Locale.ROOT, ROW,
                key.clientId() == null ? "shared" : "client " + key.clientId(),
                entry.map(SuppressionEntry::source).orElse("?"),
                entry.map(e -> e.at().toString()).orElse("?"),
                entry.map(SuppressionEntry::reason).orElse("")));
        out.printf(Locale.ROOT, "suppressions show: %s entries=%d%n", PiiMask.recipient(normalized), entries.size());
        out.flush();
        return 0;
    }
}
