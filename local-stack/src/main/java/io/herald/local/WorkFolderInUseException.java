package io.herald.local;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A work folder's data was to be deleted while processes started from that folder still run (found through its
 * {@code run/NAME.pid} files, see {@link ChildProcess#runningFrom(Path)}): another run that is still going, or children
 * a crashed run left behind.
 */
public class WorkFolderInUseException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient Path workDir;
    private final Map<String, Long> running;

    /**
     * @param workDir the work folder
     * @param running name to pid of each process that still runs, as {@link ChildProcess#runningFrom(Path)} gives it
     */
    public WorkFolderInUseException(Path workDir, Map<String, Long> running) {
        super("cannot delete the data in " + workDir + ": processes started from it still run ("
                + running.entrySet().stream().map(e -> e.getKey() + " pid " + e.getValue())
                        .collect(Collectors.joining(", "))
                + "); end the run that uses the folder, or stop them with kill PID, then try again");
        this.workDir = workDir;
        this.running = Map.copyOf(running);
    }

    /** @return the work folder */
    public Path workDir() {
        return workDir;
    }

    /** @return name to pid of each process that still runs */
    public Map<String, Long> running() {
        return running;
    }
}
