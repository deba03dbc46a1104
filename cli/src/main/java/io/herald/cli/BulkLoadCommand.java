package io.herald.cli;

import io.herald.ingest.api.BatchView;
import io.herald.local.DispatcherProcess;
import io.herald.local.HeraldHome;
import io.herald.local.HeraldStack;
import io.herald.local.LocalProcess;
import io.herald.local.SmscSimulatorProcess;
import io.herald.schema.Topics;
import java.io.PrintStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code herald bulk-load FILE}: starts the local stack as {@code herald demo} does, writes the file's lines to
 * {@value Topics#BULK} with Kafka's own kafka-console-producer (a child JVM, stdin from the file), follows the file's
 * batches through {@code GET /v1/batches/{batchId}} and {@value Topics#BULK_REJECTED} with a progress bar, waits for
 * the SMSC simulator to receive the accepted messages, and prints one line on stdout:
 * {@code bulk-load: lines=N valid=V rejected=R received=M elapsed=T.Ts} ({@link BulkLoadSummary}). The exit code is 0
 * only if {@code V + R == N} and {@code M == V}: no line lost or doubled, every accepted message received once. A
 * batch id that exists already (the same file loaded again) is followed from its counts before this load.
 */
@Command(name = "bulk-load", mixinStandardHelpOptions = true, usageHelpWidth = 100,
        description = {"Loads a file of bulk lines through kafka-console-producer and follows it.", "",
            "Starts the local stack as demo does (Kafka, registry, SMSC simulator,",
            "ingest-service with its bulk loader, dispatchers), writes FILE's lines to",
            "notify.bulk with Kafka's own ConsoleProducer, follows the file's batches",
            "(GET /v1/batches/{batchId}) and notify.bulk.rejected until every line has",
            "an outcome and every accepted message a status, then prints one line:", "",
            "bulk-load: lines=N valid=V rejected=R received=M elapsed=T.Ts", "",
            "lines: recipient lines (CSV headers not counted); valid: accepted by the",
            "bulk loader; rejected: on notify.bulk.rejected; received: distinct",
            "messages the SMSC simulator got. The exit code is 0 only if V+R equals N",
            "and M equals V. Line formats: docs/bulk-load.md.", ""})
public final class BulkLoadCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE",
            description = "UTF-8 file, one JSON object per line, or CSV with a header line (docs/bulk-load.md).")
    Path file;

    @Mixin
    StackOptions stackOptions = new StackOptions();

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "15m", converter = DurationConverter.class,
            description = "How long to wait, from the start of the load, for every outcome, e.g. 90s or 15m"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Mixin
    IngestPortOptions ingestPorts = new IngestPortOptions();

    @Option(names = "--dispatchers", paramLabel = "N", defaultValue = "2",
            description = "Dispatcher JVMs in the consumer group, 1 to " + Topics.DEFAULT_REQUESTS_PARTITIONS
                    + " (default: ${DEFAULT-VALUE}).")
    int dispatchers;

    @Option(names = "--dispatcher-admin-port", paramLabel = "PORT",
            defaultValue = "" + DispatcherProcess.Options.DEFAULT_ADMIN_PORT,
            description = "Admin port of the first dispatcher; the n-th uses PORT+n-1 (default: ${DEFAULT-VALUE}).")
    int dispatcherAdminPort;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "AUTO",
            description = "Progress on stderr: ${COMPLETION-CANDIDATES}; AUTO draws a bar on a terminal and"
                    + " prints a line every 5 s otherwise (default: ${DEFAULT-VALUE}).")
    DemoProgress.Mode progress;

    @Option(names = "--keep-running",
            description = "After the summary, print the endpoints and keep everything running until Ctrl-C.")
    boolean keepRunning;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private final PrintStream out;
    private final PrintStream err;

    /** A command that prints to the process's stdout and stderr. */
    public BulkLoadCommand() {
        this(System.out, System.err);
    }

    BulkLoadCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (!Files.isRegularFile(file)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "FILE " + file + " does not exist");
        }
        if (dispatchers < 1 || dispatchers > Topics.DEFAULT_REQUESTS_PARTITIONS) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--dispatchers must be between 1 and " + Topics.DEFAULT_REQUESTS_PARTITIONS);
        }
        BulkFile scanned = BulkFile.scan(file);
        err.println("herald: " + scanned.lines() + " lines" + (scanned.headers() > 0 ? " and " + scanned.headers()
                + " CSV header lines" : "") + " in " + file + ", batches " + abbreviated(scanned));
        HeraldHome home = HeraldHome.locate();
        DemoStack.Services services = new DemoStack.Services(true, ingestPorts.ingestPort,
                ingestPorts.ingestAdminPort, dispatchers, dispatcherAdminPort,
                DispatcherProcess.Options.DEFAULT_GROUP_ID, 4);
        try (HeraldStack stack = DemoStack.start(home, stackOptions, services, err)) {
            BatchStatusClient batches = new BatchStatusClient(stack.ingest().url(), stack.ingest().apiKey());
            Map<String, Long> earlier = new HashMap<>();
            for (String batchId : scanned.batchIds()) {
                batches.get(batchId).filter(status -> status.accepted() != null)
                        .ifPresent(status -> earlier.put(batchId, status.accepted()));
            }
            if (!earlier.isEmpty()) {
                err.println("herald: batches " + earlier.keySet() + " exist from an earlier load; counting only the"
                        + " lines of this one");
            }
            stack.smsc().reset();
            BulkLoadSummary summary = load(stack, scanned, batches, earlier);
            out.println(summary.line());
            out.flush();
            if (summary.valid() + summary.rejected() != summary.lines()) {
                err.println("herald: " + summary.lines() + " lines, but the bulk loader accepted " + summary.valid()
                        + " and rejected " + summary.rejected());
            }
            if (summary.received() != summary.valid()) {
                err.println("herald: the SMSC simulator received " + summary.received() + " distinct messages, but "
                        + summary.valid() + " lines were accepted");
            }
            if (keepRunning) {
                DemoStack.printEndpoints(stack, out);
                err.println("herald: running; press Ctrl-C to stop");
                new CountDownLatch(1).await();
            }
            return summary.complete() ? ExitCodes.OK : ExitCodes.DEMO_MISMATCH;
        }
    }

    /** Writes the file through kafka-console-producer and follows it to the end. */
    private BulkLoadSummary load(HeraldStack stack, BulkFile scanned, BatchStatusClient batches,
                                 Map<String, Long> earlier) throws InterruptedException {
        String bootstrap = stack.bootstrapServers();
        try (RejectedLines rejected = RejectedLines.start(bootstrap);
             DemoProgress bar = DemoProgress.start(progress, err)) {
            rejected.from(rejected.bulkEndOffsets());
            long start = System.nanoTime();
            Process producer = KafkaTool.CONSOLE_PRODUCER.start(
                    List.of("--bootstrap-server", bootstrap, "--topic", Topics.BULK), Redirect.from(file.toFile()),
                    Redirect.INHERIT);
            Counts counts;
            boolean ranged = false;
            try {
                while (true) {
                    boolean written = !producer.isAlive();
                    if (written && producer.exitValue() != 0) {
                        throw new IllegalStateException("kafka-console-producer exited with " + producer.exitValue()
                                + "; see its messages above");
                    }
                    if (written && !ranged) {
                        ranged = true;
                        Map<Integer, Long> after = rejected.bulkEndOffsets();
                        rejected.to(after);
                        if (rejected.written() != scanned.records()) {
                            err.println("herald: kafka-console-producer wrote " + rejected.written() + " records for "
                                    + scanned.records() + " lines");
                        }
                    }
                    counts = counts(batches, scanned, earlier, rejected.poll());
                    // rejections are in done
                    bar.update(counts.done(), counts.unsuccessful(), scanned.lines(), written);
                    if (written && counts.done() >= scanned.lines() && counts.pending() == 0) {
                        break;
                    }
                    checkAlive(stack);
                    if (System.nanoTime() - start > timeout.toNanos()) {
                        bar.close();
                        out.println(new BulkLoadSummary(scanned.lines(), counts.accepted(), counts.rejected(),
                                received(stack.smsc()), System.nanoTime() - start).line());
                        throw new DemoTimeoutException("timed out after " + timeout.toSeconds() + " s: "
                                + counts.done() + " of " + scanned.lines() + " lines have an outcome; see the logs in "
                                + stackOptions.workDir(HeraldHome.locate()).resolve("logs"));
                    }
                    Thread.sleep(200);
                }
            } finally {
                producer.destroy();
            }
            long received = awaitReceived(stack, counts.accepted(), start);
            return new BulkLoadSummary(scanned.lines(), counts.accepted(), counts.rejected(), received,
                    System.nanoTime() - start);
        }
    }

    /**
     * What the batches' counters and the rejected topic say now.
     *
     * @param accepted lines accepted (sum over the batches)
     * @param rejected lines on the rejected topic
     * @param pending accepted messages without a status yet
     * @param unsuccessful messages that failed, expired, were suppressed or refused by the gateway
     */
    private record Counts(long accepted, long rejected, long pending, long unsuccessful) {
        long done() {
            return accepted - pending + rejected;
        }
    }

    /**
     * @param earlier per batch, the lines accepted by earlier loads (not counted)
     */
    private static Counts counts(BatchStatusClient batches, BulkFile scanned, Map<String, Long> earlier,
                                 long rejected) {
        long accepted = 0;
        long pending = 0;
        long unsuccessful = 0;
        for (String batchId : scanned.batchIds()) {
            Optional<BatchView> status = batches.get(batchId);
            if (status.isPresent() && status.get().accepted() != null) {
                accepted += status.get().accepted() - earlier.getOrDefault(batchId, 0L);
                pending += status.get().pending() == null ? 0 : status.get().pending();
                unsuccessful += BatchStatusClient.notSent(status.get()) + status.get().undelivered()
                        + status.get().gatewayRejected();
            }
        }
        return new Counts(accepted, rejected, pending, unsuccessful);
    }

    /**
     * Waits until the simulator received {@code expected} distinct messages, as long as the count keeps growing (at
     * least every {@value DemoCommand#RECEIPT_WAIT_SECONDS} s) and within the timeout.
     *
     * @return the distinct messages received
     */
    private long awaitReceived(HeraldStack stack, long expected, long start) throws InterruptedException {
        long received = received(stack.smsc());
        long lastProgress = System.nanoTime();
        long quiet = TimeUnit.SECONDS.toNanos(DemoCommand.RECEIPT_WAIT_SECONDS);
        while (received < expected && System.nanoTime() - lastProgress < quiet
                && System.nanoTime() - start < timeout.toNanos()) {
            Thread.sleep(200);
            long next = received(stack.smsc());
            if (next > received) {
                lastProgress = System.nanoTime();
            }
            received = next;
        }
        return received;
    }

    private static long received(SmscSimulatorProcess smsc) {
        return smsc.stats().distinctMessages() + (smsc.smtpEnabled() ? smsc.mailStats().distinctMessages() : 0);
    }

    private static void checkAlive(HeraldStack stack) {
        Optional<LocalProcess> dead = DemoStack.firstDead(stack);
        if (dead.isPresent()) {
            throw new IllegalStateException(dead.get() + " exited during the load; see " + dead.get().logFile());
        }
    }

    private static String abbreviated(BulkFile scanned) {
        List<String> ids = List.copyOf(scanned.batchIds());
        return ids.size() <= 3 ? String.join(", ", ids) : String.join(", ", ids.subList(0, 3)) + " and "
                + (ids.size() - 3) + " more";
    }
}
