package io.herald.harness.bench;

import io.herald.harness.bench.DispatchBenchmark.Dispatcher;
import io.herald.local.ChildProcess;
import io.herald.local.HeraldHome;
import io.herald.local.HeraldStack;
import io.herald.local.JavaCommand;
import io.herald.schema.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What {@code herald bench} runs and writes: the benchmarks on a local stack and docs/benchmarks.md, with one
 * {@code bench:} line per comparison: ingest against Kafka's ProducerPerformance, dispatch against Confluent Parallel
 * Consumer and a naive loop; and the tables of end-to-end latency, dispatcher memory and the JMH micro-benchmarks.
 * Every sentence of the report that draws a conclusion is written only when the figures of the run support it; the
 * versions it names come from the build ({@code bench-versions.properties}, filtered by Maven).
 */
public final class BenchRun {

    /** The sections this command can run. */
    public enum Section { INGEST, DISPATCH, LATENCY, MEMORY, MICRO, LANES }

    /** Starts the stack the benchmarks run on. */
    @FunctionalInterface
    public interface StackStarter {
        /**
         * @param ingest whether to start the ingest-service
         * @return the running stack (Kafka, registry, topics, simulator, no dispatchers)
         */
        HeraldStack start(boolean ingest);
    }

    /** What a run measured: the {@code bench:} lines and the report (without its hand-written part). */
    public record Report(List<String> lines, String document) {
    }

    /** How long the demo may take within the benchmark. */
    private static final Duration DEMO_TIMEOUT = Duration.ofMinutes(12);

    /** Herald alone at 0 ms, 10,000 recipients, from the dispatch section; the demo's baseline. */
    private Figures heraldAloneAt0Ms;

    private static final int CLIENTS = 4;
    /** SMSC latency of the scale-out comparison, in ms: where the gateway, not the CPU, bounds one dispatcher. */
    private static final long SCALE_OUT_LATENCY_MS = 50;
    private static final int SCALE_OUT_PROCESSES = 4;
    private static final String BASELINE_TOPIC = "herald.bench.baseline";

    private final HeraldHome home;
    private final Path workDir;
    private final int runs;
    private final Map<String, String> dispatcherProperties;
    private final List<Long> dispatchLatencies;
    private final Pattern demoRates;
    private final PrintStream err;

    /**
     * @param home the Herald checkout
     * @param workDir the bench's work folder; runs go to {@code runs/}, the demo to {@code demo/}
     * @param runs runs per figure, at least 3
     * @param dispatcherProperties dispatcher properties for the dispatch section's runs
     * @param dispatchLatencies SMSC latencies of the dispatch section, in ms
     * @param demoRates the demo's summary line, group 1 its {@code rate=}, group 2 its {@code smsc-rate=}
     * @param err where progress lines go
     */
    public BenchRun(HeraldHome home, Path workDir, int runs, Map<String, String> dispatcherProperties,
                    List<Long> dispatchLatencies, Pattern demoRates, PrintStream err) {
        this.home = home;
        this.workDir = workDir;
        this.runs = runs;
        this.dispatcherProperties = Map.copyOf(dispatcherProperties);
        this.dispatchLatencies = List.copyOf(dispatchLatencies);
        this.demoRates = demoRates;
        this.err = err;
    }

    /**
     * Runs every dispatcher on every data set at every latency, {@code runs} times each, printing each rate to
     * {@code err}.
     *
     * @return the rates in msg/s, by {@code <latency>/<recipients>} and dispatcher
     */
    private Map<String, Map<Dispatcher, List<Double>>> measureAll(DispatchBenchmark bench, List<Backlog> dataSets,
                                                                   List<Long> latencies, int slices)
            throws Exception {
        Map<String, Map<Dispatcher, List<Double>>> measured = new HashMap<>();
        // Every run of one data set before any of the next: the second data set lies above the first in each
        // partition, so statuses sent from it would sit above the first's committed offsets, and a later run on
        // the first would load them all into its sent ledger (a 256 MiB dispatcher ran out of heap so, once the
        // 10-recipient runs reached 10,000 msg/s). The table keeps latency first.
        for (Backlog data : dataSets) {
            for (int l = 0; l < latencies.size(); l++) {
                long latency = latencies.get(l);
                Map<Dispatcher, List<Double>> rates = new EnumMap<>(Dispatcher.class);
                for (int run = 1; run <= runs; run++) {
                    // Each run in another order, so that none is always the first on a cold simulator.
                    List<Dispatcher> order = new ArrayList<>(List.of(Dispatcher.values()));
                    Collections.rotate(order, 1 - run);
                    for (Dispatcher dispatcher : order) {
                        double rate = bench.run(dispatcher, data, l * runs + run, slices, latency);
                        rates.computeIfAbsent(dispatcher, d -> new ArrayList<>()).add(rate);
                        err.printf(Locale.ROOT, "bench: dispatch %d ms, %,d recipients, run %d/%d: %s %.0f"
                                + " msg/s%n", latency, data.recipients(), run, runs, dispatcher.title(), rate);
                    }
                }
                measured.put(latency + "/" + data.recipients(), rates);
            }
        }
        return measured;
    }

    /**
     * Runs the sections, each on the stack {@code stacks} starts (once, for all but the micro-benchmarks), and the
     * demo after it stopped.
     *
     * @param sections what to run
     * @param stacks starts the stack
     * @return the {@code bench:} lines and the report
     * @throws Exception if a benchmark fails
     */
    public Report run(Set<Section> sections, StackStarter stacks) throws Exception {
        List<String> lines = new ArrayList<>();
        StringBuilder ingestSection = new StringBuilder();
        StringBuilder dispatchSection = new StringBuilder();
        StringBuilder latencySection = new StringBuilder();
        StringBuilder memorySection = new StringBuilder();
        StringBuilder microSection = new StringBuilder();
        StringBuilder lanesSection = new StringBuilder();
        long started = System.nanoTime();
        if (!sections.equals(EnumSet.of(Section.MICRO))) {
            // The dispatch section runs Herald once beside ingest's status view, then stops ingest.
            boolean ingest = sections.contains(Section.INGEST) || sections.contains(Section.LATENCY)
                    || sections.contains(Section.DISPATCH) || sections.contains(Section.LANES);
            try (HeraldStack stack = stacks.start(ingest)) {
                if (sections.contains(Section.INGEST)) {
                    ingest(stack, err, lines, ingestSection);
                }
                // Latency before dispatch: the dispatch section stops ingest once it has run Herald beside it.
                if (sections.contains(Section.LATENCY)) {
                    new StackSections(workDir, runs, err).latency(home, stack, lines, latencySection);
                }
                if (sections.contains(Section.LANES)) {
                    new StackSections(workDir, runs, err).lanes(home, stack, lines, lanesSection);
                }
                if (sections.contains(Section.DISPATCH)) {
                    dispatch(home, stack, err, lines, dispatchSection);
                }
                if (sections.contains(Section.MEMORY)) {
                    new StackSections(workDir, runs, err).memory(home, stack, memorySection);
                }
            }
        }
        if (sections.contains(Section.DISPATCH) && heraldAloneAt0Ms != null) {
            demoRate(home, err, lines, dispatchSection);
        }
        if (sections.contains(Section.MICRO)) {
            micro(home, err, microSection);
        }
        Map<Section, StringBuilder> bodies = new EnumMap<>(Section.class);
        bodies.put(Section.INGEST, ingestSection);
        bodies.put(Section.DISPATCH, dispatchSection);
        bodies.put(Section.LATENCY, latencySection);
        bodies.put(Section.MEMORY, memorySection);
        bodies.put(Section.MICRO, microSection);
        bodies.put(Section.LANES, lanesSection);
        return new Report(List.copyOf(lines), BenchReport.document(lines, bodies, sections,
                (System.nanoTime() - started) / 1e9, runs));
    }

    private void ingest(HeraldStack stack, PrintStream err, List<String> lines, StringBuilder section)
            throws Exception {
        IngestBenchmark herald = new IngestBenchmark(stack.ingest().url(), stack.ingest().apiKey(), 20261128L);
        err.println("bench: ingest: warm-up, 10 batches of 1,000");
        herald.run(1000, 10, CLIENTS);
        int recordSize = ProducerPerformanceBaseline.meanValueSize(stack.bootstrapServers(),
                Topics.REQUESTS).orElse(200);
        ProducerPerformanceBaseline baseline = new ProducerPerformanceBaseline(stack.bootstrapServers(),
                BASELINE_TOPIC, Topics.DEFAULT_REQUESTS_PARTITIONS);
        section.append("""
                Herald: `POST /v1/batches` with %d concurrent clients, each sending its next batch when its 202 came;
                every recipient a distinct random Norwegian mobile with one variable, a one-segment GSM text.
                Throughput is recipients from the first POST to the last 202; latency is per request (a whole
                batch). Baseline: Kafka's `ProducerPerformance` (kafka-tools %s) writing as many records of %d bytes
                (the mean size of Herald's records on `notify.requests`, Confluent wire format) to a topic of %d
                partitions on the same broker, with ingest's producer settings: `acks=all`,
                `enable.idempotence=true`, `compression.type=lz4`, `linger.ms=5`; its latency is per record.

                | Batch size | Recipients per run | Herald recipients/s | Herald p50 ms | Herald p99 ms | ProducerPerformance records/s | its p50 ms | its p99 ms | Ratio |
                |---|---|---|---|---|---|---|---|---|
                """.formatted(CLIENTS, BenchReport.version("kafka"), recordSize,
                Topics.DEFAULT_REQUESTS_PARTITIONS));
        List<String> slower = new ArrayList<>();
        for (int[] shape : new int[][] {{1000, 40}, {10_000, 8}}) {
            int batchSize = shape[0];
            int batches = shape[1];
            List<Double> rate = new ArrayList<>();
            List<Double> p50 = new ArrayList<>();
            List<Double> p99 = new ArrayList<>();
            List<Double> baseRate = new ArrayList<>();
            List<Double> baseP50 = new ArrayList<>();
            List<Double> baseP99 = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                IngestBenchmark.Result h = herald.run(batchSize, batches, CLIENTS);
                ProducerPerformanceBaseline.Result b = baseline.run(h.recipients(), recordSize);
                err.printf(Locale.ROOT, "bench: ingest batch %d, run %d/%d: herald %.0f recipients/s,"
                        + " ProducerPerformance %.0f records/s%n", batchSize, run, runs, h.recipientsPerSecond(),
                        b.recordsPerSecond());
                rate.add(h.recipientsPerSecond());
                p50.add(h.p50Ms());
                p99.add(h.p99Ms());
                baseRate.add(b.recordsPerSecond());
                baseP50.add(b.p50Ms());
                baseP99.add(b.p99Ms());
            }
            Figures heraldRate = new Figures(rate);
            Figures baselineRate = new Figures(baseRate);
            double ratio = heraldRate.median() / baselineRate.median();
            if (ratio < 1) {
                slower.add(String.format(Locale.ROOT, "%,d", batchSize));
            }
            lines.add(BenchReport.line("ingest-batch-" + batchSize, heraldRate, baselineRate, "records/s"));
            section.append(String.format(Locale.ROOT, "| %,d | %,d | %s | %s | %s | %s | %s | %s | %.2f |%n",
                    batchSize, (long) batchSize * batches, heraldRate.cell(), new Figures(p50).cell(),
                    new Figures(p99).cell(), baselineRate.cell(), new Figures(baseP50).cell(),
                    new Figures(baseP99).cell(), ratio));
        }
        if (slower.isEmpty()) {
            return; // no conclusion to explain: Herald kept up with ProducerPerformance at every batch size
        }
        section.append("""

                **Why Herald is slower** (here at batch size %s). ProducerPerformance only hands ready-made byte
                arrays to the producer. For each recipient, ingest also parses its part of the JSON body, parses the
                number to E.164 (libphonenumber), renders the text, counts its SMS segments, builds and serializes a
                `NotificationRequest` (Avro), and waits for every record of the batch to be acknowledged before it
                answers; then it writes the batch's intake record and waits again. The micro-benchmarks (section 5,
                when run) put numbers on those steps. With %d clients, at most %d batches are in flight, so the
                producer's batches are smaller than ProducerPerformance's, which never waits.
                """.formatted(String.join(" and ", slower), CLIENTS, CLIENTS));
    }

    private void dispatch(HeraldHome home, HeraldStack stack, PrintStream err, List<String> lines,
                          StringBuilder section) throws Exception {
        Path work = Files.createDirectories(workDir.resolve("runs"));
        try (DispatchBenchmark bench = new DispatchBenchmark(home, stack, work, err,
                dispatcherProperties)) {
            err.printf(Locale.ROOT, "bench: dispatch: writing %,d requests to %,d recipients and %,d to 10%n",
                    DispatchBenchmark.RECORDS, 10_000, DispatchBenchmark.RECORDS);
            List<Backlog> dataSets = List.of(bench.preload(10_000, 20261129L), bench.preload(10, 20261130L));
            List<Long> latencies = dispatchLatencies;
            // A slice per latency and run, and one per run of Herald beside the status view: Herald's sent ledger
            // would skip what an earlier run sent.
            int slices = (latencies.size() + 1) * runs;
            List<Double> besideStatusView = new ArrayList<>();
            if (stack.ingest() != null) {
                bench.awaitStatusViewCaughtUp(Duration.ofMinutes(3));
                for (int run = 1; run <= runs; run++) {
                    double rate = bench.run(Dispatcher.HERALD, dataSets.get(0), latencies.size() * runs + run,
                            slices, 0);
                    besideStatusView.add(rate);
                    err.printf(Locale.ROOT, "bench: dispatch 0 ms, 10,000 recipients, beside ingest's status view, "
                            + "run %d/%d: Herald %.0f msg/s%n", run, runs, rate);
                }
                stack.stopIngest();
            }
            section.append("""
                    Messages per second from a backlog of %,d requests on `notify.requests` (written beforehand by a
                    producer with ingest's settings, keyed by recipient) to the SMSC simulator over SMPP, for three
                    dispatchers, each a process of its own with %d messages in flight, all sending through Herald's own
                    SMPP client (`SmppGateway`, one session, window %d, no delivery receipts), on as many threads.

                    - **Herald**: the dispatcher, `sender.threads=%d`, everything else as shipped: it also writes a
                      SENT status to `notify.status` per message (which carries its sent-ledger entry), and
                      commits only what is done.
                    - **Parallel Consumer**: Confluent Parallel Consumer %s, `ProcessingOrder.KEY` (one message per
                      recipient at a time, as Herald), `maxConcurrency=%d`, periodic asynchronous commits; with
                      kafka-clients %s, the version it is built for (`bench-dispatch/`).
                    - **naive loop**: poll, send each record and wait for its `submit_sm_resp`, `commitSync`.

                    The simulator answers each `submit_sm` after the latency given. Each run starts every dispatcher
                    on a fresh consumer group at its own slice of the backlog, one per latency and run (so Herald's
                    sent ledger never sees a message twice) and counts the messages the simulator received over %d s,
                    from %d s after the first one (each run is a fresh JVM; on 2 cores its JIT compilers compete with
                    the broker and the simulator during its first seconds, which a long-running dispatcher does not
                    pay). The limit is what %d in flight allow at that latency: concurrency /
                    latency, where the concurrency is at most the number of recipients (one message per recipient at a
                    time) and 1 for the naive loop.

                    | Latency | Recipients | Herald msg/s | Parallel Consumer msg/s | naive loop msg/s | Herald / PC | Herald / naive | Limit (Herald, PC) | Limit (naive) |
                    |---|---|---|---|---|---|---|---|---|
                    """.formatted(DispatchBenchmark.RECORDS, DispatchBenchmark.CONCURRENCY,
                    DispatchBenchmark.CONCURRENCY, DispatchBenchmark.THREADS, BenchReport.version("parallel-consumer"),
                    DispatchBenchmark.THREADS, BenchReport.version("parallel-consumer.kafka"),
                    DispatchBenchmark.WINDOW.toSeconds(),
                    DispatchBenchmark.WARM_UP.toSeconds(), DispatchBenchmark.CONCURRENCY));
            List<String> losses = new ArrayList<>();
            boolean lostAtZeroMs = false;
            if (!dispatcherProperties.isEmpty()) {
                section.append("Dispatcher properties set for this run (`--dispatcher-property`): ")
                        .append(dispatcherProperties.entrySet().stream().map(e -> "`" + e.getKey() + "="
                                + e.getValue() + "`").collect(Collectors.joining(", "))).append(".\n\n");
            }
            Map<String, Map<Dispatcher, List<Double>>> measured = measureAll(bench, dataSets, latencies, slices);
            for (int l = 0; l < latencies.size(); l++) {
                long latency = latencies.get(l);
                for (Backlog data : dataSets) {
                    Map<Dispatcher, List<Double>> rates = measured.get(latency + "/" + data.recipients());
                    Figures herald = new Figures(rates.get(Dispatcher.HERALD));
                    Figures pc = new Figures(rates.get(Dispatcher.PARALLEL_CONSUMER));
                    Figures naive = new Figures(rates.get(Dispatcher.NAIVE));
                    if (latency == 0 && data == dataSets.get(0)) {
                        heraldAloneAt0Ms = herald;
                    }
                    String name = "dispatch-" + latency + "ms-" + data.recipients() + "-recipients";
                    lines.add(BenchReport.line(name + "-vs-parallel-consumer", herald, pc, "msg/s"));
                    lines.add(BenchReport.line(name + "-vs-naive-loop", herald, naive, "msg/s"));
                    for (Map.Entry<String, Figures> baseline : List.of(Map.entry("Parallel Consumer", pc),
                            Map.entry("the naive loop", naive))) {
                        double ratio = herald.median() / baseline.getValue().median();
                        if (ratio < 1) {
                            lostAtZeroMs |= latency == 0;
                            losses.add(String.format(Locale.ROOT, "- %d ms, %,d recipients: %s, ratio %.2f", latency,
                                    data.recipients(), baseline.getKey(), ratio));
                        }
                    }
                    int concurrency = Math.min(DispatchBenchmark.CONCURRENCY, data.recipients());
                    if (latency > 0) {
                        double limit = concurrency * 1000.0 / latency;
                        lines.add(BenchReport.line(name + "-vs-limit", herald, new Figures(List.of(limit)), "msg/s"));
                    }
                    section.append(String.format(Locale.ROOT,
                            "| %d ms | %,d | %s | %s | %s | %.2f | %.2f | %s | %s |%n",
                            latency, data.recipients(), herald.cell(), pc.cell(), naive.cell(),
                            herald.median() / pc.median(), herald.median() / naive.median(),
                            latency == 0 ? "none" : Figures.format(concurrency * 1000.0 / latency),
                            latency == 0 ? "none" : Figures.format(1000.0 / latency)));
                }
            }
            if (!besideStatusView.isEmpty() && heraldAloneAt0Ms != null) {
                Figures beside = new Figures(besideStatusView);
                lines.add(BenchReport.line("dispatch-0ms-10000-recipients-status-view-on-vs-off", beside,
                        heraldAloneAt0Ms, "msg/s"));
                section.append(String.format(Locale.ROOT, """

                        **Beside ingest's status view.** The runs above are without ingest-service (stopped before
                        them), so that the three dispatchers share the cores only with the broker and the simulator.
                        Herald's SENT statuses are read by ingest's status view (Kafka Streams, exactly-once), which
                        on this machine runs on the same 2 cores: with it running (and caught up before the first
                        run), Herald at 0 ms, 10,000 recipients moved %s msg/s, against %s without: %.2f.
                        """, beside.cell(), heraldAloneAt0Ms.cell(), beside.median() / heraldAloneAt0Ms.median()));
            }
            scaleOut(bench, err, lines, section);
            double recordsPerMessage = bench.heraldRecordsPerMessage();
            lines.add(String.format(Locale.ROOT, "bench: name=dispatch-kafka-records-per-message herald=%.2f "
                    + "baseline=1 unit=records ratio=%.2f", recordsPerMessage, recordsPerMessage));
            section.append("\n**Where Herald loses.** ");
            section.append(losses.isEmpty() ? "Nowhere in this run.\n" : "In this run Herald was slower than:\n\n"
                    + String.join("\n", losses) + "\n");
            section.append("""

                    **What Herald does that the baselines do not.** Per message it writes %.2f Kafka records
                    (measured: what `%s` grew by during Herald's runs, where they exist, over the messages those
                    runs sent): a status event that also carries the message's sent-ledger entry (a header),
                    `acks=all`, and it commits a message's offset only once it is acknowledged. With
                    `ordering=accepted` (shipped) a recipient's next message goes once the
                    gateway accepted the previous one and its records were handed to the producer; with
                    `ordering=strict` it also waits for their acknowledgement (a `linger.ms` and a broker round trip
                    per message of a recipient). The baselines write nothing but their offsets.%s Where few
                    recipients share the backlog, each partition gets its share of `max.in.flight` (records beyond it
                    wait in the partition's buffer, not fetched again), so that every recipient has a message in
                    flight.
                    """.formatted(recordsPerMessage, String.join("` and `", DispatchBenchmark.OUTCOME_TOPICS),
                    lostAtZeroMs ? String.format(Locale.ROOT, " Herald was slower at 0 ms of gateway latency,"
                            + " where the gateway costs nothing: there this work is the difference, and on %d cores"
                            + " its producer competes with the broker and the simulator for CPU.",
                            Runtime.getRuntime().availableProcessors()) : ""));
        }
    }

    /**
     * Runs {@code herald demo} as shipped (10,000 SMS, two dispatchers, receipts on, its own stack in
     * {@code <bench work folder>/demo}, after the bench's stack stopped) and compares its {@code rate=} with one
     * dispatcher's rate at 0 ms in the dispatch section.
     */
    private void demoRate(HeraldHome home, PrintStream err, List<String> lines, StringBuilder section)
            throws Exception {
        Path work = workDir.resolve("demo");
        err.println("bench: demo: running ./herald demo --fresh --work-dir " + work);
        ChildProcess demo = ChildProcess.start(ChildProcess.Spec.builder("bench-demo",
                JavaCommand.jar(home.existing("cli/target/herald.jar")).jvmOption("-Dherald.home=" + home.root())
                        .args("demo", "--fresh", "--work-dir", work.toString(), "--progress", "lines").build())
                .workDir(workDir.resolve("runs")).build());
        Integer exit;
        try {
            exit = demo.exitCode().get(DEMO_TIMEOUT.toMinutes(), TimeUnit.MINUTES);
        } catch (TimeoutException e) {
            demo.stop();
            exit = null;
        }
        Matcher summary = Files.readAllLines(demo.logFile(), StandardCharsets.UTF_8).stream()
                .map(demoRates::matcher).filter(Matcher::find).reduce((a, b) -> b).orElse(null);
        if (exit == null || exit != 0 || summary == null) {
            err.println("bench: demo: no rate (exit " + exit + "); see " + demo.logFile());
            section.append("\n**The demo.** `./herald demo` gave no rate in this run (exit ").append(exit)
                    .append("); its output is in `").append(home.root().relativize(demo.logFile())).append("`.\n");
            return;
        }
        double rate = Double.parseDouble(summary.group(1));
        double smscRate = Double.parseDouble(summary.group(2));
        err.printf(Locale.ROOT, "bench: demo: rate=%.1f msg/s smsc-rate=%.1f msg/s%n", rate, smscRate);
        lines.add(BenchReport.line("demo-rate", new Figures(List.of(rate)), heraldAloneAt0Ms, "msg/s"));
        section.append(String.format(Locale.ROOT, """

                **The demo.** `./herald demo` as shipped (10,000 SMS through ingest, two dispatchers with the
                demo's default sender threads, delivery receipts on, the whole stack on the same cores), once,
                after the stack above stopped: `rate=%.1f msg/s` (its own figure for the batch, from ingest's
                status view), `smsc-rate=%.1f msg/s` (the simulator's own count). Against one dispatcher alone at
                0 ms above (%s msg/s): %.2f.
                """, rate, smscRate, heraldAloneAt0Ms.cell(), rate / heraldAloneAt0Ms.median()));
    }

    /** Herald with 1 and with 4 dispatcher processes in one group, at {@value #SCALE_OUT_LATENCY_MS} ms. */
    private void scaleOut(DispatchBenchmark bench, PrintStream err, List<String> lines, StringBuilder section)
            throws Exception {
        err.printf(Locale.ROOT, "bench: dispatch: scale-out, writing %,d requests to %,d recipients%n",
                DispatchBenchmark.RECORDS, 10_000);
        Backlog data = bench.preload(10_000, 20261206L);
        List<Double> one = new ArrayList<>();
        List<Double> four = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            one.add(bench.runGroup(data, 1, run, 2 * runs, SCALE_OUT_LATENCY_MS));
            four.add(bench.runGroup(data, SCALE_OUT_PROCESSES, runs + run, 2 * runs, SCALE_OUT_LATENCY_MS));
            err.printf(Locale.ROOT, "bench: dispatch scale-out %d ms, run %d/%d: 1 dispatcher %.0f msg/s, %d "
                            + "dispatchers %.0f msg/s%n", SCALE_OUT_LATENCY_MS, run, runs, one.get(run - 1),
                    SCALE_OUT_PROCESSES, four.get(run - 1));
        }
        Figures single = new Figures(one);
        Figures group = new Figures(four);
        double linear = SCALE_OUT_PROCESSES * single.median();
        lines.add(BenchReport.line("scale-out-" + SCALE_OUT_PROCESSES + "-dispatchers", group,
                new Figures(List.of(linear)), "msg/s"));
        section.append("""

                **Scale-out.** Herald alone, %d ms SMSC latency, %,d recipients, as above but with 1 and with %d
                dispatcher processes in one consumer group (each with %d in flight), measured over %d s from %d s
                after every process owns partitions. Linear would be %d × the rate of one.

                | Dispatchers | msg/s | Linear | Of linear |
                |---|---|---|---|
                | 1 | %s | | |
                | %d | %s | %s | %.2f |
                """.formatted(SCALE_OUT_LATENCY_MS, 10_000, SCALE_OUT_PROCESSES, DispatchBenchmark.CONCURRENCY,
                DispatchBenchmark.WINDOW.toSeconds(), DispatchBenchmark.WARM_UP.toSeconds(), SCALE_OUT_PROCESSES,
                single.cell(), SCALE_OUT_PROCESSES, group.cell(), Figures.format(linear), group.median() / linear));
    }

    private void micro(HeraldHome home, PrintStream err, StringBuilder section) throws IOException,
            InterruptedException {
        Path jar = home.root().resolve("bench/target/bench.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build with ./mvnw -B install -DskipTests");
        }
        Path work = Files.createDirectories(workDir.resolve("runs"));
        err.println("bench: JMH micro-benchmarks (about 2 minutes) …");
        List<MicroBenchmarks.Result> results = MicroBenchmarks.run(jar, runs, work);
        section.append("""
                JMH %s, `java -jar bench/target/bench.jar -wi 2 -i %d -f 1 -w 1 -r 1`: 2 warm-up and %d measured
                iterations of 1 s, one fork. Each figure is the median of the measured iterations (min–max).

                | Benchmark | Parameters | Average time |
                |---|---|---|
                """.formatted(BenchReport.version("jmh"), runs, runs));
        for (MicroBenchmarks.Result result : results) {
            section.append("| `").append(result.name()).append("` | ").append(result.params()).append(" | ")
                    .append(result.figures().cell()).append(' ').append(result.unit()).append(" |\n");
        }
    }
}
