package io.herald.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pauses of a unified JVM GC log ({@code -Xlog:gc:file=…}, default decorators {@code uptime,level,tags}), e.g.
 * {@code [12.345s][info][gc] GC(12) Pause Young (Normal) (G1 Evacuation Pause) 40M->10M(64M) 2.345ms}: when, what,
 * and the heap occupancy before and after, in bytes. Works for G1, Serial and Parallel, which all print
 * {@code BEFORE->AFTER(CAPACITY)}.
 */
final class GcLog {

    private static final Pattern PAUSE = Pattern.compile(
            "^\\[(\\d+[.,]\\d+)s].*GC\\(\\d+\\) (Pause .*?) (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    /**
     * One pause.
     *
     * @param uptimeSeconds when, in seconds since the JVM started
     * @param kind e.g. {@code Pause Young (Normal) (G1 Evacuation Pause)}, {@code Pause Full (…)}
     * @param beforeBytes heap occupancy before the pause
     * @param afterBytes heap occupancy after the pause
     * @param capacityBytes committed heap
     */
    record Pause(double uptimeSeconds, String kind, long beforeBytes, long afterBytes, long capacityBytes) {

        /** @return true for a pause that collects (young, mixed, full), not a G1 remark or cleanup */
        boolean collects() {
            return kind.startsWith("Pause Young") || kind.startsWith("Pause Full");
        }

        boolean full() {
            return kind.startsWith("Pause Full");
        }
    }

    private GcLog() {
    }

    /**
     * @param file the GC log
     * @return its pauses, in log order
     */
    static List<Pause> pauses(Path file) throws IOException {
        List<Pause> pauses = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Matcher m = PAUSE.matcher(line);
            if (m.find()) {
                pauses.add(new Pause(Double.parseDouble(m.group(1).replace(',', '.')), m.group(2).trim(),
                        bytes(m.group(3), m.group(4)), bytes(m.group(5), m.group(6)), bytes(m.group(7), m.group(8))));
            }
        }
        return pauses;
    }

    private static long bytes(String number, String unit) {
        long n = Long.parseLong(number);
        return switch (unit) {
            case "K" -> n << 10;
            case "M" -> n << 20;
            default -> n << 30;
        };
    }

    /** @return {@code bytes} in MiB, for messages */
    static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
