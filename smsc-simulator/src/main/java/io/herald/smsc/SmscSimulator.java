package io.herald.smsc;

import io.herald.smsc.http.ControlApi;
import io.herald.smsc.mail.MailSink;
import io.herald.smsc.mail.MailStats;
import io.herald.smsc.mail.ReceivedMail;
import io.herald.smsc.push.PushCredentials;
import io.herald.smsc.push.PushFaults;
import io.herald.smsc.push.PushServers;
import io.herald.smsc.push.PushStats;
import io.herald.smsc.push.ReceivedPush;
import io.herald.smsc.smpp.SmppServer;
import io.herald.smsc.store.MessageStore;
import io.herald.smsc.store.SegmentAssembler;
import io.herald.smsc.store.SmscCounters;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SMSC simulator: a real SMPP 3.4 server that records every message it receives, with an HTTP control/stats API,
 * and, when {@link SmscSimulatorConfig#smtpPort()} is set, an SMTP server (GreenMail) that records every e-mail;
 * when {@link SmscSimulatorConfig#fcmPort()} or {@link SmscSimulatorConfig#apnsPort()} is set, an FCM HTTP v1 server
 * and/or an APNs server (Pushy's MockApnsServer) that record every push notification ({@link #pushes()}), with
 * credentials generated in {@link SmscSimulatorConfig#pushCredentialsDir()}.
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
    /** Null without an FCM or APNs port in the config. */
    private final PushServers push;
    private volatile State state = State.NEW;
    private boolean serving;

    /** @param config the settings */
    public SmscSimulator(SmscSimulatorConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.store = new MessageStore(config.maxRecorded());
        this.smpp = new SmppServer(config, store, assembler, counters, Clock.systemUTC());
        this.http = new ControlApi(this);
        this.mail = config.smtpPort().isPresent() ? new MailSink(config.host(), config.smtpPort().getAsInt()) : null;
        this.push = config.pushEnabled() ? new PushServers(config.pushCredentialsDir().orElseThrow(),
                boxed(config.fcmPort()), boxed(config.apnsPort()), config.maxRecorded(), Clock.systemUTC()) : null;
    }

    private static Integer boxed(OptionalInt port) {
        return port.isPresent() ? port.getAsInt() : null;
    }

    /**
     * Binds the SMPP listener, then the SMTP one if configured, then the FCM and APNs servers if configured (making
     * sure of their credentials first), then the HTTP API (so that {@code GET /health} answers only once the others
     * listen), and starts serving. On failure everything started is closed again.
     *
     * @throws PortInUseException    when a port is taken ({@link PortInUseException#port()} names it)
     * @throws IOException           when a listener cannot be opened for another reason, or the push credentials
     *                               cannot be made or read
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
            if (push != null) {
                push.start(config.host());
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
        if (push != null) {
            logPushServers();
        }
    }

    private void logPushServers() {
        if (push.fcmEnabled()) {
            LOG.info("FCM v1 server listening on {}:{} (project {})", config.host(), push.fcmPort(),
                    push.fcmProjectId());
        }
        if (push.apnsEnabled()) {
            LOG.info("APNs server (Pushy MockApnsServer) listening on {}:{} (topic {})", config.host(),
                    push.apnsPort(), PushCredentials.APNS_TOPIC);
        }
        LOG.info("Push credentials in {}", push.credentials().dir().toAbsolutePath());
    }

    /** @return the SMPP server: its latency can be read and set at run time */
    public SmppServer smpp() {
        return smpp;
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

    /** @return whether this simulator runs an FCM or an APNs server */
    public boolean pushEnabled() {
        return push != null;
    }

    /**
     * @return the FCM server's port, the configured one or the free one picked for port 0; -1 without one
     * @throws IllegalStateException before {@link #start()}
     */
    public int fcmPort() {
        requireStarted();
        return push == null ? -1 : push.fcmPort();
    }

    /**
     * @return the APNs server's port, the configured one or the free one picked for port 0; -1 without one
     * @throws IllegalStateException before {@link #start()}
     */
    public int apnsPort() {
        requireStarted();
        return push == null ? -1 : push.apnsPort();
    }

    /**
     * @return the push credentials: their directory ({@link PushCredentials#dir()}) and, as constants, the file
     *         names, FCM project and APNs key id, team id and topic
     * @throws IllegalStateException without a push server, or when not started
     */
    public PushCredentials pushCredentials() {
        return requirePush().credentials();
    }

    /**
     * @return the push counters since start or the last {@link #reset()}
     * @throws IllegalStateException without a push server, or when not started
     */
    public PushStats pushStats() {
        return requirePush().stats();
    }

    /**
     * @return every recorded push notification, both platforms, in arrival order
     * @throws IllegalStateException without a push server, or when not started
     */
    public List<ReceivedPush> pushes() {
        return requirePush().pushes(p -> true);
    }

    /**
     * @param filter which pushes to return
     * @return the recorded push notifications that match, in arrival order
     * @throws IllegalStateException without a push server, or when not started
     */
    public List<ReceivedPush> pushes(Predicate<ReceivedPush> filter) {
        return requirePush().pushes(filter);
    }

    /**
     * @return the live faults of the push servers (unregistered tokens, unavailable or throttling), to change in
     *         process as {@code POST /push/faults} does
     * @throws IllegalStateException without a push server, or when not started
     */
    public PushFaults pushFaults() {
        return requirePush().faults();
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
     * Clears the recorded messages, the incomplete ones, pending receipts, every counter, every received e-mail, every
     * recorded push and the push faults. Sessions stay bound; push credentials and issued FCM access tokens stay
     * valid.
     */
    public void reset() {
        store.clear();
        assembler.clear();
        counters.reset();
        smpp.forgetPendingReceipts();
        if (mail != null && state == State.STARTED) {
            mail.reset();
        }
        if (push != null) {
            push.reset();
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
        if (push != null) {
            push.close();
        }
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

    private PushServers requirePush() {
        requireStarted();
        if (push == null) {
            throw new IllegalStateException("no push server: the simulator was started without an FCM or APNs port");
        }
        return push;
    }

    private void requireStarted() {
        if (state != State.STARTED) {
            throw new IllegalStateException("the simulator is " + state.name().toLowerCase() + ", not started");
        }
    }

    private enum State { NEW, STARTED, CLOSED }
}
