package io.herald.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server of the local stack running as a child process of this JVM, with its stdout and stderr appended to a log
 * file and its pid written to a pid file.
 *
 * <p>{@link #start(Spec)} first kills a stale child that a crashed earlier run left behind (found through the pid
 * file, and killed only if the live process's arguments are exactly those recorded), starts the process, and polls
 * the {@link ReadinessProbe} every {@value #PROBE_INTERVAL_MS} ms until it answers true. If the process exits first,
 * or the startup timeout passes, the process is killed and a {@link ChildProcessException} carries the last
 * {@value #LOG_TAIL_LINES} lines of its log.
 *
 * <p>{@link #stop()} sends SIGTERM and waits up to the stop timeout, then sends SIGKILL; {@link #kill()} sends SIGKILL
 * at once, for crash tests. {@link #close()} is {@link #stop()}. All three are idempotent and thread-safe.
 */
public final class ChildProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);

    /** How often the readiness probe runs during startup, in ms. */
    public static final long PROBE_INTERVAL_MS = 200;

    /** How many log lines a startup failure quotes. */
    public static final int LOG_TAIL_LINES = 20;

    private static final Duration STALE_KILL_WAIT = Duration.ofSeconds(10);

    private final Spec spec;
    private final Process process;

    private ChildProcess(Spec spec, Process process) {
        this.spec = spec;
        this.process = process;
    }

    /**
     * Starts a child process and waits until it is ready.
     *
     * @param spec what to run and how to tell it is ready
     * @return the running, ready process
     * @throws ChildProcessException if it exits before it is ready or is not ready within the startup timeout
     * @throws UncheckedIOException if the log or pid file cannot be written or the command cannot be run
     */
    public static ChildProcess start(Spec spec) {
        try {
            Files.createDirectories(spec.logFile.toAbsolutePath().getParent());
            Files.createDirectories(spec.pidFile.toAbsolutePath().getParent());
            killStale(spec);
            Files.writeString(spec.logFile, "=== " + Instant.now() + " starting " + spec.name + ": "
                    + String.join(" ", spec.command) + System.lineSeparator(), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(spec.command)
                    .directory(spec.workingDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            builder.environment().putAll(spec.environment);
            Process process = builder.start();
            writePidFile(spec, process.pid());
            LOG.debug("started {} (pid {}), log {}", spec.name, process.pid(), spec.logFile);
            ChildProcess child = new ChildProcess(spec, process);
            child.awaitReady();
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + spec.name + ": " + e.getMessage(), e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + spec.startupTimeout.toNanos();
        Exception lastFailure = null;
        while (true) {
            if (!process.isAlive()) {
                deletePidFile();
                throw failure("exited with code " + process.exitValue() + " before it was ready", lastFailure);
            }
            try {
                if (spec.readiness.isReady()) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
                throw failure("start was interrupted", e);
            } catch (Exception e) {
                lastFailure = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                kill();
                throw failure("was not ready within " + spec.startupTimeout.toSeconds() + " s", lastFailure);
            }
            try {
                Thread.sleep(PROBE_INTERVAL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
                throw failure("start was interrupted", e);
            }
        }
    }

    private ChildProcessException failure(String what, Exception lastProbeFailure) {
        StringBuilder message = new StringBuilder(spec.name).append(" (pid ").append(process.pid()).append(") ")
                .append(what);
        if (lastProbeFailure != null) {
            message.append("; last readiness check: ").append(lastProbeFailure);
        }
        message.append("; last lines of ").append(spec.logFile).append(':');
        for (String line : logTail(LOG_TAIL_LINES)) {
            message.append(System.lineSeparator()).append("  | ").append(line);
        }
        return new ChildProcessException(spec.name, spec.logFile, message.toString(), lastProbeFailure);
    }

    /**
     * Stops the process: SIGTERM, then up to the stop timeout for it to exit, then SIGKILL. Returns at once if it
     * already exited.
     *
     * @return the exit code: the process's own after SIGTERM (0 for a dispatcher, which drains and exits; 143 for a JVM
     *     that leaves SIGTERM to its default handler), 137 after SIGKILL, on Linux
     */
    public synchronized int stop() {
        if (process.isAlive()) {
            LOG.debug("stopping {} (pid {})", spec.name, process.pid());
            process.destroy();
            try {
                if (!process.waitFor(spec.stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("{} (pid {}) did not stop within {} s of SIGTERM; sending SIGKILL", spec.name,
                            process.pid(), spec.stopTimeout.toSeconds());
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        return awaitExit();
    }

    /**
     * Kills the process with SIGKILL at once (a crash, as {@code kill -9}), and waits for it to be gone.
     *
     * @return the exit code (137 on Linux)
     */
    public synchronized int kill() {
        process.destroyForcibly();
        return awaitExit();
    }

    private int awaitExit() {
        boolean interrupted = false;
        while (true) {
            try {
                int code = process.waitFor();
                deletePidFile();
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                return code;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** @return the operating-system process id */
    public long pid() {
        return process.pid();
    }

    /** @return true while the process runs */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** @return the log file that receives the process's stdout and stderr */
    public Path logFile() {
        return spec.logFile;
    }

    /** @return the name given in the {@link Spec} */
    public String name() {
        return spec.name;
    }

    /** @return completes with the exit code once the process has exited */
    public CompletableFuture<Integer> exitCode() {
        return process.onExit().thenApply(Process::exitValue);
    }

    /** @return the underlying process handle, e.g. to wait for exit */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /**
     * Reads the last lines of the log file.
     *
     * @param lines how many lines at most
     * @return the lines, oldest first; empty if the log cannot be read
     */
    public List<String> logTail(int lines) {
        return tail(spec.logFile, lines);
    }

    static List<String> tail(Path file, int lines) {
        Deque<String> tail = new ArrayDeque<>(lines);
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (tail.size() == lines) {
                    tail.removeFirst();
                }
                tail.addLast(line);
            }
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
        return new ArrayList<>(tail);
    }

    // A pid file holds the pid on its first line and the process's arguments (after the executable), one a line.
    private static void writePidFile(Spec spec, long pid) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(Long.toString(pid));
        lines.addAll(spec.command.subList(1, spec.command.size()));
        Files.write(spec.pidFile, lines, StandardCharsets.UTF_8);
    }

    private void deletePidFile() {
        try {
            Files.deleteIfExists(spec.pidFile);
        } catch (IOException e) {
            LOG.warn("cannot delete pid file {}: {}", spec.pidFile, e.toString());
        }
    }

    /**
     * The arguments (after the executable) a live process runs with. {@code ProcessHandle.Info#arguments()} reads at
     * most one page of {@code /proc/<pid>/cmdline} on Linux and gives nothing for a longer command line (a JVM with a
     * long {@code -cp}), so on Linux the file itself is read when it gives nothing.
     *
     * @param handle the process
     * @return its arguments, or empty if they cannot be read
     */
    static Optional<List<String>> arguments(ProcessHandle handle) {
        Optional<String[]> fromJdk = handle.info().arguments();
        if (fromJdk.isPresent()) {
            return Optional.of(List.of(fromJdk.get()));
        }
        Path cmdline = Path.of("/proc", Long.toString(handle.pid()), "cmdline");
        try {
            String all = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8);
            List<String> argv = List.of(all.split("\0"));
            return argv.isEmpty() ? Optional.empty() : Optional.of(argv.subList(1, argv.size()));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * Kills the process named by a pid file left from an earlier run, if it still runs with the recorded arguments
     * (so a recycled pid of an unrelated process is never killed), then removes the pid file.
     */
    private static void killStale(Spec spec) throws IOException {
        Optional<ProcessHandle> stale = liveProcess(spec.pidFile);
        if (stale.isPresent()) {
            ProcessHandle handle = stale.get();
            LOG.warn("killing stale {} (pid {}) left by an earlier run", spec.name, handle.pid());
            handle.destroy();
            try {
                handle.onExit().get(STALE_KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
                try {
                    handle.onExit().get(STALE_KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (Exception ignored) {
                    // reported below if the port is still taken
                }
            }
        }
        Files.deleteIfExists(spec.pidFile);
    }

    /**
     * The process a pid file names, if it still runs with exactly the arguments the file records (a recycled pid that
     * now belongs to another program does not count).
     *
     * @param pidFile a pid file as {@link #start(Spec)} writes it: the pid, then the arguments one a line
     * @return the live process; empty if the file is absent or unreadable, or that process is gone or is another one
     * @throws IOException if the file exists but cannot be read
     */
    static Optional<ProcessHandle> liveProcess(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        Optional<ProcessHandle> recorded = Optional.empty();
        if (!lines.isEmpty()) {
            try {
                recorded = ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
            } catch (NumberFormatException e) {
                LOG.warn("ignoring unreadable pid file {}", pidFile);
            }
        }
        List<String> recordedArgs = lines.isEmpty() ? List.of() : lines.subList(1, lines.size());
        return recorded.filter(ProcessHandle::isAlive)
                .filter(handle -> arguments(handle).map(recordedArgs::equals).orElse(false));
    }

    /**
     * The processes that the pid files of a work folder ({@code run/NAME.pid}) name and that still run: children of
     * a run that is still going, or left behind by one that crashed.
     *
     * @param workDir the work folder
     * @return file name without {@code .pid} to pid, in name order; empty if there is no {@code run/} folder
     * @throws UncheckedIOException if {@code run/} or a pid file in it cannot be read
     */
    public static Map<String, Long> runningFrom(Path workDir) {
        Path runDir = workDir.resolve("run");
        Map<String, Long> running = new TreeMap<>();
        if (!Files.isDirectory(runDir)) {
            return running;
        }
        try (var files = Files.list(runDir)) {
            for (Path pidFile : files.filter(f -> f.getFileName().toString().endsWith(".pid")).toList()) {
                String name = pidFile.getFileName().toString();
                liveProcess(pidFile).ifPresent(handle ->
                        running.put(name.substring(0, name.length() - ".pid".length()), handle.pid()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the pid files in " + runDir, e);
        }
        return running;
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    @Override
    public String toString() {
        return spec.name + "(pid " + process.pid() + (process.isAlive() ? ")" : ", exited)");
    }

    /** What to run, where, and how to tell that it is ready. Build with {@link #builder(String, List)}. */
    public static final class Spec {
        private final String name;
        private final List<String> command;
        private final Path workingDir;
        private final Path logFile;
        private final Path pidFile;
        private final Map<String, String> environment;
        private final ReadinessProbe readiness;
        private final Duration startupTimeout;
        private final Duration stopTimeout;

        private Spec(Builder b) {
            this.name = b.name;
            this.command = List.copyOf(b.command);
            this.workingDir = Objects.requireNonNull(b.workingDir, "workingDir");
            this.logFile = Objects.requireNonNull(b.logFile, "logFile");
            this.pidFile = Objects.requireNonNull(b.pidFile, "pidFile");
            this.environment = Map.copyOf(b.environment);
            this.readiness = b.readiness;
            this.startupTimeout = b.startupTimeout;
            this.stopTimeout = b.stopTimeout;
        }

        /**
         * @param name a short name, used in messages and as the default log and pid file names
         * @param command the command line, executable first (see {@link JavaCommand})
         * @return a builder; set at least {@link Builder#workDir(Path)} or the three paths
         */
        public static Builder builder(String name, List<String> command) {
            return new Builder(name, command);
        }

        /** Builder of {@link Spec}. */
        public static final class Builder {
            private final String name;
            private final List<String> command;
            private Path workingDir;
            private Path logFile;
            private Path pidFile;
            private final Map<String, String> environment = new LinkedHashMap<>();
            private ReadinessProbe readiness = ReadinessProbe.immediately();
            private Duration startupTimeout = Duration.ofSeconds(60);
            private Duration stopTimeout = Duration.ofSeconds(30);

            private Builder(String name, List<String> command) {
                if (command.isEmpty()) {
                    throw new IllegalArgumentException("empty command for " + name);
                }
                this.name = Objects.requireNonNull(name, "name");
                this.command = command;
            }

            /**
             * Uses a work folder for everything not set explicitly: the working directory is {@code workDir}, the
             * log {@code workDir/logs/NAME.log}, the pid file {@code workDir/run/NAME.pid}.
             *
             * @param workDir the stack's work folder
             * @return this
             */
            public Builder workDir(Path workDir) {
                Path dir = workDir.toAbsolutePath();
                if (workingDir == null) {
                    workingDir = dir;
                }
                if (logFile == null) {
                    logFile = dir.resolve("logs").resolve(name + ".log");
                }
                if (pidFile == null) {
                    pidFile = dir.resolve("run").resolve(name + ".pid");
                }
                return this;
            }

            /** @param dir the process's working directory; @return this */
            public Builder workingDir(Path dir) {
                this.workingDir = dir.toAbsolutePath();
                return this;
            }

            /** @param file the file that receives stdout and stderr (appended); @return this */
            public Builder logFile(Path file) {
                this.logFile = file.toAbsolutePath();
                return this;
            }

            /** @param file the pid file; @return this */
            public Builder pidFile(Path file) {
                this.pidFile = file.toAbsolutePath();
                return this;
            }

            /** @param key an environment variable; @param value its value; @return this */
            public Builder env(String key, String value) {
                environment.put(key, value);
                return this;
            }

            /** @param probe how to tell the process is ready (default: ready at once); @return this */
            public Builder readiness(ReadinessProbe probe) {
                this.readiness = Objects.requireNonNull(probe);
                return this;
            }

            /** @param timeout how long to wait for readiness (default 60 s); @return this */
            public Builder startupTimeout(Duration timeout) {
                this.startupTimeout = timeout;
                return this;
            }

            /** @param timeout how long {@link ChildProcess#stop()} waits after SIGTERM (default 30 s); @return this */
            public Builder stopTimeout(Duration timeout) {
                this.stopTimeout = timeout;
                return this;
            }

            /** @return the spec */
            public Spec build() {
                return new Spec(this);
            }
        }
    }
}
