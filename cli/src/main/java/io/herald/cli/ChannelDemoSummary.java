package io.herald.cli;

import java.util.Locale;

/**
 * The outcome of {@code herald demo --channel email} or {@code --channel push}, printed as one line.
 *
 * @param channel {@code email} or {@code push}
 * @param accepted recipients ingest accepted
 * @param rejected recipients ingest rejected (invalid addresses)
 * @param sent messages with a SENT status (the mail server took them)
 * @param failed messages with a FAILED, EXPIRED or other final failure status
 * @param received distinct Herald message ids the mail server (header {@code X-Herald-Message-Id}) or the push
 *     servers (payload key {@code herald_message_id}) received
 * @param intact accepted recipients whose e-mail arrived with exactly the rendered subject, text and HTML, or whose
 *     push arrived with exactly the rendered title, body and data
 * @param elapsedNanos from the first POST to the last status read, in ns
 */
public record ChannelDemoSummary(String channel, long accepted, long rejected, long sent, long failed, long received,
                                 long intact, long elapsedNanos) {

    /** @return elapsed time in seconds */
    public double elapsedSeconds() {
        return elapsedNanos / 1e9;
    }

    /** @return sent messages per second of {@link #elapsedSeconds()}; 0 when no time elapsed */
    public double rate() {
        return elapsedNanos > 0 ? sent / elapsedSeconds() : 0.0;
    }

    /** @return true if the server received exactly the accepted messages, each intact */
    public boolean complete() {
        return received == accepted && intact == accepted;
    }

    /**
     * @return {@code demo: channel=C accepted=N rejected=R sent=S failed=F received=M intact=I/N elapsed=T.Ts
     *     rate=X msg/s}, in the ROOT locale
     */
    public String line() {
        return String.format(Locale.ROOT,
                "demo: channel=%s accepted=%d rejected=%d sent=%d failed=%d received=%d intact=%d/%d"
                        + " elapsed=%.1fs rate=%.1f msg/s",
                channel, accepted, rejected, sent, failed, received, intact, accepted, elapsedSeconds(), rate());
    }
}
