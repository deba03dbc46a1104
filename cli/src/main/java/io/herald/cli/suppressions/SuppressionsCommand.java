package io.herald.cli.suppressions;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code herald suppressions add|remove|show}: the operator's path to the suppression list {@code notify.suppressions}
 * (docs/operations.md). Unlike the API, it reaches the shared entries (MO STOP, operator) and every client's.
 */
@Command(name = "suppressions", mixinStandardHelpOptions = true, usageHelpWidth = 100,
        description = {"Adds, removes or shows entries of the suppression (opt-out) list notify.suppressions,",
            "as an operator: shared entries (an MO STOP, an operator's) and any client's. See docs/operations.md."},
        subcommands = {SuppressionsAddCommand.class, SuppressionsRemoveCommand.class,
            SuppressionsShowCommand.class})
public final class SuppressionsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to do: add, remove or show");
    }
}
