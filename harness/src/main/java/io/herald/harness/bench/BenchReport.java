package io.herald.harness.bench;

import io.herald.harness.bench.BenchRun.Section;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

/**
 * The text of docs/benchmarks.md around the sections: its header (the versions as built, the machine as measured), the
 * {@code bench:} comparison lines, the section titles, and the hand-written part a rewrite keeps.
 */
public final class BenchReport {

    /** Everything from this line on in the report is written by hand and kept when the report is rewritten. */
    public static final String KEPT_NOTES_MARKER = "<!-- Written by hand from here on; ./herald bench keeps it. -->";
    /** Versions of what the report names, as the build had them. */
    private static final Properties VERSIONS = versions();

    private BenchReport() {
    }

    private static Properties versions() {
        Properties versions = new Properties();
        try (InputStream in = BenchReport.class.getResourceAsStream("bench-versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("bench-versions.properties is missing from the harness jar");
            }
            versions.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return versions;
    }

    /**
     * @param name e.g. {@code kafka}, {@code herald}, {@code java} (the release built for), {@code jmh},
     *     {@code parallel-consumer}, {@code parallel-consumer.kafka}
     * @return its version as the build had it
     */
    static String version(String name) {
        return Objects.requireNonNull(VERSIONS.getProperty(name + ".version"), name);
    }

    /**
     * @param name what was compared
     * @param herald Herald's figures
     * @param baseline the baseline's figures
     * @param unit the unit of both
     * @return {@code bench: name=NAME herald=X baseline=Y unit=U ratio=R}, from the medians
     */
    static String line(String name, Figures herald, Figures baseline, String unit) {
        return String.format(Locale.ROOT, "bench: name=%s herald=%.0f baseline=%.0f unit=%s ratio=%.2f", name,
                herald.median(), baseline.median(), unit, herald.median() / baseline.median());
    }

    /**
     * @param report the report about to be rewritten
     * @return its hand-written part, from {@link #KEPT_NOTES_MARKER} to the end (profiles: what a profiler showed
     *     and when, which no run of this command measures), preceded by a blank line; empty if it has none
     */
    public static String keptNotes(Path report) throws IOException {
        if (!Files.isRegularFile(report)) {
            return "";
        }
        String old = Files.readString(report, StandardCharsets.UTF_8);
        int at = old.indexOf(KEPT_NOTES_MARKER);
        return at < 0 ? "" : "\n" + old.substring(at);
    }

    /**
     * @param lines the {@code bench:} lines
     * @param bodies each section's text
     * @param sections the sections that ran
     * @param seconds how long the run took
     * @param runs runs per figure
     * @return the report, up to its hand-written part
     */
    static String document(List<String> lines, Map<Section, StringBuilder> bodies, Set<Section> sections,
                           double seconds, int runs) {
        Runtime runtime = Runtime.getRuntime();
        StringBuilder doc = new StringBuilder();
        doc.append("# Herald benchmarks\n\n");
        doc.append(String.format(Locale.ROOT, """
                Written by `./herald bench` (Herald %s, Kafka %s, built for Java %s) on %s, in %.0f s. Machine: %d
                cores, Java %s (%s), %s %s. Each figure is the median of %d runs, with the min–max in parentheses.
                Absolute numbers on a shared machine are noisy; the ratios of one run are what to compare.

                Reproduce: `./herald bench` (all sections), or some of them:
                `./herald bench --only ingest,dispatch,latency,memory,micro,lanes`.

                ## Comparisons

                ```
                %s
                ```
                """, version("herald"), version("kafka"), version("java"), LocalDate.now(ZoneOffset.UTC),
                seconds, runtime.availableProcessors(),
                System.getProperty("java.version"), System.getProperty("java.vendor"), System.getProperty("os.name"),
                System.getProperty("os.arch"), runs, String.join("\n", lines)));
        Map<Section, String> titles = new EnumMap<>(Section.class);
        titles.put(Section.INGEST, "1. Ingest: `POST /v1/batches` against Kafka's ProducerPerformance");
        titles.put(Section.DISPATCH, "2. Dispatch throughput: Herald's dispatcher, Confluent Parallel Consumer, a"
                + " naive loop");
        titles.put(Section.LATENCY, "3. End-to-end latency");
        titles.put(Section.MEMORY, "4. Memory");
        titles.put(Section.MICRO, "5. Micro-benchmarks (JMH)");
        titles.put(Section.LANES, "6. Priority lanes: one-time codes behind a bulk backlog");
        for (Section section : Section.values()) {
            doc.append("\n## ").append(titles.get(section)).append("\n\n");
            doc.append(sections.contains(section) ? bodies.get(section) : "Not run this time (`--only`).\n");
        }
        return doc.toString();
    }
}
