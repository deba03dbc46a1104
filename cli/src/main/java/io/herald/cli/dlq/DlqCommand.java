package io.herald.cli.dlq;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code herald dlq list|replay}: the dead-letter queue {@code notify.requests.dlq} (docs/operations.md). */
@Command(name = "dlq", mixinStandardHelpOptions = true, usageHelpWidth = 100,
        description = {"Lists the dead-letter queue notify.requests.dlq, or replays records of it",
            "back onto notify.requests. See docs/operations.md."},
        subcommands = {DlqListCommand.class, DlqReplayCommand.class})
public final class DlqCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to do: list or replay");
    }
}
