package io.herald.cli.dlq;

import io.herald.schema.PiiMask;
import io.herald.schema.Topics;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code herald dlq list}: the DLQ's records, newest last, one line each (recipient masked, never the text), then one
 * summary line {@code dlq list: records=R selected=S shown=N CODE=n …}.
 */
@Command(name = "list", mixinStandardHelpOptions = true, usageHelpWidth = 100,
        description = {"Lists the records of notify.requests.dlq: when each was dead-lettered, its age,",
            "error code, delivery attempts, recipient (masked), message id, batch id and where",
            "it is (partition/offset); then a summary line with counts per error code:", "",
            "dlq list: records=R selected=S shown=N ESME_RSYSERR=n …", ""})
public final class DlqListCommand implements Callable<Integer> {

    private static final String ROW = "%-20s %8s  %-30s %8s  %-14s %-36s %-36s %s%n";

    @Mixin
    DlqOptions options = new DlqOptions();

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
            description = "Show the newest N selected records (default: ${DEFAULT-VALUE}); the counts cover all.")
    int limit;

    @Spec
    CommandSpec spec;

    private final Clock clock;

    /** Ages against the system clock. */
    public DlqListCommand() {
        this(Clock.systemUTC());
    }

    DlqListCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws Exception {
        DlqSelection selection = options.selection();
        List<DeadLetter> selected = new ArrayList<>();
        long records;
        try (DeadLetterTopic topic = new DeadLetterTopic(options.clientProperties(), options.registryUrl)) {
            records = topic.readAll(Topics.REQUESTS_DLQ, letter -> {
                if (selection.matches(letter)) {
                    selected.add(letter);
                }
            });
        }
        selected.sort(Comparator.comparing(DeadLetter::deadLetteredAt));
        List<DeadLetter> shown = selected.subList(Math.max(0, selected.size() - Math.max(0, limit)), selected.size());
        PrintWriter out = spec.commandLine().getOut();
        Instant now = clock.instant();
        if (!shown.isEmpty()) {
            out.printf(Locale.ROOT, ROW, "DEAD-LETTERED", "AGE", "ERROR-CODE", "ATTEMPTS", "RECIPIENT",
                    "MESSAGE-ID", "BATCH-ID", "PARTITION/OFFSET");
        }
        for (DeadLetter letter : shown) {
            out.printf(Locale.ROOT, ROW, letter.deadLetteredAt().truncatedTo(ChronoUnit.SECONDS),
                    age(Duration.between(letter.deadLetteredAt(), now)), letter.errorKey(), letter.attempts(),
                    PiiMask.recipient(letter.recipient()),
                    letter.request() == null ? "?" : letter.request().getMessageId(),
                    letter.request() == null ? "?" : letter.request().getBatchId(),
                    letter.record().partition() + "/" + letter.record().offset());
        }
        Map<String, Integer> byCode = new TreeMap<>();
        selected.forEach(letter -> byCode.merge(letter.errorKey(), 1, Integer::sum));
        StringBuilder summary = new StringBuilder(String.format(Locale.ROOT,
                "dlq list: records=%d selected=%d shown=%d", records, selected.size(), shown.size()));
        byCode.forEach((code, count) -> summary.append(' ').append(code).append('=').append(count));
        out.println(summary);
        out.flush();
        return 0;
    }

    /**
     * @param age a duration
     * @return it in its two largest units, e.g. {@code 45s}, {@code 4m12s}, {@code 2h03m}, {@code 3d04h}
     */
    static String age(Duration age) {
        long seconds = Math.max(0, age.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 86_400) {
            return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", seconds / 86_400, seconds % 86_400 / 3600);
    }
}
