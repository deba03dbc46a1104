package io.herald.harness.bench;

import io.herald.local.ChildProcess;
import io.herald.local.DispatcherProcess;
import io.herald.local.FreePorts;
import io.herald.local.HeraldHome;
import io.herald.local.HeraldStack;
import io.herald.local.JavaCommand;
import io.herald.local.SmscSimulatorProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dispatcher memory under a backlog: one Herald dispatcher as the local stack runs it ({@value #MAX_HEAP} heap,
 * {@code sender.threads=16}, no delivery receipts) starts on a fresh consumer group {@value #BACKLOG} requests behind
 * the end of {@code notify.requests}, with its SMSC down; after {@link #PHASE} its resident set (RSS, from
 * {@code /proc/PID/status}) and its live heap (in use after a full GC that {@code jcmd PID GC.run} asks for, as
 * {@code jcmd PID GC.heap_info} reports it) are read. Then the simulator comes up on the port the dispatcher keeps
 * trying, and after another {@link #PHASE} of sending both are read again.
 */
public final class MemoryBenchmark {

    /** Requests behind the end when the dispatcher starts. */
    public static final long BACKLOG = 1_000_000;
    /** Requests each run may send while the simulator is up; run {@code i} starts this many later than run i-1. */
    public static final long PER_RUN = 100_000;
    /** How long each phase (simulator down, then up) lasts before it is measured. */
    public static final Duration PHASE = Duration.ofSeconds(15);
    /** The dispatcher's heap limit, as the local stack runs it. */
    public static final String MAX_HEAP = "256m";

    private static final Pattern HEAP_USED = Pattern.compile("total (\\d+)K, used (\\d+)K");
    private static final Pattern VM_RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

    /** One reading: resident set and live heap, in KiB. */
    public record Reading(long rssKib, long liveHeapKib) {
    }

    /** One run: the readings with the simulator down and up, and what was sent while it was up. */
    public record Result(Reading down, Reading up, long sentWhileUp) {
    }

    private final HeraldHome home;
    private final HeraldStack stack;
    private final Path work;
    private int started;

    public MemoryBenchmark(HeraldHome home, HeraldStack stack, Path work) {
        this.home = home;
        this.stack = stack;
        this.work = work;
    }

    /**
     * Writes the backlog: {@value #BACKLOG} requests plus {@value #PER_RUN} per run, to 10,000 recipients.
     *
     * @param runs the runs that will use it
     * @return where it is
     */
    public Backlog preload(int runs) throws Exception {
        return Backlog.write(stack.bootstrapServers(), stack.registryUrl(), BACKLOG + PER_RUN * runs, 10_000,
                20261202L);
    }

    /**
     * @param backlog from {@link #preload(int)}
     * @param run this run, 1-based: it starts {@code PER_RUN * (run - 1)} requests into the backlog
     * @return the readings
     */
    public Result run(Backlog backlog, int run) throws Exception {
        String name = "bench-memory-" + (++started);
        String group = name + "-" + UUID.randomUUID();
        Backlog.startGroupAt(stack.bootstrapServers(), group, backlog.after(PER_RUN * (run - 1)));
        int[] ports = FreePorts.pick(3);
        DispatcherProcess.Options options = DispatcherProcess.Options.in(work).name(name).groupId(group)
                .kafka(stack.bootstrapServers(), stack.registryUrl())
                .smpp("127.0.0.1", ports[0], "herald", "herald").senderThreads(16)
                .property("admin.port", Integer.toString(ports[2]))
                .property("smpp.registered.delivery", "false")
                .property("receipts.enabled", "false");
        // Started by hand: DispatcherProcess.start waits for /health, which is DOWN while no SMPP session is bound.
        Path config = DispatcherProcess.writeConfig(options);
        ChildProcess dispatcher = ChildProcess.start(ChildProcess.Spec.builder(name, JavaCommand.jar(
                home.dispatcherJar()).maxHeap(MAX_HEAP).args(config.toString()).build()).workDir(work).build());
        SmscSimulatorProcess smsc = null;
        try {
            Thread.sleep(PHASE.toMillis());
            Reading down = read(dispatcher.pid());
            smsc = SmscSimulatorProcess.start(home, SmscSimulatorProcess.Options.in(work).name(name + "-smsc")
                    .smppPort(ports[0]).httpPort(ports[1]).smtpPort(SmscSimulatorProcess.Options.SMTP_OFF)
                    .extraArgs("--max-recorded", "1000"));
            Thread.sleep(PHASE.toMillis());
            Reading up = read(dispatcher.pid());
            long sent = smsc.stats().messages();
            if (sent == 0) {
                throw new IllegalStateException(name + " sent nothing once the simulator was up; see "
                        + dispatcher.logFile());
            }
            return new Result(down, up, sent);
        } finally {
            dispatcher.kill();
            if (smsc != null) {
                smsc.stop();
            }
        }
    }

    private static Reading read(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        Matcher heap = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
        if (!heap.find()) {
            throw new IllegalStateException("jcmd " + pid + " GC.heap_info printed no heap usage");
        }
        Matcher rss = VM_RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        if (!rss.find()) {
            throw new IllegalStateException("/proc/" + pid + "/status has no VmRSS");
        }
        return new Reading(Long.parseLong(rss.group(1)), Long.parseLong(heap.group(2)));
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = JavaCommand.javaExecutable().resolveSibling("jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true)
                .start();
        List<String> output = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                output.add(line);
            }
        }
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + String.join(" | ", output));
        }
        return String.join("\n", output);
    }
}
