package io.herald.cli;

import java.io.PrintStream;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The demo's live progress on stderr: messages with a known fate (sent or failed), their rate, and, once ingest has
 * answered every batch, the total they count towards: the accepted messages. While batches are still being submitted
 * the total is not known yet (rejected rows do not count), so the bar has none and says {@code submitting, accepted
 * so far N}; then it shows {@code done/accepted}. The total never changes after it first appears.
 *
 * <p>On a terminal it is a redrawn bar; otherwise (CI, a pipe) one plain ASCII line every {@value #LINE_INTERVAL_MS}
 * ms, so a log shows no control characters, and the final state exactly once.
 */
public final class DemoProgress implements AutoCloseable {

    /** How progress is shown. */
    public enum Mode {
        /** A bar on a terminal, lines otherwise. */
        AUTO,
        /** A redrawn bar. */
        BAR,
        /** One line every few seconds. */
        LINES,
        /** Nothing. */
        NONE
    }

    /** Interval between two lines in {@link Mode#LINES}, in ms. */
    public static final int LINE_INTERVAL_MS = 5000;

    /** Width of a line in {@link Mode#LINES}, in characters. */
    static final int LINE_WIDTH = 100;

    private final ProgressBar bar;
    private final LineConsumer lines;
    private boolean closed;

    private DemoProgress(ProgressBar bar, LineConsumer lines) {
        this.bar = bar;
        this.lines = lines;
    }

    /**
     * Starts the display with no total: it appears with the first {@link #update} that says every batch is answered.
     *
     * @param mode how to show progress
     * @param err where lines go in {@link Mode#LINES}
     * @return the progress display
     */
    public static DemoProgress start(Mode mode, PrintStream err) {
        Mode effective = mode == Mode.AUTO ? (isTerminal() ? Mode.BAR : Mode.LINES) : mode;
        if (effective == Mode.NONE) {
            return new DemoProgress(null, null);
        }
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName("sent")
                .setInitialMax(-1)
                .setUnit(" msg", 1)
                .showSpeed()
                .setSpeedUnit(ChronoUnit.SECONDS);
        LineConsumer lines = null;
        if (effective == Mode.LINES) {
            lines = new LineConsumer(err);
            builder.setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(LINE_INTERVAL_MS)
                    .setConsumer(lines);
        } else {
            builder.setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(250);
        }
        return new DemoProgress(builder.build(), lines);
    }

    /**
     * Whether stderr and stdout go to a terminal. Java 17's {@link System#console()} is null when either standard
     * stream is redirected; a dumb terminal counts as none.
     */
    static boolean isTerminal() {
        return System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }

    /**
     * @param done messages with a known fate
     * @param failed of which failed
     * @param accepted messages ingest accepted so far
     * @param submitted true once ingest has answered every batch, so that {@code accepted} is the final total
     */
    public void update(long done, long failed, long accepted, boolean submitted) {
        if (bar == null) {
            return;
        }
        // the renderer puts the extra message right after the rate, hence the leading space
        String failures = failed > 0 ? "failed=" + failed : "";
        if (submitted) {
            if (bar.isIndefinite() || bar.getMax() != accepted) {
                bar.maxHint(accepted);
            }
            bar.setExtraMessage(failures.isEmpty() ? "" : " " + failures);
        } else {
            String submitting = " submitting, accepted so far " + accepted;
            bar.setExtraMessage(failures.isEmpty() ? submitting : submitting + ", " + failures);
        }
        bar.stepTo(done);
    }

    /** Draws the final state once and releases the display; later calls do nothing. */
    @Override
    public void close() {
        if (bar != null && !closed) {
            closed = true;
            if (lines != null) {
                lines.closing();
            }
            bar.close();
        }
    }

    /**
     * Prints each rendered line, except that once {@link #closing()} is called it keeps only the last one and prints
     * it on {@link #close()}: progressbar 0.10 renders twice on close when the count moved since the last line.
     */
    private static final class LineConsumer implements ProgressBarConsumer {
        private final PrintStream err;
        private boolean closing;
        private String finalLine;

        LineConsumer(PrintStream err) {
            this.err = err;
        }

        synchronized void closing() {
            closing = true;
        }

        @Override
        public int getMaxRenderedLength() {
            return LINE_WIDTH;
        }

        @Override
        public synchronized void accept(String line) {
            if (closing) {
                finalLine = line;
            } else {
                err.println(line);
            }
        }

        @Override
        public synchronized void close() {
            if (finalLine != null) {
                err.println(finalLine);
                finalLine = null;
            }
        }
    }
}
