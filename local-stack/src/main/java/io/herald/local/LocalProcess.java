package io.herald.local;

import java.io.IOException;
import java.io.UncheckedIOException;
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

    /**
     * Sends the process a signal with {@code kill}, e.g. {@code STOP} (freeze) or {@code CONT} (resume). Unix only,
     * as the local stack.
     *
     * @param signal the signal's name without {@code SIG}
     * @return the exit code of {@code kill}: 0 if the signal was sent
     * @throws UncheckedIOException if {@code kill} cannot be run
     * @throws IllegalStateException if interrupted while {@code kill} runs (the interrupt flag is set again)
     */
    public int signal(String signal) {
        return signal(pid(), signal);
    }

    /**
     * As {@link #signal(String)}, to any process.
     *
     * @param pid the process
     * @param signal the signal's name without {@code SIG}
     * @return the exit code of {@code kill}: 0 if the signal was sent
     */
    public static int signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true)
                    .start();
            kill.getInputStream().readAllBytes();
            return kill.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send SIG" + signal + " to " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + pid, e);
        }
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
