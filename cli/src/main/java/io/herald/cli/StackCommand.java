package io.herald.cli;

import io.herald.local.HeraldHome;
import io.herald.local.HeraldStack;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code herald stack}: starts Kafka, the schema registry and the SMSC simulator, creates Herald's topics, prints the
 * endpoints on stdout and stays in the foreground until SIGINT or SIGTERM, for people who run the services
 * themselves (from an IDE, say).
 */
@Command(name = "stack", mixinStandardHelpOptions = true,
        description = {"Runs Kafka, the schema registry and the SMSC simulator until Ctrl-C.", "",
            "Starts Kafka (KRaft), the Apicurio schema registry and the SMSC simulator",
            "on 127.0.0.1, creates Herald's topics, prints the endpoints on stdout and",
            "runs until Ctrl-C (SIGINT) or SIGTERM: for running the services yourself."})
public final class StackCommand implements Callable<Integer> {

    @Mixin
    StackOptions stackOptions = new StackOptions();

    private final PrintStream out;
    private final PrintStream err;

    /** A command that prints to the process's stdout and stderr. */
    public StackCommand() {
        this(System.out, System.err);
    }

    StackCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws InterruptedException {
        HeraldHome home = HeraldHome.locate();
        try (HeraldStack stack = DemoStack.start(home, stackOptions, DemoStack.Services.none(), err)) {
            DemoStack.printEndpoints(stack, out);
            out.println("smsc-http: " + stack.smsc().httpUrl());
            out.flush();
            err.println("herald: running; press Ctrl-C to stop");
            new CountDownLatch(1).await(); // the shutdown hook stops the children on SIGINT or SIGTERM
            return ExitCodes.OK;
        }
    }
}
