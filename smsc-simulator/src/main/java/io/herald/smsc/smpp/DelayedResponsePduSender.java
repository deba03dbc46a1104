package io.herald.smsc.smpp;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jsmpp.PDUStringException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.SynchronizedPDUSender;
import org.jsmpp.bean.OptionalParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PDU writer of one server session. It writes every PDU as jSMPP's {@link SynchronizedPDUSender} does, except
 * submit_sm_resp (positive or negative), which it writes the latency later from a scheduler (read per PDU, so that
 * {@code PUT /smpp/latency} changes it for sessions already bound). jSMPP's PDU
 * processor thread returns at once, so the simulated latency does not hold the session: N outstanding submit_sm
 * (the ESME's window) are all answered about one latency after they arrive. After each positive submit_sm_resp is
 * written, the {@link DeliveryReceipts} hear of it.
 */
final class DelayedResponsePduSender extends SynchronizedPDUSender {

    private static final Logger LOG = LoggerFactory.getLogger(DelayedResponsePduSender.class);
    private static final byte[] NOT_YET_WRITTEN = new byte[0];

    private final LongSupplier latencyMs;
    private final ScheduledExecutorService scheduler;
    private final DeliveryReceipts receipts;

    DelayedResponsePduSender(LongSupplier latencyMs, ScheduledExecutorService scheduler, DeliveryReceipts receipts) {
        this.latencyMs = latencyMs;
        this.scheduler = scheduler;
        this.receipts = receipts;
    }

    @Override
    public byte[] sendSubmitSmResp(OutputStream os, int sequenceNumber, String messageId,
                                   OptionalParameter... optionalParameters) throws PDUStringException, IOException {
        long latency = latencyMs.getAsLong();
        if (latency == 0) {
            try {
                byte[] pdu = super.sendSubmitSmResp(os, sequenceNumber, messageId, optionalParameters);
                receipts.onSubmitSmRespWritten(messageId);
                return pdu;
            } catch (IOException | RuntimeException e) {
                receipts.onSubmitSmRespFailed(messageId);
                throw e;
            }
        }
        later(latency, () -> {
            try {
                super.sendSubmitSmResp(os, sequenceNumber, messageId, optionalParameters);
                receipts.onSubmitSmRespWritten(messageId);
            } catch (PDUStringException | IOException | RuntimeException e) {
                LOG.debug("submit_sm_resp seq {} not written: {}", sequenceNumber, e.toString());
                receipts.onSubmitSmRespFailed(messageId);
            }
        }, () -> receipts.onSubmitSmRespFailed(messageId));
        return NOT_YET_WRITTEN;
    }

    @Override
    public byte[] sendHeader(OutputStream os, int commandId, int commandStatus, int sequenceNumber)
            throws IOException {
        long latency = latencyMs.getAsLong();
        if (latency == 0 || commandId != SMPPConstant.CID_SUBMIT_SM_RESP) {
            return super.sendHeader(os, commandId, commandStatus, sequenceNumber);
        }
        later(latency, () -> {
            try {
                super.sendHeader(os, commandId, commandStatus, sequenceNumber);
            } catch (IOException | RuntimeException e) {
                LOG.debug("submit_sm_resp seq {} not written: {}", sequenceNumber, e.toString());
            }
        }, () -> { });
        return NOT_YET_WRITTEN;
    }

    private void later(long latency, Runnable write, Runnable onRejected) {
        try {
            scheduler.schedule(write, latency, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            onRejected.run();
        }
    }
}
