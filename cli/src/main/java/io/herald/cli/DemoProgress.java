package io.herald.cli;

import java.io.PrintStream;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The demo's live progress: messages with a known fate (sent or failed) out of the accepted ones, and the rate, on
 * stderr. On a terminal it is a redrawn bar; otherwise (CI, a pipe) one plain ASCII line every
 * {@value #LINE_INTERVAL_MS} ms, so a log shows no control characters.
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

    private final ProgressBar bar;
    private boolean closed;

    private DemoProgress(ProgressBar bar) {
        this.bar = bar;
    }

    /**
     * @param mode how to show progress
     * @param max the expected total (updated with {@link #update})
     * @param err where lines go in {@link Mode#LINES}
     * @return the progress display
     */
    public static DemoProgress start(Mode mode, long max, PrintStream err) {
        Mode effective = mode == Mode.AUTO ? (isTerminal() ? Mode.BAR : Mode.LINES) : mode;
        if (effective == Mode.NONE) {
            return new DemoProgress(null);
        }
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName("sent")
                .setInitialMax(max)
                .setUnit(" msg", 1)
                .showSpeed()
                .setSpeedUnit(ChronoUnit.SECONDS);
        if (effective == Mode.LINES) {
            builder.setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(LINE_INTERVAL_MS)
                    .setConsumer(new DelegatingProgressBarConsumer(err::println, 100));
        } else {
            builder.setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(250);
        }
        return new DemoProgress(builder.build());
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
     * @param max the total expected so far
     */
    public void update(long done, long failed, long max) {
        if (bar == null) {
            return;
        }
        if (bar.getMax() != max) {
            bar.maxHint(max);
        }
        bar.stepTo(done);
        bar.setExtraMessage(failed > 0 ? "failed=" + failed : "");
    }

    /** Draws the final state once and releases the display; later calls do nothing. */
    @Override
    public void close() {
        if (bar != null && !closed) {
            closed = true;
            bar.close();
        }
    }
}
