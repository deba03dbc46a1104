package io.herald.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a Grafana dashboard (JSON) for the series its Prometheus queries name. */
final class Dashboard {

    /** Metric names of Herald, Kafka's clients and the JVM, as a query writes them (functions and labels are not). */
    private static final Pattern METRIC = Pattern.compile(
            "\\b((?:herald|kafka|jvm|process|system)_[a-zA-Z0-9_]+)\\b(?![\\s]*=)");

    private Dashboard() {
    }

    /**
     * @param file a dashboard JSON file
     * @return the metric names in every target's {@code expr}, e.g. {@code herald_dispatcher_messages_total}
     */
    static Set<String> metricNames(Path file) throws IOException {
        JsonNode dashboard = IngestHttp.JSON.readTree(file.toFile());
        Set<String> names = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher matcher = METRIC.matcher(target.path("expr").asText());
                while (matcher.find()) {
                    names.add(matcher.group(1));
                }
            }
        }
        return names;
    }
}
