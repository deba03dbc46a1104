package io.herald.cli;

import java.util.Locale;

/**
 * The last line of {@code herald bulk-load}: {@code bulk-load: lines=N valid=V rejected=R received=M elapsed=T.Ts}.
 *
 * @param lines recipient lines in the file (records written less CSV header lines)
 * @param valid lines the bulk loader accepted: the sum of {@code accepted} of the file's batches
 *     ({@code GET /v1/batches/{id}})
 * @param rejected lines the bulk loader rejected: their records on {@code notify.bulk.rejected}
 * @param received distinct messages the SMSC simulator (SMPP and SMTP) received since the load began
 * @param elapsedNanos from the start of kafka-console-producer to the end of the follow, in ns
 */
record BulkLoadSummary(long lines, long valid, long rejected, long received, long elapsedNanos) {

    /** @return the line, elapsed in seconds with one decimal */
    String line() {
        return String.format(Locale.ROOT, "bulk-load: lines=%d valid=%d rejected=%d received=%d elapsed=%.1fs",
                lines, valid, rejected, received, elapsedNanos / 1e9);
    }

    /** @return true if every line was accepted or rejected once, and every accepted one received once */
    boolean complete() {
        return valid + rejected == lines && received == valid;
    }
}
