package io.herald.cli;

import io.herald.cli.bench.Figures;
import io.herald.cli.bench.IngestBenchmark;
import io.herald.cli.bench.MicroBenchmarks;
import io.herald.cli.bench.ProducerPerformanceBaseline;
import io.herald.local.HeraldHome;
import io.herald.schema.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code herald bench}: runs the benchmarks on the local stack and writes docs/benchmarks.md, printing one
 * {@code bench:} line per comparison. Built so far: the ingest comparison (against Kafka's ProducerPerformance) and
 * the JMH micro-benchmarks; the dispatcher comparisons, end-to-end latency and memory are not built yet, and the
 * document says so.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Runs Herald's benchmarks on a local stack and writes docs/benchmarks.md: ingest against Kafka's"
                + " own ProducerPerformance, and the JMH micro-benchmarks of bench/. Prints one line per comparison:",
            "bench: name=NAME herald=X baseline=Y unit=U ratio=R"})
final class BenchCommand implements Callable<Integer> {

    /** The sections this command can run. */
    enum Section { INGEST, MICRO }

    private static final int CLIENTS = 4;
    private static final String BASELINE_TOPIC = "herald.bench.baseline";

    @Mixin
    StackOptions stackOptions = new StackOptions();

    @Option(names = "--runs", paramLabel = "N", defaultValue = "3",
            description = "Runs per figure, at least 3; each figure is their median (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--only", paramLabel = "SECTION", split = ",",
            description = "Run only these sections: ${COMPLETION-CANDIDATES} (default: all).")
    Set<Section> only;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Where to write the report (default: <herald home>/docs/benchmarks.md).")
    Path out;

    @Mixin
    IngestPortOptions ingestPorts = new IngestPortOptions();

    @Override
    public Integer call() throws Exception {
        PrintStream stdout = System.out;
        PrintStream err = System.err;
        if (runs < 3) {
            err.println("herald: --runs must be at least 3");
            return ExitCodes.USAGE;
        }
        Set<Section> sections = only == null || only.isEmpty() ? EnumSet.allOf(Section.class) : EnumSet.copyOf(only);
        HeraldHome home = HeraldHome.locate();
        Path report = out != null ? out : home.root().resolve("docs/benchmarks.md");
        List<String> lines = new ArrayList<>();
        StringBuilder ingestSection = new StringBuilder();
        StringBuilder microSection = new StringBuilder();
        long started = System.nanoTime();
        if (sections.contains(Section.INGEST)) {
            ingest(home, err, lines, ingestSection);
        }
        if (sections.contains(Section.MICRO)) {
            micro(home, err, microSection);
        }
        lines.forEach(stdout::println);
        Files.writeString(report, document(lines, ingestSection, microSection, sections,
                (System.nanoTime() - started) / 1e9), StandardCharsets.UTF_8);
        err.println("herald: wrote " + report);
        return ExitCodes.OK;
    }

    private void ingest(HeraldHome home, PrintStream err, List<String> lines, StringBuilder section)
            throws Exception {
        DemoStack.Services services = new DemoStack.Services(true, ingestPorts.ingestPort, ingestPorts.ingestAdminPort, 0, 0, null, 0);
        try (DemoStack stack = DemoStack.start(home, stackOptions, services, err)) {
            IngestBenchmark herald = new IngestBenchmark(stack.ingest().url(), stack.ingest().apiKey(), 20261128L);
            err.println("bench: ingest: warm-up, 10 batches of 1,000");
            herald.run(1000, 10, CLIENTS);
            int recordSize = ProducerPerformanceBaseline.meanValueSize(stack.stack().bootstrapServers(),
                    Topics.REQUESTS).orElse(200);
            ProducerPerformanceBaseline baseline = new ProducerPerformanceBaseline(stack.stack().bootstrapServers(),
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
                    """.formatted(CLIENTS, org.apache.kafka.common.utils.AppInfoParser.getVersion(), recordSize,
                    Topics.DEFAULT_REQUESTS_PARTITIONS));
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
                lines.add(String.format(Locale.ROOT, "bench: name=ingest-batch-%d herald=%.0f baseline=%.0f"
                        + " unit=records/s ratio=%.2f", batchSize, heraldRate.median(), baselineRate.median(), ratio));
                section.append(String.format(Locale.ROOT, "| %,d | %,d | %s | %s | %s | %s | %s | %s | %.2f |%n",
                        batchSize, (long) batchSize * batches, heraldRate.cell(), new Figures(p50).cell(),
                        new Figures(p99).cell(), baselineRate.cell(), new Figures(baseP50).cell(),
                        new Figures(baseP99).cell(), ratio));
            }
        }
        section.append("""

                **Why Herald is slower.** ProducerPerformance only hands ready-made byte arrays to the producer.
                For each recipient, ingest also parses its part of the JSON body, parses the number to E.164
                (libphonenumber, about 5 µs), renders the text, counts its SMS segments, builds and serializes a
                `NotificationRequest` (Avro), and waits for every record of the batch to be acknowledged before it
                answers; then it writes the batch's intake record and waits again. The micro-benchmarks below put
                numbers on those steps. With 4 clients, at most 4 batches are in flight, so the producer's batches
                are smaller than ProducerPerformance's, which never waits.
                """);
    }

    private void micro(HeraldHome home, PrintStream err, StringBuilder section) throws IOException,
            InterruptedException {
        Path jar = home.root().resolve("bench/target/bench.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build with ./mvnw -B install -DskipTests");
        }
        Path work = Files.createDirectories(stackOptions.workDir(home).resolve("bench"));
        err.println("bench: JMH micro-benchmarks (about 2 minutes) …");
        List<MicroBenchmarks.Result> results = MicroBenchmarks.run(jar, runs, work);
        section.append("""
                JMH 1.37, `java -jar bench/target/bench.jar -wi 2 -i %d -f 1 -w 1 -r 1`: 2 warm-up and %d measured
                iterations of 1 s, one fork. Each figure is the median of the measured iterations (min–max).

                | Benchmark | Parameters | Average time |
                |---|---|---|
                """.formatted(runs, runs));
        for (MicroBenchmarks.Result result : results) {
            section.append("| `").append(result.name()).append("` | ").append(result.params()).append(" | ")
                    .append(result.figures().cell()).append(' ').append(result.unit()).append(" |\n");
        }
    }

    private String document(List<String> lines, StringBuilder ingest, StringBuilder micro, Set<Section> sections,
                            double seconds) {
        Runtime runtime = Runtime.getRuntime();
        StringBuilder doc = new StringBuilder();
        doc.append("# Herald benchmarks\n\n");
        doc.append(String.format(Locale.ROOT, """
                Written by `./herald bench` on %s, in %.0f s. Machine: %d cores, Java %s (%s), %s %s. Each figure is
                the median of %d runs, with the min–max in parentheses. Absolute numbers on a shared machine are
                noisy; the ratios of one run are what to compare.

                Reproduce: `./herald bench` (all sections), or `./herald bench --only ingest` / `--only micro`.

                ## Comparisons

                ```
                %s
                ```
                """, LocalDate.now(ZoneOffset.UTC), seconds, runtime.availableProcessors(),
                System.getProperty("java.version"), System.getProperty("java.vendor"), System.getProperty("os.name"),
                System.getProperty("os.arch"), runs, String.join("\n", lines)));
        doc.append("\n## 1. Ingest: `POST /v1/batches` against Kafka's ProducerPerformance\n\n");
        doc.append(sections.contains(Section.INGEST) ? ingest : "Not run this time (`--only`).\n");
        doc.append("""

                ## 2. Dispatch throughput: Herald's dispatcher, Confluent Parallel Consumer, a naive loop

                Not built yet.

                ## 3. End-to-end latency

                Not built yet.

                ## 4. Memory

                Not built yet.

                ## 5. Micro-benchmarks (JMH)

                """);
        doc.append(sections.contains(Section.MICRO) ? micro : "Not run this time (`--only`).\n");
        return doc.toString();
    }
}
