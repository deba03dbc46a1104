package io.herald.smsc.smpp;

import io.herald.smsc.PortInUseException;
import io.herald.smsc.SmscSimulatorConfig;
import io.herald.smsc.store.MessageStore;
import io.herald.smsc.store.SegmentAssembler;
import io.herald.smsc.store.SmscCounters;
import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsmpp.DefaultPDUReader;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.InterfaceVersion;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.Session;
import org.jsmpp.session.SessionStateListener;
import org.jsmpp.session.connection.socket.SocketConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMPP 3.4 listener: accepts TCP connections on the configured host and port and runs each as a jSMPP
 * {@link SMPPServerSession}. A bind_transmitter, bind_receiver or bind_transceiver (§4.1) is accepted only with the
 * configured system_id and password; otherwise it gets ESME_RINVSYSID or ESME_RINVPASWD (§5.1.3) and the connection
 * is closed. jSMPP answers enquire_link and unbind itself. Sessions are independent; several ESMEs may bind at once.
 *
 * <p>It accepts connections itself rather than through jSMPP's {@code SMPPServerSessionListener}, for two reasons: that
 * listener binds every interface, not the configured host, and it cannot give a session its own PDU sender, which is
 * how {@link DelayedResponsePduSender} delays submit_sm_resp without holding the session.
 */
public final class SmppServer implements Closeable {

    /** The system_id this SMSC gives in bind_resp. */
    public static final String SMSC_SYSTEM_ID = "herald-smsc";

    private static final Logger LOG = LoggerFactory.getLogger(SmppServer.class);
    private static final int BIND_TIMEOUT_MS = 10_000;
    private static final int PDU_PROCESSOR_DEGREE = 3;
    private static final int PDU_QUEUE_CAPACITY = 10_000;
    private static final long TRANSACTION_TIMER_MS = 5_000;
    private static final int ENQUIRE_LINK_TIMER_MS = 30_000;
    // Each waits for its deliver_sm_resp, which an ESME may send only once the receipt is stored (Herald: in Kafka, a
    // few ms): 4 capped the receipts at a few hundred a second, below the submit rate of the demo.
    private static final int RECEIPT_SENDERS = 16;
    private static final long UNBIND_WAIT_MS = 3_000;
    private static final long REFUSED_BIND_CLOSE_DELAY_MS = 1_000;

    private final SmscSimulatorConfig config;
    private final SessionRegistry sessions = new SessionRegistry();
    private final ScheduledExecutorService scheduler;
    private final ExecutorService receiptSenders;
    private final ExecutorService sessionStarters;
    private final DeliveryReceipts receipts;
    private final SubmitSmHandler handler;
    private final SessionStateListener stateListener = this::onStateChange;
    private final long seed;
    /** The submit_sm_resp latency in ms, from {@code latencyMs}; changed at run time by {@link #latencyMs(long)}. */
    private volatile long latencyMs;
    private ServerSocket serverSocket;
    private Thread acceptor;
    private volatile boolean closed;

    /**
     * @param config    the simulator's settings
     * @param store     where complete messages go
     * @param assembler reassembles concatenated messages
     * @param counters  the PDU counters
     * @param clock     the clock for receive times and receipt dates
     */
    public SmppServer(SmscSimulatorConfig config, MessageStore store, SegmentAssembler assembler,
                      SmscCounters counters, Clock clock) {
        this.config = config;
        ScheduledThreadPoolExecutor stpe = new ScheduledThreadPoolExecutor(2, threads("smsc-scheduler"));
        stpe.setRemoveOnCancelPolicy(true);
        this.scheduler = stpe;
        this.receiptSenders = Executors.newFixedThreadPool(RECEIPT_SENDERS, threads("smsc-dlr"));
        this.sessionStarters = Executors.newCachedThreadPool(threads("smsc-bind"));
        this.seed = config.seed().orElseGet(() -> ThreadLocalRandom.current().nextLong());
        this.receipts = new DeliveryReceipts(config.dlrDelayMs(), new DeliveryReceipts.Outcomes(
                config.receiptIdFormat(), config.receiptUndeliveredRate(), seed), scheduler, receiptSenders, sessions,
                counters, clock);
        this.latencyMs = config.latencyMs();
        this.handler = new SubmitSmHandler(new TokenBucket(config.maxTps(), System::nanoTime),
                new ErrorInjector(config.errorRate(), config.throttleRate(), seed), new MessageIdGenerator(), assembler,
                store, counters, receipts, clock);
    }

    /**
     * Binds the listener and starts accepting connections.
     *
     * @throws PortInUseException when the port is taken
     * @throws IOException        when the listener cannot be opened for another reason
     */
    public synchronized void start() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        try {
            socket.bind(new InetSocketAddress(config.host(), config.smppPort()), 50);
        } catch (BindException e) {
            socket.close();
            throw new PortInUseException(config.host(), config.smppPort(), e);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        serverSocket = socket;
        acceptor = threads("smsc-accept").newThread(this::acceptLoop);
        acceptor.start();
    }

    /** @return the submit_sm_resp latency now, in ms */
    public long latencyMs() {
        return latencyMs;
    }

    /**
     * Sets the submit_sm_resp latency, for every session from its next submit_sm on.
     *
     * @param ms the latency in ms, 0 to answer at once
     * @throws IllegalArgumentException if negative or above a minute
     */
    public void latencyMs(long ms) {
        if (ms < 0 || ms > 60_000) {
            throw new IllegalArgumentException("latency must be 0 to 60000 ms: " + ms);
        }
        latencyMs = ms;
    }

    /** @return the port the listener is bound to */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** @return the seed of the error-rate random source: the configured one, or the random one picked */
    public long seed() {
        return seed;
    }

    /** @return the number of sessions bound now */
    public int boundSessions() {
        return sessions.boundCount();
    }

    /** Forgets delivery receipts not yet scheduled (for a reset). */
    public void forgetPendingReceipts() {
        receipts.clear();
    }

    /**
     * Stops accepting, sends unbind on every bound session (waiting up to 3 s for the answers), closes them and stops
     * the workers. Responses and receipts not yet written are dropped.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            if (serverSocket != null) {
                serverSocket.close();
            }
        } catch (IOException e) {
            LOG.debug("Closing the SMPP listener: {}", e.toString());
        }
        List<SMPPServerSession> open = sessions.all();
        CompletableFuture<?>[] unbinds = open.stream()
                .map(s -> CompletableFuture.runAsync(() -> unbindQuietly(s), sessionStarters))
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(unbinds).get(UNBIND_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.debug("Not every session answered unbind in time: {}", e.toString());
        }
        open.forEach(SMPPServerSession::close);
        scheduler.shutdownNow();
        receiptSenders.shutdownNow();
        sessionStarters.shutdownNow();
        if (acceptor != null) {
            try {
                acceptor.join(UNBIND_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (SocketException e) {
                if (!closed) {
                    LOG.error("SMPP listener failed: {}", e.toString());
                }
                return;
            } catch (IOException e) {
                LOG.warn("Accepting an SMPP connection failed: {}", e.toString());
                continue;
            }
            try {
                sessionStarters.execute(() -> serve(socket));
            } catch (RuntimeException e) {
                closeQuietly(socket);
            }
        }
    }

    private void serve(Socket socket) {
        String remote = socket.getRemoteSocketAddress().toString();
        SMPPServerSession session;
        try {
            socket.setTcpNoDelay(true);
            DelayedResponsePduSender sender = new DelayedResponsePduSender(this::latencyMs, scheduler, receipts);
            session = new SMPPServerSession(new SocketConnection(socket), stateListener, handler, null,
                    PDU_PROCESSOR_DEGREE, PDU_QUEUE_CAPACITY, sender, new DefaultPDUReader());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not open an SMPP session for {}: {}", remote, e.toString());
            closeQuietly(socket);
            return;
        }
        session.setTransactionTimer(TRANSACTION_TIMER_MS);
        session.setEnquireLinkTimer(ENQUIRE_LINK_TIMER_MS);
        sessions.add(session, remote);
        if (closed) {
            session.close();
            return;
        }
        try {
            BindRequest bind = session.waitForBind(BIND_TIMEOUT_MS);
            answerBind(session, bind, remote);
        } catch (Exception e) {
            LOG.info("No valid bind from {} ({}); closing", remote, e.toString());
            session.close();
        }
    }

    private void answerBind(SMPPServerSession session, BindRequest bind, String remote) throws IOException {
        int status = SMPPConstant.STAT_ESME_ROK;
        if (!config.systemId().equals(bind.getSystemId())) {
            status = SMPPConstant.STAT_ESME_RINVSYSID;
        } else if (!config.password().equals(bind.getPassword())) {
            status = SMPPConstant.STAT_ESME_RINVPASWD;
        }
        if (status != SMPPConstant.STAT_ESME_ROK) {
            LOG.warn("Refused {} from {} with system_id '{}': {}", bind.getBindType(), remote, bind.getSystemId(),
                    status == SMPPConstant.STAT_ESME_RINVSYSID ? "ESME_RINVSYSID" : "ESME_RINVPASWD");
            bind.reject(status);
            // Close only after the ESME has read the bind_resp: closing at once can reset the connection first.
            try {
                scheduler.schedule(session::close, REFUSED_BIND_CLOSE_DELAY_MS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException shuttingDown) {
                session.close();
            }
            return;
        }
        sessions.bound(session, bind.getSystemId());
        try {
            bind.accept(SMSC_SYSTEM_ID, InterfaceVersion.IF_34);
        } catch (org.jsmpp.PDUStringException e) {
            throw new IOException(e);
        }
        LOG.info("SMPP session {} bound: {} system_id={} remote={}", session.getSessionId(), bind.getBindType(),
                bind.getSystemId(), remote);
    }

    private void onStateChange(SessionState newState, SessionState oldState, Session source) {
        if (newState == SessionState.CLOSED && source instanceof SMPPServerSession) {
            SMPPServerSession session = (SMPPServerSession) source;
            SessionRegistry.Peer peer = sessions.peerOf(session);
            sessions.remove(session);
            if (peer.systemId() != null) {
                LOG.info("SMPP session {} unbound: system_id={} remote={}", session.getSessionId(), peer.systemId(),
                        peer.remote());
            }
        }
    }

    private static void unbindQuietly(SMPPServerSession session) {
        if (session.getSessionState().isBound()) {
            session.unbindAndClose();
        } else {
            session.close();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
