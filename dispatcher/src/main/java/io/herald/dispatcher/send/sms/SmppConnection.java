package io.herald.dispatcher.send.sms;

import static io.herald.dispatcher.send.SendResult.TransientCause.GATEWAY_UNAVAILABLE;

import io.herald.dispatcher.send.SendResult;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.utils.ExponentialBackoff;
import org.jsmpp.DefaultPDUReader;
import org.jsmpp.DefaultPDUSender;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.SynchronizedPDUSender;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.jsmpp.session.SessionStateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SMPP 3.4 session, bound as a transceiver ({@code bind_transceiver}, §4.1.5), kept bound: {@code enquire_link}
 * every {@code smpp.enquire.link.interval.ms} of idleness, and a re-bind after {@code smpp.reconnect.backoff.ms}
 * (doubling after a failed bind, to at most twice that, so that a returning SMSC is found within seconds) when the
 * bind is refused or the session is lost.
 *
 * <p>{@link #submit} may be called from many threads at once; a semaphore of {@code smpp.window.size} permits bounds
 * the {@code submit_sm} that wait for their {@code submit_sm_resp} (the window). The semaphore is not fair: a slot
 * freed while a thread is about to submit goes to that thread, instead of to the longest-waiting one, which on a busy
 * machine may take a while to be scheduled and leaves the slot idle meanwhile (with more sender threads than window
 * slots, as shipped, a fair window parked and woke a thread for nearly every message). The order of one recipient's
 * messages does not depend on it (the dispatcher sends one message of a recipient at a time); a thread that loses
 * every race for {@code smpp.request.timeout.ms} gets a transient failure and its message is retried.
 */
final class SmppConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SmppConnection.class);
    private static final int MAX_BACKOFF_FACTOR = 2;
    private static final String SERVICE_TYPE = "";
    private static final byte PROTOCOL_ID = 0;
    private static final byte PRIORITY = 0;
    private static final byte REPLACE_IF_PRESENT = 0;
    private static final byte SM_DEFAULT_MSG_ID = 0;

    /** Transient failure code: no bound session. */
    static final String NOT_BOUND = "SMPP_NOT_BOUND";
    /** Transient failure code: no submit_sm_resp within smpp.request.timeout.ms. */
    static final String TIMEOUT = "SMPP_TIMEOUT";
    /** Transient failure code: no window slot freed within smpp.request.timeout.ms. */
    static final String WINDOW_TIMEOUT = "SMPP_WINDOW_TIMEOUT";
    /** Transient failure code: the connection failed while sending. */
    static final String CONNECTION_LOST = "SMPP_CONNECTION_LOST";
    /** Transient failure code: the gateway answered with an unexpected PDU. */
    static final String INVALID_RESPONSE = "SMPP_INVALID_RESPONSE";
    /** Permanent failure code: the submit_sm could not be built (e.g. an address too long). */
    static final String INVALID_PDU = "SMPP_INVALID_PDU";

    private final int index;
    private final SmppSettings settings;
    private final ScheduledExecutorService scheduler;
    private final Semaphore window;
    private final AtomicBoolean reconnectScheduled = new AtomicBoolean();
    private final AtomicLong deliverSmReceived = new AtomicLong();
    private final SessionStateListener stateListener = this::onStateChange;
    private final DeliverSmHandler deliverSmHandler;
    private volatile SMPPSession session;
    private volatile boolean closed;
    private int failedBinds;

    /**
     * @param index this session's number, for logs
     * @param settings the SMPP settings
     * @param scheduler runs binds and re-binds
     * @param deliverSmHandler handles each deliver_sm (receipts, mobile-originated messages)
     */
    SmppConnection(int index, SmppSettings settings, ScheduledExecutorService scheduler,
                   DeliverSmHandler deliverSmHandler) {
        this.index = index;
        this.deliverSmHandler = deliverSmHandler;
        this.settings = settings;
        this.scheduler = scheduler;
        this.window = new Semaphore(settings.windowSize());
    }

    /** Starts binding in the background. */
    void start() {
        scheduler.execute(this::connect);
    }

    /** @return true if the session is bound and can take submit_sm */
    boolean isBound() {
        SMPPSession s = session;
        return s != null && s.getSessionState().isBound();
    }

    /** @return deliver_sm PDUs received (delivery receipts and mobile-originated messages) */
    long deliverSmReceived() {
        return deliverSmReceived.get();
    }

    /**
     * Sends one {@code submit_sm} (SMPP 3.4 §4.4) and waits for its response.
     *
     * @param source source address
     * @param destination destination address
     * @param esmClass esm_class (0x40 when short_message starts with a UDH)
     * @param dataCoding data_coding
     * @param shortMessage the short_message octets, at most 254
     * @param registeredDelivery registered_delivery
     * @param optionalParameters TLVs to add
     * @return accepted with the submit_sm_resp message_id; transient for throttling, full queues, timeouts, a lost or
     *     missing bind; permanent for other refusals
     */
    SendResult submit(SmsAddress source, SmsAddress destination, ESMClass esmClass, byte dataCoding,
                      byte[] shortMessage, RegisteredDelivery registeredDelivery,
                      OptionalParameter... optionalParameters) {
        SMPPSession s = session;
        if (s == null || !s.getSessionState().isBound()) {
            return SendResult.transientFailure(GATEWAY_UNAVAILABLE, NOT_BOUND,
                    "SMPP session " + index + " is not bound");
        }
        try {
            if (!window.tryAcquire(settings.requestTimeoutMs(), TimeUnit.MILLISECONDS)) {
                return SendResult.transientFailure(GATEWAY_UNAVAILABLE, WINDOW_TIMEOUT,
                        "no free window slot on SMPP session " + index
                        + " within " + settings.requestTimeoutMs() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendResult.transientFailure(GATEWAY_UNAVAILABLE, NOT_BOUND, "interrupted waiting for a window slot");
        }
        try {
            String messageId = s.submitShortMessage(SERVICE_TYPE, source.ton(), source.npi(), source.address(),
                    destination.ton(), destination.npi(), destination.address(), esmClass, PROTOCOL_ID, PRIORITY,
                    null, null, registeredDelivery, REPLACE_IF_PRESENT, DataCodings.newInstance(dataCoding),
                    SM_DEFAULT_MSG_ID, shortMessage, optionalParameters).getMessageId();
            return SendResult.accepted(List.of(messageId));
        } catch (NegativeResponseException e) {
            return SmppCommandStatus.toResult(e.getCommandStatus());
        } catch (ResponseTimeoutException e) {
            return SendResult.transientFailure(GATEWAY_UNAVAILABLE, TIMEOUT,
                    "no submit_sm_resp within " + settings.requestTimeoutMs()
                    + " ms on SMPP session " + index);
        } catch (InvalidResponseException e) {
            return SendResult.transientFailure(INVALID_RESPONSE, "invalid response: " + e.getMessage());
        } catch (PDUException e) {
            return SendResult.permanentFailure(INVALID_PDU, "invalid submit_sm: " + e.getMessage());
        } catch (IOException e) {
            return SendResult.transientFailure(GATEWAY_UNAVAILABLE, CONNECTION_LOST,
                    "SMPP session " + index + ": " + e.getMessage());
        } finally {
            window.release();
        }
    }

    /** Unbinds and closes the session; no re-bind after this. */
    @Override
    public void close() {
        closed = true;
        SMPPSession s = session;
        session = null;
        if (s != null) {
            s.removeSessionStateListener(stateListener);
            if (s.getSessionState().isBound()) {
                LOG.info("SMPP session {}: unbinding", index);
            }
            s.unbindAndClose();
        }
    }

    private void connect() {
        reconnectScheduled.set(false);
        if (closed) {
            return;
        }
        SMPPSession s = new SMPPSession(new SynchronizedPDUSender(new DefaultPDUSender()), new DefaultPDUReader(),
                new NoDelaySocketConnectionFactory(settings.requestTimeoutMs()));
        s.setEnquireLinkTimer(settings.enquireLinkIntervalMs());
        s.setTransactionTimer(settings.requestTimeoutMs());
        s.setPduProcessorDegree(settings.pduProcessorThreads());
        s.setMessageReceiverListener(new ReceiptListener());
        try {
            s.connectAndBind(settings.host(), settings.port(), new BindParameter(BindType.BIND_TRX,
                    settings.systemId(), settings.password(), settings.systemType(), TypeOfNumber.UNKNOWN,
                    NumberingPlanIndicator.UNKNOWN, null), settings.requestTimeoutMs());
        } catch (IOException e) {
            failedBinds++;
            long delay = backoffMs();
            LOG.warn("SMPP session {}: bind_transceiver to {}:{} as {} failed ({}); retrying in {} ms", index,
                    settings.host(), settings.port(), settings.systemId(), e.getMessage(), delay);
            s.close();
            scheduleReconnect(delay);
            return;
        }
        failedBinds = 0;
        s.addSessionStateListener(stateListener);
        session = s;
        if (closed) {
            close();
            return;
        }
        if (!s.getSessionState().isBound()) {
            // Lost between the bind and the listener's registration.
            session = null;
            scheduleReconnect(settings.reconnectBackoffMs());
            return;
        }
        LOG.info("SMPP session {}: bound as transceiver to {}:{} as {} (session id {})", index, settings.host(),
                settings.port(), settings.systemId(), s.getSessionId());
    }

    private void onStateChange(SessionState newState, SessionState oldState, Session source) {
        if (newState == SessionState.CLOSED && source == session) {
            session = null;
            if (!closed) {
                LOG.warn("SMPP session {}: lost (was {}); re-binding in {} ms", index, oldState,
                        settings.reconnectBackoffMs());
                scheduleReconnect(settings.reconnectBackoffMs());
            }
        }
    }

    private void scheduleReconnect(long delayMs) {
        if (closed || !reconnectScheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            scheduler.schedule(this::connect, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            reconnectScheduled.set(false);
        }
    }

    /** @return the wait before the next bind: {@code smpp.reconnect.backoff.ms} doubled per failed bind, at most x2 */
    private long backoffMs() {
        long base = settings.reconnectBackoffMs();
        return new ExponentialBackoff(base, 2, base * MAX_BACKOFF_FACTOR, 0).backoff(Math.max(0, failedBinds - 1));
    }

    /**
     * Passes each deliver_sm (delivery receipts, SMPP 3.4 Appendix B; mobile-originated messages) to the
     * {@link DeliverSmHandler}; jSMPP answers deliver_sm_resp when it returns, or with the command_status of the
     * {@link ProcessRequestException} it throws.
     */
    private final class ReceiptListener implements MessageReceiverListener {

        @Override
        public void onAcceptDeliverSm(DeliverSm deliverSm) throws ProcessRequestException {
            deliverSmReceived.incrementAndGet();
            LOG.debug("SMPP session {}: deliver_sm received (esm_class 0x{})", index,
                    Integer.toHexString(deliverSm.getEsmClass() & 0xFF));
            deliverSmHandler.onDeliverSm(deliverSm);
        }

        @Override
        public void onAcceptAlertNotification(AlertNotification alertNotification) {
            LOG.debug("SMPP session {}: alert_notification received", index);
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("data_sm is not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }
    }
}
