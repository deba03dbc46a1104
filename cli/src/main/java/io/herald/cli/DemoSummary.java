package io.herald.cli;

import io.herald.local.SmscMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The outcome of a demo run, printed as its one summary line.
 *
 * @param accepted messages ingest accepted (sum over the batches' {@code accepted})
 * @param rejected recipients ingest rejected (invalid numbers)
 * @param sent distinct accepted messages with a SENT (or later DELIVERED/UNDELIVERED) status on {@code notify.status}
 * @param failed distinct accepted messages whose status is FAILED, REJECTED, EXPIRED or SUPPRESSED and never SENT
 * @param received distinct Herald message ids the SMSC simulator received ({@code distinctMessages})
 * @param delivered distinct accepted messages a delivery receipt reported DELIVERED on {@code notify.status}
 * @param elapsedNanos from the first POST to the last status counted, in ns
 * @param ucs2Expected accepted recipients whose rendered text is UCS-2 (outside the GSM 7-bit alphabet)
 * @param ucs2Intact of those, the texts the simulator received exactly, as UCS-2, without segment anomalies
 * @param smscRate messages per second at the simulator, by its own clock: distinct messages received over the time from
 *     its first to its last arrival; 0 if fewer than two arrived
 */
public record DemoSummary(long accepted, long rejected, long sent, long failed, long received, long delivered,
                          long elapsedNanos, long ucs2Expected, long ucs2Intact, double smscRate) {

    /** A summary without the simulator's own rate (0). */
    public DemoSummary(long accepted, long rejected, long sent, long failed, long received, long delivered,
                       long elapsedNanos, long ucs2Expected, long ucs2Intact) {
        this(accepted, rejected, sent, failed, received, delivered, elapsedNanos, ucs2Expected, ucs2Intact, 0);
    }

    /**
     * The simulator's own rate.
     *
     * @param messages what the simulator received
     * @return distinct messages over the seconds from the first arrival to the last, or 0 if fewer than two arrived
     */
    public static double smscRate(List<SmscMessage> messages) {
        Instant first = null;
        Instant last = null;
        Set<String> distinct = new HashSet<>();
        for (SmscMessage message : messages) {
            if (message.receivedAt() == null) {
                continue;
            }
            Instant at = Instant.parse(message.receivedAt());
            first = first == null || at.isBefore(first) ? at : first;
            last = last == null || at.isAfter(last) ? at : last;
            distinct.add(message.heraldMessageId());
        }
        if (first == null || distinct.size() < 2 || !last.isAfter(first)) {
            return 0;
        }
        return distinct.size() / (Duration.between(first, last).toNanos() / 1e9);
    }

    /** @return elapsed time in seconds */
    public double elapsedSeconds() {
        return elapsedNanos / 1e9;
    }

    /** @return sent messages per second of {@link #elapsedSeconds()}; 0 when no time elapsed */
    public double rate() {
        return elapsedNanos > 0 ? sent / elapsedSeconds() : 0.0;
    }

    /**
     * @return true if the SMSC received exactly the accepted messages, every UCS-2 text intact, and a receipt made
     *     every sent message DELIVERED
     */
    public boolean complete() {
        return received == accepted && ucs2Intact == ucs2Expected && delivered == sent;
    }

    /**
     * Reads the rates back from a {@link #line()}: group 1 is {@code rate=}, group 2 {@code smsc-rate=}, in msg/s.
     */
    public static final Pattern RATES = Pattern.compile("demo: accepted=.* rate=([0-9.]+) msg/s .*"
            + "smsc-rate=([0-9.]+) msg/s");

    /**
     * @return {@code demo: accepted=N rejected=R sent=S failed=F received=M delivered=D elapsed=T.Ts rate=X msg/s
     *     ucs2=I/U smsc-rate=Y msg/s}, numbers with one decimal where not integers, in the ROOT locale (a dot as
     *     decimal separator)
     */
    public String line() {
        return String.format(Locale.ROOT,
                "demo: accepted=%d rejected=%d sent=%d failed=%d received=%d delivered=%d elapsed=%.1fs"
                        + " rate=%.1f msg/s ucs2=%d/%d smsc-rate=%.1f msg/s",
                accepted, rejected, sent, failed, received, delivered, elapsedSeconds(), rate(), ucs2Intact,
                ucs2Expected, smscRate);
    }
}
