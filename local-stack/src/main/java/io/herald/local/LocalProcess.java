package io.herald.local;

import java.nio.file.Path;

/**
 * Base of the local-stack servers: one {@link ChildProcess} plus what is specific to the server (its URLs, its API).
 * Closing stops the process (SIGTERM, bounded wait, SIGKILL).
 */
public abstract class LocalProcess implements AutoCloseable {

    private final ChildProcess process;

    protected LocalProcess(ChildProcess process) {
        this.process = process;
    }

    /** @return the child process */
    public ChildProcess process() {
        return process;
    }

    /** @return the operating-system process id */
    public long pid() {
        return process.pid();
    }

    /** @return true while the process runs */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** @return the file that receives the process's stdout and stderr */
    public Path logFile() {
        return process.logFile();
    }

    /**
     * Stops the process gracefully: SIGTERM, then SIGKILL if it has not exited within its stop timeout.
     *
     * @return the exit code
     */
    public int stop() {
        return process.stop();
    }

    /**
     * Kills the process with SIGKILL at once, as a crash would.
     *
     * @return the exit code
     */
    public int kill() {
        return process.kill();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return process.toString();
    }
}
