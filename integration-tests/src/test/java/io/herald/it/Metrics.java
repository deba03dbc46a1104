package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a Prometheus text-format scrape (format 0.0.4) into series → value. */
final class Metrics {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Metrics() {
    }

    /**
     * @param url a {@code /metrics} URL
     * @return each sample line's series (name and labels, as written) and value
     */
    static Map<String, Double> scrape(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", url).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).as("GET %s", url).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        return parse(response.body());
    }

    static Map<String, Double> parse(String text) {
        Map<String, Double> series = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return series;
    }

    /**
     * @param series a scrape
     * @param prefix the start of a series, e.g. {@code name{}
     * @param parts texts the series must contain too, e.g. {@code topic="notify.requests"}
     * @return the series that match
     */
    static Map<String, Double> matching(Map<String, Double> series, String prefix, String... parts) {
        Map<String, Double> found = new LinkedHashMap<>();
        series.forEach((name, value) -> {
            if (name.startsWith(prefix) && Arrays.stream(parts).allMatch(name::contains)) {
                found.put(name, value);
            }
        });
        return found;
    }

    /** @return the sum of the series that start with {@code prefix} */
    static double sum(Map<String, Double> series, String prefix) {
        return matching(series, prefix).values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
