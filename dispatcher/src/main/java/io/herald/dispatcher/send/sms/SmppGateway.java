package io.herald.dispatcher.send.sms;

import io.herald.dispatcher.send.Gateway;
import io.herald.dispatcher.send.Message;
import io.herald.dispatcher.send.SendResult;
import io.herald.sms.EncodedSms;
import io.herald.sms.SmsEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.OptionalParameters;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMS gateway over SMPP 3.4 (jSMPP): {@code smpp.sessions} transceiver sessions used round-robin, each with its
 * own window. A message is encoded by {@link SmsEncoder} (GSM 7-bit or UCS-2, split per 3GPP TS 23.040) and sent as
 * one {@code submit_sm} per segment, all on the same session, in order; it is accepted when every segment is. Each
 * {@code submit_sm} carries:
 * <ul>
 *   <li>source address TON/NPI from the sender id ({@link SmsAddress#source}), destination TON 1 / NPI 1;</li>
 *   <li>data_coding {@code 0x00} (GSM 7-bit) or {@code 0x08} (UCS-2);</li>
 *   <li>for a concatenated message, per {@code smpp.concatenation} ({@link SmsConcatenation}): either a UDH
 *       {@code 05 00 03 REF TOTAL SEQ} before the user data and esm_class {@code 0x40} (UDHI), with an 8-bit reference;
 *       or no UDH, esm_class {@code 0x00} and the TLVs sar_msg_ref_num (16-bit reference), sar_total_segments and
 *       sar_segment_seqnum (SMPP 3.4 §5.3.2.22–24). A single-segment message has neither, esm_class {@code 0x00};</li>
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
            encoded = SmsEncoder.encode(message.text());
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
        int reference = nextReference.getAndIncrement();
        boolean udh = encoded.concatenated() && settings.concatenation() == SmsConcatenation.UDH;
        ESMClass esmClass = udh ? new ESMClass(UDHI) : new ESMClass();
        List<byte[]> parts = udh ? encoded.udhParts(reference & 0xFF) : encoded.payloads();
        List<String> ids = new ArrayList<>(encoded.segments());
        for (int i = 0; i < parts.size(); i++) {
            OptionalParameter[] tlvs = tlvs(message, encoded, udh, reference & 0xFFFF, i + 1);
            SendResult result = connection.submit(source, destination, esmClass, encoded.dataCoding(), parts.get(i),
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

    /**
     * @return the TLVs of one segment: the Herald id TLV unless its tag is 0, then, for a concatenated message sent
     *     with SAR, sar_msg_ref_num, sar_total_segments and sar_segment_seqnum (SMPP 3.4 §5.3.2.22–24)
     */
    private OptionalParameter[] tlvs(Message message, EncodedSms encoded, boolean udh, int reference, int seq) {
        List<OptionalParameter> tlvs = new ArrayList<>(4);
        if (settings.heraldIdTlvTag() != 0) {
            tlvs.add(new OptionalParameter.OctetString((short) settings.heraldIdTlvTag(),
                    message.messageId().getBytes(StandardCharsets.US_ASCII)));
        }
        if (encoded.concatenated() && !udh) {
            tlvs.add(OptionalParameters.newSarMsgRefNum((short) reference));
            tlvs.add(OptionalParameters.newSarTotalSegments(encoded.segments()));
            tlvs.add(OptionalParameters.newSarSegmentSeqnum(seq));
        }
        return tlvs.toArray(new OptionalParameter[0]);
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
