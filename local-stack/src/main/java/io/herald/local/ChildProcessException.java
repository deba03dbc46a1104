package io.herald.local;

import java.nio.file.Path;

/**
 * A child process did not start: it exited early, or was not ready within its startup timeout. The message ends with
 * the last lines of its log.
 */
public class ChildProcessException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String processName;
    private final transient Path logFile;

    /**
     * @param processName the child's name, e.g. {@code kafka}
     * @param logFile the child's log file
     * @param message what went wrong, including the log tail
     * @param cause the last probe failure, or null
     */
    public ChildProcessException(String processName, Path logFile, String message, Throwable cause) {
        super(message, cause);
        this.processName = processName;
        this.logFile = logFile;
    }

    /** @return the child's name */
    public String processName() {
        return processName;
    }

    /** @return the child's log file (stdout and stderr) */
    public Path logFile() {
        return logFile;
    }
}
