package io.herald.dispatcher.send.sms;

import io.herald.dispatcher.send.Gateway;
import io.herald.dispatcher.send.Message;
import io.herald.dispatcher.send.SendResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMS gateway over SMPP 3.4 (jSMPP): {@code smpp.sessions} transceiver sessions used round-robin, each with its
 * own window. A message is encoded by {@link SmsEncoder} and sent as one {@code submit_sm} per segment, all on the same
 * session, in order; it is accepted when every segment is. Each {@code submit_sm} carries:
 * <ul>
 *   <li>source address TON/NPI from the sender id ({@link SmsAddress#source}), destination TON 1 / NPI 1;</li>
 *   <li>esm_class {@code 0x40} (UDHI) for a concatenated message, else {@code 0x00};</li>
 *   <li>registered_delivery {@code 0x01} (receipt on success and failure) if {@code smpp.registered.delivery};</li>
 *   <li>Herald's messageId, ASCII, in the vendor TLV {@code smpp.herald.id.tlv} unless that is 0.</li>
 * </ul>
 * If a later segment is refused, the message is reported with that segment's error; a retry sends every segment
 * again, with a new reference number.
 */
public final class SmppGateway implements Gateway {

    private static final Logger LOG = LoggerFactory.getLogger(SmppGateway.class);

    /** The gateway name in status events. */
    public static final String NAME = "smpp";
    /** Permanent failure code: the text needs more than 255 segments. */
    public static final String MESSAGE_TOO_LONG = "MESSAGE_TOO_LONG";

    private static final int UDHI = 0x40;

    private final SmppSettings settings;
    private final SmsEncoder encoder = new SmsEncoder();
    private final List<SmppConnection> connections = new ArrayList<>();
    private final ScheduledExecutorService scheduler;
    private final AtomicInteger nextConnection = new AtomicInteger();
    private final AtomicInteger nextReference = new AtomicInteger();
    private final RegisteredDelivery registeredDelivery;

    /**
     * Creates the gateway, acknowledging and ignoring every deliver_sm; {@link #start()} binds.
     *
     * @param settings the SMPP settings
     */
    public SmppGateway(SmppSettings settings) {
        this(settings, DeliverSmHandler.IGNORE);
    }

    /**
     * Creates the gateway; {@link #start()} binds.
     *
     * @param settings the SMPP settings
     * @param deliverSmHandler handles each deliver_sm (delivery receipts, mobile-originated messages) any session
     *     receives
     */
    public SmppGateway(SmppSettings settings, DeliverSmHandler deliverSmHandler) {
        this.settings = settings;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "smpp-connect");
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 0; i < settings.sessions(); i++) {
            connections.add(new SmppConnection(i, settings, scheduler, deliverSmHandler));
        }
        this.registeredDelivery = new RegisteredDelivery(settings.registeredDelivery()
                ? SMSCDeliveryReceipt.SUCCESS_FAILURE : SMSCDeliveryReceipt.DEFAULT);
    }

    /** Starts binding every session in the background; {@link #isAvailable()} turns true when one is bound. */
    public void start() {
        LOG.info("Binding {} SMPP session(s) to {}:{} as {}", settings.sessions(), settings.host(), settings.port(),
                settings.systemId());
        connections.forEach(SmppConnection::start);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SendResult send(Message message) {
        EncodedSms encoded;
        try {
            encoded = encoder.encode(message.text(), nextReference.getAndIncrement() & 0xFF);
        } catch (IllegalArgumentException e) {
            return SendResult.permanentFailure(MESSAGE_TOO_LONG, e.getMessage());
        }
        SmppConnection connection = pickBound();
        if (connection == null) {
            return SendResult.transientFailure(SendResult.TransientCause.GATEWAY_UNAVAILABLE,
                    SmppConnection.NOT_BOUND, "no bound SMPP session");
        }
        SmsAddress source = SmsAddress.source(message.sender());
        SmsAddress destination = SmsAddress.destination(message.recipient());
        ESMClass esmClass = encoded.concatenated() ? new ESMClass(UDHI) : new ESMClass();
        OptionalParameter[] tlvs = settings.heraldIdTlvTag() == 0 ? new OptionalParameter[0]
                : new OptionalParameter[] {new OptionalParameter.OctetString((short) settings.heraldIdTlvTag(),
                        message.messageId().getBytes(StandardCharsets.US_ASCII))};
        List<String> ids = new ArrayList<>(encoded.segments());
        for (byte[] part : encoded.parts()) {
            SendResult result = connection.submit(source, destination, esmClass, encoded.dataCoding(), part,
                    registeredDelivery, tlvs);
            if (!result.isAccepted()) {
                if (!ids.isEmpty()) {
                    LOG.debug("messageId={}: segment {} of {} refused after {} accepted", message.messageId(),
                            ids.size() + 1, encoded.segments(), ids.size());
                }
                return result;
            }
            ids.add(result.gatewayMessageId());
        }
        return SendResult.accepted(ids);
    }

    @Override
    public boolean isAvailable() {
        return boundSessions() > 0;
    }

    /** @return sessions bound now */
    public int boundSessions() {
        int bound = 0;
        for (SmppConnection connection : connections) {
            if (connection.isBound()) {
                bound++;
            }
        }
        return bound;
    }

    /** @return sessions configured */
    public int sessions() {
        return connections.size();
    }

    /** @return deliver_sm received over every session */
    public long deliverSmReceived() {
        return connections.stream().mapToLong(SmppConnection::deliverSmReceived).sum();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        connections.forEach(SmppConnection::close);
        LOG.info("SMPP gateway closed");
    }

    private SmppConnection pickBound() {
        int size = connections.size();
        int start = Math.floorMod(nextConnection.getAndIncrement(), size);
        for (int i = 0; i < size; i++) {
            SmppConnection candidate = connections.get((start + i) % size);
            if (candidate.isBound()) {
                return candidate;
            }
        }
        return null;
    }
}
