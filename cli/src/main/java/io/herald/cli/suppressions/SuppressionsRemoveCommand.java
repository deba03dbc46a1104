package io.herald.cli.suppressions;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code herald suppressions remove RECIPIENT}: writes the tombstone of the shared entry (an MO STOP's, an operator's)
 * or, with {@code --client}, of that client's entry. The only way to take an MO STOP off the list: the recipient's
 * STOP is a regulatory matter, which no API client may undo.
 */
@Command(name = "remove", mixinStandardHelpOptions = true, usageHelpWidth = 100,
        description = {"Takes an entry off the suppression list: the shared one (an MO STOP's or an operator's),",
            "or with --client that client's. Other entries of the recipient stay: see suppressions show.",
            "Prints: suppressions remove: RECIPIENT(masked) OWNER partition/offset"})
public final class SuppressionsRemoveCommand implements Callable<Integer> {

    @Mixin
    SuppressionTarget target = new SuppressionTarget();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return target.write(spec.commandLine(), "remove", (recipient, clientId) -> null);
    }
}
