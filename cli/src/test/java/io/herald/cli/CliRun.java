package io.herald.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One run of the {@code herald} command line in this JVM, for tests: what it printed and its exit code.
 *
 * @param exitCode the exit code
 * @param out what it wrote to stdout
 * @param err what it wrote to stderr
 */
record CliRun(int exitCode, String out, String err) {

    /**
     * @param args the command line, e.g. {@code sms-info --text Hi}
     * @return the run
     */
    static CliRun of(String... args) {
        CommandLine cli = HeraldCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
