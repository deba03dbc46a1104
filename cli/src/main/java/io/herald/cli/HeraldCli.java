package io.herald.cli;

import io.herald.cli.dlq.DlqCommand;
import io.herald.cli.suppressions.SuppressionsCommand;
import io.herald.local.ChildProcessException;
import io.herald.local.MissingArtifactException;
import io.herald.local.PortInUseException;
import io.herald.local.WorkFolderInUseException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code herald}: the command line of Herald. Run through the {@code ./herald} script, which builds what is missing
 * and passes {@code -Dherald.home=<repository root>}.
 *
 * <p>Errors are reported as one line, {@code herald: MESSAGE}, on stderr, with an exit code from {@link ExitCodes}.
 */
@Command(name = "herald", mixinStandardHelpOptions = true, versionProvider = HeraldCli.Version.class,
        description = "Herald: bulk SMS and e-mail notifications through Kafka.",
        subcommands = {DemoCommand.class, StackCommand.class, ChaosCommand.class, BenchCommand.class,
            SmsInfoCommand.class,
            BulkLoadCommand.class, KafkaConsoleProducerCommand.class, KafkaConsoleConsumerCommand.class,
            KafkaConsumerGroupsCommand.class,
            ApiKeyCommand.class, DlqCommand.class, SuppressionsCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:demo, bulk-load: the SMSC did not receive exactly the accepted messages (bulk-load: or a line was"
                + " lost); chaos: a scenario lost messages",
            "2:bad command line",
            "3:a built artifact is missing (run ./mvnw -B install -DskipTests)",
            "4:a port is already in use",
            "5:a server did not start",
            "6:demo, bulk-load: timed out waiting for statuses",
            "70:unexpected error"})
public final class HeraldCli {

    private HeraldCli() {
    }

    /**
     * Runs {@code herald} and exits the JVM with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs {@code herald} without exiting the JVM, for tests and embedders.
     *
     * @param args the command line
     * @return the exit code, one of {@link ExitCodes}
     */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** @return the configured command line: subcommands, exit-code mapping and one-line error reporting */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(HeraldCli.class);
        // kafka-console-producer/-consumer take their arguments verbatim: no @file expansion on the way
        cli.setExpandAtFiles(false);
        // enum options such as bench --only take ingest as well as INGEST
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExitCodeExceptionMapper(HeraldCli::exitCode);
        cli.setExecutionExceptionHandler(HeraldCli::reportError);
        return cli;
    }

    static int exitCode(Throwable error) {
        if (error instanceof MissingArtifactException) {
            return ExitCodes.MISSING_ARTIFACT;
        }
        if (error instanceof PortInUseException) {
            return ExitCodes.PORT_IN_USE;
        }
        if (error instanceof ChildProcessException) {
            return ExitCodes.STARTUP_FAILED;
        }
        if (error instanceof WorkFolderInUseException) {
            return ExitCodes.WORK_FOLDER_IN_USE;
        }
        if (error instanceof DemoTimeoutException) {
            return ExitCodes.TIMEOUT;
        }
        if (error instanceof CommandLine.ParameterException) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.SOFTWARE;
    }

    private static int reportError(Exception error, CommandLine command, CommandLine.ParseResult parseResult) {
        PrintWriter err = command.getErr();
        err.println("herald: " + message(error));
        if (exitCode(error) == ExitCodes.SOFTWARE) {
            error.printStackTrace(err);
        }
        err.flush();
        return exitCode(error);
    }

    static String message(Throwable error) {
        if (error instanceof PortInUseException portInUse) {
            return portInUse.getMessage() + "; pick another with " + StackOptions.optionFor(portInUse.service());
        }
        return error.getMessage() != null ? error.getMessage() : error.toString();
    }

    /** Reads the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = HeraldCli.class.getPackage().getImplementationVersion();
            return new String[] {"herald " + (version != null ? version : "(development build)")};
        }
    }
}
