package io.herald.harness.chaos;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The outcome of one scenario.
 *
 * @param scenario the scenario's name, e.g. {@code dispatcher-kill}
 * @param accepted message ids ingest accepted (read back from {@code notify.requests})
 * @param received accepted ids the simulator received at least once
 * @param lost accepted ids the simulator never received: {@code accepted - received}
 * @param duplicates receptions of accepted ids beyond the first
 * @param dlq records written to {@code notify.requests.dlq} during the scenario
 * @param elapsedNanos from the first POST to the last reception counted (or to giving up), in ns
 * @param details scenario-specific figures, e.g. {@code kills=5 maxInFlight=1000}, in insertion order
 */
public record ChaosResult(String scenario, long accepted, long received, long lost, long duplicates, long dlq,
                          long elapsedNanos, Map<String, String> details) {

    /** The detail dispatcher-kill reports its longest resume time in, e.g. {@code 6.2s}; also on {@link #line()}. */
    public static final String RESUME = "resume";

    /** Copies {@code details}. */
    public ChaosResult {
        details = new LinkedHashMap<>(details);
    }

    /**
     * @return {@code chaos: scenario=NAME accepted=N received=M lost=L duplicates=D dlq=Q elapsed=T.Ts}, followed by
     *     {@code resume=R.Rs} when the scenario measured it (dispatcher-kill)
     */
    public String line() {
        String resume = details.containsKey(RESUME) ? " " + RESUME + "=" + details.get(RESUME) : "";
        return String.format(Locale.ROOT, "chaos: scenario=%s accepted=%d received=%d lost=%d duplicates=%d dlq=%d"
                + " elapsed=%.1fs", scenario, accepted, received, lost, duplicates, dlq, elapsedNanos / 1e9) + resume;
    }

    /**
     * @param key a detail given in seconds, e.g. {@code resume=6.2s}
     * @return its value in seconds
     * @throws IllegalArgumentException if the scenario did not report it, or reported it as {@code n/a}
     */
    public double seconds(String key) {
        String value = details.get(key);
        if (value == null || !value.endsWith("s")) {
            throw new IllegalArgumentException(scenario + " reported no " + key + " in seconds; it reported "
                    + details);
        }
        return Double.parseDouble(value.substring(0, value.length() - 1));
    }

    /** @return {@code chaos: scenario=NAME key=value …}, the details on one line */
    public String detailsLine() {
        return "chaos: scenario=" + scenario + " " + details.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    /**
     * @param key a detail's name
     * @return its value as a long
     * @throws IllegalArgumentException if the scenario did not report it
     */
    public long detail(String key) {
        String value = details.get(key);
        if (value == null) {
            throw new IllegalArgumentException(scenario + " reported no " + key + "; it reported " + details);
        }
        return Long.parseLong(value);
    }
}
