package io.herald.cli.suppressions;

import io.herald.schema.SuppressionEntry;
import java.time.Clock;
import java.util.concurrent.Callable;
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

    /** The longest reason, in characters: the API's limit. */
    static final int MAX_REASON_LENGTH = 500;

    @Mixin
    SuppressionTarget target = new SuppressionTarget();

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, kept with the entry (at most 500 characters).")
    String reason;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (reason != null && reason.length() > MAX_REASON_LENGTH) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--reason has more than " + MAX_REASON_LENGTH + " characters");
        }
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        return target.write(spec.commandLine(), "add", (recipient, clientId) -> new SuppressionEntry(recipient,
                SuppressionEntry.SOURCE_OPERATOR, why, Clock.systemUTC().instant(), clientId).toJson());
    }
}
