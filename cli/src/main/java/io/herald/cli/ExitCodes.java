package io.herald.cli;

/** Exit codes of {@code herald}; documented in {@code docs/demo.md}. The numbers never change. */
public final class ExitCodes {

    /** Success: for {@code demo}, every accepted message reached the SMSC simulator. */
    public static final int OK = 0;
    /** {@code demo} finished, but the simulator received a different number of messages than ingest accepted. */
    public static final int DEMO_MISMATCH = 1;
    /** {@code chaos} finished, but at least one scenario lost messages ({@code lost > 0}); the same number as
     * {@link #DEMO_MISMATCH}: the pipeline did not deliver what it accepted. */
    public static final int CHAOS_LOST = 1;
    /** Bad command line (picocli's usage error code). */
    public static final int USAGE = 2;
    /** A built artifact is missing; run {@code ./mvnw -B install -DskipTests}. */
    public static final int MISSING_ARTIFACT = 3;
    /** A port the stack needs is already in use. */
    public static final int PORT_IN_USE = 4;
    /** A child process exited early or was not ready in time. */
    public static final int STARTUP_FAILED = 5;
    /** {@code demo} did not see every status within {@code --timeout}. */
    public static final int TIMEOUT = 6;
    /** {@code --fresh} was refused: a process started from the work folder still runs. */
    public static final int WORK_FOLDER_IN_USE = 7;
    /** Anything else (an unexpected error; the message says what). */
    public static final int SOFTWARE = 70;

    private ExitCodes() {
    }
}
