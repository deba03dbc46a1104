package io.herald.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What every local-stack server's options share: the work folder, the name of its files, the child JVM's heap and
 * options, and how long to wait for it to start and to stop. Each server's {@code Options} extends this with its own
 * settings and documents its defaults for these in its own table.
 *
 * <table>
 *   <caption>Common options</caption>
 *   <tr><th>Name</th><th>Description</th></tr>
 *   <tr><td>workDir</td><td>work folder (required): working directory, {@code logs/NAME.log}, {@code run/NAME.pid}
 *       </td></tr>
 *   <tr><td>name</td><td>name of the log and pid files (and of messages about the process)</td></tr>
 *   <tr><td>maxHeap</td><td>{@code -Xmx} of the child JVM, e.g. {@code 512m}</td></tr>
 *   <tr><td>jvmOptions</td><td>extra JVM options, placed after the ones the stack sets, so they win</td></tr>
 *   <tr><td>startupTimeout</td><td>how long to wait until the server is ready</td></tr>
 *   <tr><td>stopTimeout</td><td>how long to wait after SIGTERM before SIGKILL</td></tr>
 * </table>
 *
 * @param <SELF> the concrete options type, which the fluent setters return
 */
public abstract class ProcessOptions<SELF extends ProcessOptions<SELF>> {

    private final Path workDir;
    private String name;
    private String maxHeap;
    private final List<String> jvmOptions = new ArrayList<>();
    private Duration startupTimeout;
    private Duration stopTimeout;

    /**
     * @param workDir the work folder
     * @param name the default name of the log and pid files
     * @param maxHeap the default {@code -Xmx} value
     * @param startupTimeout the default startup timeout
     * @param stopTimeout the default wait after SIGTERM before SIGKILL
     */
    ProcessOptions(Path workDir, String name, String maxHeap, Duration startupTimeout, Duration stopTimeout) {
        this.workDir = Objects.requireNonNull(workDir, "workDir");
        this.name = name;
        this.maxHeap = maxHeap;
        this.startupTimeout = startupTimeout;
        this.stopTimeout = stopTimeout;
    }

    /** @return this, typed as the concrete options */
    protected abstract SELF self();

    /** @param name log and pid file name @return this */
    public SELF name(String name) {
        this.name = name;
        return self();
    }

    /** @param maxHeap -Xmx value, e.g. {@code 512m} @return this */
    public SELF maxHeap(String maxHeap) {
        this.maxHeap = maxHeap;
        return self();
    }

    /** @param option a JVM option, added after those the stack sets @return this */
    public SELF jvmOption(String option) {
        jvmOptions.add(option);
        return self();
    }

    /** @param timeout how long to wait until the server is ready @return this */
    public SELF startupTimeout(Duration timeout) {
        this.startupTimeout = timeout;
        return self();
    }

    /** @param timeout wait after SIGTERM before SIGKILL @return this */
    public SELF stopTimeout(Duration timeout) {
        this.stopTimeout = timeout;
        return self();
    }

    /** @return the work folder, as given */
    Path workDir() {
        return workDir;
    }

    /** @return the name of the log and pid files */
    String name() {
        return name;
    }

    /**
     * Completes a server's command line with the common settings: {@code -Xmx}, then the extra JVM options after
     * those {@code command} already has.
     *
     * @param command the server's launch ({@code -jar} or {@code -cp … MAIN}), its own JVM options and arguments
     * @return the full command line
     */
    List<String> command(JavaCommand command) {
        return command.maxHeap(maxHeap).jvmOptions(jvmOptions).build();
    }

    /**
     * Starts the server as a child process named {@link #name()} in {@link #workDir()}, with the common settings
     * added to {@code command}, and waits until {@code readiness} answers true.
     *
     * @param command the server's launch, its own JVM options and arguments
     * @param readiness how to tell the server is ready
     * @return the running, ready process
     * @throws ChildProcessException if it exits before it is ready or is not ready within the startup timeout
     */
    ChildProcess startChild(JavaCommand command, ReadinessProbe readiness) {
        return ChildProcess.start(ChildProcess.Spec.builder(name, command(command))
                .workDir(workDir)
                .readiness(readiness)
                .startupTimeout(startupTimeout)
                .stopTimeout(stopTimeout)
                .build());
    }
}
