package io.herald.smsc;

import io.herald.smsc.http.ControlApi;
import io.herald.smsc.mail.MailSink;
import io.herald.smsc.mail.MailStats;
import io.herald.smsc.mail.ReceivedMail;
import io.herald.smsc.smpp.SmppServer;
import io.herald.smsc.store.MessageStore;
import io.herald.smsc.store.SegmentAssembler;
import io.herald.smsc.store.SmscCounters;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SMSC simulator: a real SMPP 3.4 server that records every message it receives, with an HTTP control/stats API,
 * and, when {@link SmscSimulatorConfig#smtpPort()} is set, an SMTP server (GreenMail) that records every e-mail.
 * Embeddable: build it from a {@link SmscSimulatorConfig}, {@link #start()} it, read {@link #stats()} and
 * {@link #messages()}, and {@link #close()} it.
 *
 * <pre>{@code
 * try (SmscSimulator smsc = new SmscSimulator(SmscSimulatorConfig.builder().smppPort(0).httpPort(0).build())) {
 *     smsc.start();
 *     // bind an ESME to 127.0.0.1:smsc.smppPort() as herald/herald ...
 * }
 * }</pre>
 */
public final class SmscSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SmscSimulator.class);
    /** Most concatenated messages that may wait for parts at once; past that the oldest is dropped. */
    private static final int MAX_INCOMPLETE_MESSAGES = 100_000;

    private final SmscSimulatorConfig config;
    private final MessageStore store;
    private final SegmentAssembler assembler = new SegmentAssembler(MAX_INCOMPLETE_MESSAGES);
    private final SmscCounters counters = new SmscCounters();
    private final SmppServer smpp;
    private final ControlApi http;
    /** Null without an SMTP port in the config. */
    private final MailSink mail;
    private volatile State state = State.NEW;
    private boolean serving;

    /** @param config the settings */
    public SmscSimulator(SmscSimulatorConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.store = new MessageStore(config.maxRecorded());
        this.smpp = new SmppServer(config, store, assembler, counters, Clock.systemUTC());
        this.http = new ControlApi(this);
        this.mail = config.smtpPort().isPresent() ? new MailSink(config.host(), config.smtpPort().getAsInt()) : null;
    }

    /**
     * Binds the SMPP listener, then the SMTP one if configured, then the HTTP API (so that {@code GET /health}
     * answers only once the others listen), and starts serving. On failure everything started is closed again.
     *
     * @throws PortInUseException    when a port is taken ({@link PortInUseException#port()} names it)
     * @throws IOException           when a listener cannot be opened for another reason
     * @throws IllegalStateException when called twice
     */
    public synchronized void start() throws IOException {
        if (state != State.NEW) {
            throw new IllegalStateException("already " + state.name().toLowerCase());
        }
        state = State.STARTED;
        try {
            smpp.start();
            if (mail != null) {
                mail.start();
            }
            http.start(config.host(), config.httpPort());
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        serving = true;
        LOG.info("SMSC simulator listening: SMPP on {}:{}, HTTP on http://{}:{} (system_id={}, latency={} ms, "
                        + "error rate={}, throttle rate={}, seed={}, max tps={}, DLR delay={} ms)",
                config.host(), smpp.port(), config.host(), http.port(), config.systemId(), config.latencyMs(),
                config.errorRate(), config.throttleRate(), smpp.seed(), config.maxTps() == 0 ? "none" : config.maxTps(),
                config.dlrDelayMs());
        if (mail != null) {
            LOG.info("SMTP server (GreenMail) listening on {}:{}, any sender, recipient and AUTH accepted",
                    config.host(), mail.port());
        }
    }

    /**
     * @return the SMPP port bound, the configured one or the free one picked for port 0
     * @throws IllegalStateException before {@link #start()}
     */
    public int smppPort() {
        requireStarted();
        return smpp.port();
    }

    /**
     * @return the HTTP port bound
     * @throws IllegalStateException before {@link #start()}
     */
    public int httpPort() {
        requireStarted();
        return http.port();
    }

    /** @return whether this simulator runs an SMTP server */
    public boolean smtpEnabled() {
        return mail != null;
    }

    /**
     * @return the SMTP port bound, the configured one or the free one picked for port 0; -1 without an SMTP server
     * @throws IllegalStateException before {@link #start()}
     */
    public int smtpPort() {
        requireStarted();
        return mail == null ? -1 : mail.port();
    }

    /**
     * @return the e-mail counters since start or the last {@link #reset()}
     * @throws IllegalStateException without an SMTP server, or when not started
     */
    public MailStats mailStats() {
        return requireMail().stats();
    }

    /**
     * @param to a recipient address (case-insensitive), or null for every e-mail
     * @return the e-mails received (to that address), decoded
     * @throws IllegalStateException without an SMTP server, or when not started
     */
    public List<ReceivedMail> mails(String to) {
        return requireMail().messages(to);
    }

    /** @return the counters since start or the last {@link #reset()} */
    public SmscStats stats() {
        long messages = store.messages();
        long distinct = store.distinctMessages();
        return new SmscStats(counters.submitSm(), counters.segments(), messages, distinct, messages - distinct,
                counters.throttledCount(), counters.errors(), counters.invalidCount(), counters.receiptsSent(),
                counters.receiptsFailed(), assembler.pendingCount(), state == State.STARTED
                ? smpp.boundSessions() : 0);
    }

    /** @return every kept complete message, in arrival order */
    public List<ReceivedMessage> messages() {
        return store.find(m -> true);
    }

    /**
     * @param filter which messages to return
     * @return the kept complete messages that match, in arrival order
     */
    public List<ReceivedMessage> messages(Predicate<ReceivedMessage> filter) {
        return store.find(filter);
    }

    /**
     * Clears the recorded messages, the incomplete ones, pending receipts, every counter and every received e-mail.
     * Sessions stay bound.
     */
    public void reset() {
        store.clear();
        assembler.clear();
        counters.reset();
        smpp.forgetPendingReceipts();
        if (mail != null && state == State.STARTED) {
            mail.reset();
        }
        LOG.info("Records and counters reset");
    }

    /** Unbinds every session, stops every listener and the workers. Idempotent. */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        http.close();
        if (mail != null) {
            mail.close();
        }
        smpp.close();
        if (serving) {
            LOG.info("SMSC simulator stopped");
        }
    }

    private MailSink requireMail() {
        requireStarted();
        if (mail == null) {
            throw new IllegalStateException("no SMTP server: the simulator was started without an SMTP port");
        }
        return mail;
    }

    private void requireStarted() {
        if (state != State.STARTED) {
            throw new IllegalStateException("the simulator is " + state.name().toLowerCase() + ", not started");
        }
    }

    private enum State { NEW, STARTED, CLOSED }
}
