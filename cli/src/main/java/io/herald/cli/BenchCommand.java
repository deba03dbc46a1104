package io.herald.cli;

import io.herald.harness.bench.BenchReport;
import io.herald.harness.bench.BenchRun;
import io.herald.harness.bench.BenchRun.Section;
import io.herald.local.HeraldHome;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code herald bench}: runs the benchmarks of the harness ({@link BenchRun}) on a local stack of its own and writes
 * docs/benchmarks.md, printing one {@code bench:} line per comparison.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Runs Herald's benchmarks on a local stack and writes docs/benchmarks.md: ingest against Kafka's"
                + " own ProducerPerformance, dispatch against Confluent Parallel Consumer and a naive loop, end-to-end"
                + " latency, dispatcher memory under a backlog, and the JMH micro-benchmarks of bench/. Takes about"
                + " 20 minutes. Prints one line per comparison:",
            "bench: name=NAME herald=X baseline=Y unit=U ratio=R"})
final class BenchCommand implements Callable<Integer> {

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

    @Option(names = "--dispatcher-property", paramLabel = "KEY=VALUE",
            description = {"A dispatcher property for the dispatch section's runs (repeatable), e.g."
                    + " ordering=strict or producer.linger.ms=20. Herald's dispatchers take it; the baselines"
                    + " read sender.threads, kafka.* and consumer.* of the same file. The report lists what was set."})
    Map<String, String> dispatcherProperties = new LinkedHashMap<>();

    @Option(names = "--dispatch-latency", paramLabel = "MS", split = ",", defaultValue = "0,20",
            description = "SMSC latencies of the dispatch section, in ms (default: ${DEFAULT-VALUE}).")
    List<Long> dispatchLatencies;

    @Mixin
    IngestPortOptions ingestPorts = new IngestPortOptions();

    @Override
    public Integer call() throws Exception {
        PrintStream stdout = System.out;
        PrintStream err = System.err;
        // A stack of its own (<home>/.herald/bench): the 600,000-request backlogs it writes would otherwise be read,
        // and sent, by the next demo's dispatchers, whose group resumes where the last demo left off.
        stackOptions.defaultSubfolder("bench");
        if (runs < 3) {
            err.println("herald: --runs must be at least 3");
            return ExitCodes.USAGE;
        }
        Set<Section> sections = only == null || only.isEmpty() ? EnumSet.allOf(Section.class) : EnumSet.copyOf(only);
        HeraldHome home = HeraldHome.locate();
        Path report = out != null ? out : home.root().resolve("docs/benchmarks.md");
        BenchRun bench = new BenchRun(home, stackOptions.workDir(home), runs, dispatcherProperties, dispatchLatencies,
                DemoSummary.RATES, err);
        BenchRun.Report measured = bench.run(sections, ingest -> DemoStack.start(home, stackOptions,
                new DemoStack.Services(ingest, ingestPorts.ingestPort, ingestPorts.ingestAdminPort, 0, 0, null, 0),
                err));
        measured.lines().forEach(stdout::println);
        String kept = BenchReport.keptNotes(report);
        Files.writeString(report, measured.document() + kept, StandardCharsets.UTF_8);
        err.println("herald: wrote " + report);
        return ExitCodes.OK;
    }
}
