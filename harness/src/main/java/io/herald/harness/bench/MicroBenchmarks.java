package io.herald.harness.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.local.JavaCommand;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The JMH micro-benchmarks of {@code bench/target/bench.jar}, in a child JVM: 2 warm-up and {@code runs} measured
 * iterations of 1 s each, one fork, JSON results. Each benchmark's figures are its measured iterations.
 */
public final class MicroBenchmarks {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One benchmark.
     *
     * @param name e.g. {@code SmsEncodingBenchmark.encode}
     * @param params its JMH parameters, e.g. {@code kind=gsm}; empty if none
     * @param unit e.g. {@code ns/op}
     * @param figures one value per measured iteration
     */
    public record Result(String name, String params, String unit, Figures figures) {
    }

    private MicroBenchmarks() {
    }

    /**
     * @param benchJar {@code bench/target/bench.jar}
     * @param runs measured iterations, at least 3
     * @param work a folder for the JSON results
     * @return every benchmark's figures
     * @throws IllegalStateException if JMH failed
     */
    public static List<Result> run(Path benchJar, int runs, Path work) throws IOException, InterruptedException {
        Path results = work.resolve("jmh.json");
        List<String> command = JavaCommand.jar(benchJar).args("-wi", "2", "-i", Integer.toString(runs), "-f", "1",
                "-w", "1", "-r", "1", "-rf", "json", "-rff", results.toString()).build();
        Process process = new ProcessBuilder(command).redirectOutput(work.resolve("jmh.log").toFile())
                .redirectError(Redirect.INHERIT).start();
        int exit = process.waitFor();
        if (exit != 0 || !Files.exists(results)) {
            throw new IllegalStateException("JMH exited " + exit + "; see " + work.resolve("jmh.log"));
        }
        List<Result> all = new ArrayList<>();
        for (JsonNode benchmark : JSON.readTree(results.toFile())) {
            String[] parts = benchmark.get("benchmark").asText().split("\\.");
            String name = parts[parts.length - 2] + "." + parts[parts.length - 1];
            List<String> params = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = benchmark.path("params").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> param = it.next();
                params.add(param.getKey() + "=" + param.getValue().asText());
            }
            List<Double> values = new ArrayList<>();
            for (JsonNode fork : benchmark.path("primaryMetric").path("rawData")) {
                fork.forEach(value -> values.add(value.asDouble()));
            }
            all.add(new Result(name, String.join(", ", params),
                    benchmark.path("primaryMetric").path("scoreUnit").asText(), new Figures(values)));
        }
        return all;
    }
}
