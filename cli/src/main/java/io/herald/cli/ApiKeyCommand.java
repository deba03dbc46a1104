package io.herald.cli;

import io.herald.auth.ApiKeys;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code herald apikey new CLIENT}: makes a fresh API key for a client of the ingest service and prints it with the
 * configuration entry that holds its SHA-256 hash (see {@link ApiKeys}). The key itself is stored nowhere. Starts
 * nothing.
 */
@Command(name = "apikey", mixinStandardHelpOptions = true,
        description = "Make API keys for the ingest service (Authorization: Bearer <key>).",
        subcommands = ApiKeyCommand.New.class)
final class ApiKeyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** {@code herald apikey new CLIENT}. */
    @Command(name = "new", mixinStandardHelpOptions = true,
            description = {"Print a fresh API key for CLIENT, as the line api-key: KEY, then the entry of the ingest",
                "service's config.yml that holds its SHA-256 hash. Only the hash goes into config; keep the key now,",
                "it is stored nowhere. Several hashes per client let a key be rotated without downtime."})
    static final class New implements Callable<Integer> {

        /** A client id, as the ingest service's {@code auth.clients} takes it. */
        static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

        @Spec
        private CommandSpec spec;

        @Parameters(index = "0", paramLabel = "CLIENT",
                description = "The client's id: 1-64 of A-Z a-z 0-9 . _ - (it is also the id its records carry).")
        private String client;

        @Override
        public Integer call() {
            if (!CLIENT_ID.matcher(client).matches()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "CLIENT must be 1-64 of A-Z a-z 0-9 . _ -,"
                        + " not '" + client + "'");
            }
            String key = ApiKeys.generate();
            String hash = ApiKeys.hash(key);
            PrintWriter out = spec.commandLine().getOut();
            out.println("api-key: " + key);
            out.println("# The ingest service's config.yml, under auth.clients "
                    + "(merge with the clients already there):");
            out.println("auth:");
            out.println("  clients:");
            out.println("    " + client + ":");
            out.println("      keyHashes: [\"" + hash + "\"]");
            out.println("# or on the command line: -Ddw.auth.clients." + client + ".keyHashes=" + hash);
            out.flush();
            return ExitCodes.OK;
        }
    }
}
