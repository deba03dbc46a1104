package io.herald.harness.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The runs of one figure: median, min and max.
 *
 * @param values one value per run, at least one
 */
public record Figures(List<Double> values) {

    public Figures {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no runs");
        }
        values = List.copyOf(values);
    }

    /** @return the median (the mean of the middle two for an even count) */
    public double median() {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    public double min() {
        return Collections.min(values);
    }

    public double max() {
        return Collections.max(values);
    }

    /** @return {@code median (min–max)}, rounded to whole units below 1000, else grouped */
    public String cell() {
        return format(median()) + " (" + format(min()) + "–" + format(max()) + ")";
    }

    /**
     * @param sorted values in ascending order, at least one
     * @param p the fraction, e.g. 0.99
     * @return the nearest-rank percentile
     */
    public static double percentile(List<Long> sorted, double p) {
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    public static String format(double value) {
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
