package io.herald.cli;

import io.herald.local.IngestServiceProcess;
import picocli.CommandLine.Option;

/** The ingest-service's ports of the commands that start it ({@code demo}, {@code bulk-load}, {@code bench}). */
final class IngestPortOptions {

    @Option(names = "--ingest-port", paramLabel = "PORT",
            defaultValue = "" + IngestServiceProcess.Options.DEFAULT_PORT,
            description = "ingest-service REST port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int ingestPort;

    @Option(names = "--ingest-admin-port", paramLabel = "PORT",
            defaultValue = "" + IngestServiceProcess.Options.DEFAULT_ADMIN_PORT,
            description = "ingest-service admin port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int ingestAdminPort;
}
