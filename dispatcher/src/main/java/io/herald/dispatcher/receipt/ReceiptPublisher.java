package io.herald.dispatcher.receipt;

import io.herald.dispatcher.admin.ReceiptStats;
import io.herald.dispatcher.send.sms.DeliverSmHandler;
import io.herald.dispatcher.status.StatusPublisher;
import io.herald.dispatcher.suppression.MoStopHandler;
import io.herald.schema.DeliveryReceipt;
import io.herald.schema.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.serialization.Serializer;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.extra.ProcessRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores each delivery receipt an SMPP session receives on {@value Topics#RECEIPTS}, keyed by the canonical form of
 * its gateway message id ({@link GatewayMessageIds#canonical}), and only then lets the {@code deliver_sm_resp} go out:
 * a receipt the SMSC saw acknowledged is in Kafka. If Kafka does not acknowledge it within
 * {@code receipts.store.timeout.ms}, the deliver_sm is answered with {@code ESME_RSYSERR} (0x08), so that the SMSC
 * sends it again later (SMPP 3.4 §4.6.2). A receipt without a message id or a known state is counted, logged with its
 * sender masked, and acknowledged: sending it again would not help. A deliver_sm that is not a receipt (a
 * mobile-originated message) is counted; if it is a STOP, the {@link MoStopHandler} (when there is one) puts its
 * sender on the suppression list first, with the same rule (stored before acknowledged, else ESME_RSYSERR); any other
 * MO message is only acknowledged.
 */
public final class ReceiptPublisher implements DeliverSmHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiptPublisher.class);

    private final StatusPublisher publisher;
    private final Serializer<DeliveryReceipt> serializer;
    private final String gateway;
    private final long storeTimeoutMs;
    private final ReceiptStats stats;
    private final Clock clock;
    private final MoStopHandler moStop;

    /** @return a receipt of no message, to register the schema with at start-up (never written) */
    public static DeliveryReceipt sample() {
        return DeliveryReceipt.newBuilder().setGatewayMessageId("schema-sample").setStat("DELIVRD")
                .setReceivedAt(java.time.Instant.EPOCH).setRecipient("").setGateway("none").build();
    }

    /**
     * A receipt publisher that only counts and acknowledges mobile-originated messages (no STOP handling).
     *
     * @param publisher writes to Kafka (acks=all)
     * @param serializer serializes receipts (Apicurio Avro, Confluent wire format), already configured
     * @param gateway the gateway's name, e.g. {@code smpp}
     * @param storeTimeoutMs how long to wait for Kafka's acknowledgement, in ms
     * @param stats receipt counters
     * @param clock gives the receive time
     */
    public ReceiptPublisher(StatusPublisher publisher, Serializer<DeliveryReceipt> serializer, String gateway,
                            long storeTimeoutMs, ReceiptStats stats, Clock clock) {
        this(publisher, serializer, gateway, storeTimeoutMs, stats, clock, null);
    }

    /**
     * @param publisher writes to Kafka (acks=all)
     * @param serializer serializes receipts (Apicurio Avro, Confluent wire format), already configured
     * @param gateway the gateway's name, e.g. {@code smpp}
     * @param storeTimeoutMs how long to wait for Kafka's acknowledgement, in ms
     * @param stats receipt counters
     * @param clock gives the receive time
     * @param moStop handles inbound STOP messages, or null to only count and acknowledge every MO message
     */
    public ReceiptPublisher(StatusPublisher publisher, Serializer<DeliveryReceipt> serializer, String gateway,
                            long storeTimeoutMs, ReceiptStats stats, Clock clock, MoStopHandler moStop) {
        this.moStop = moStop;
        this.publisher = publisher;
        this.serializer = serializer;
        this.gateway = gateway;
        this.storeTimeoutMs = storeTimeoutMs;
        this.stats = stats;
        this.clock = clock;
    }

    @Override
    public void onDeliverSm(DeliverSm pdu) throws ProcessRequestException {
        if (!ReceiptParser.isReceipt(pdu)) {
            stats.recordMobileOriginated();
            if (moStop != null && moStop.handle(pdu)) {
                return;
            }
            LOG.debug("Mobile-originated deliver_sm from {} acknowledged",
                    ReceiptParser.maskedAddress(pdu.getSourceAddr()));
            return;
        }
        Optional<DeliveryReceipt> parsed = ReceiptParser.parse(pdu, gateway, clock.instant());
        if (parsed.isEmpty()) {
            stats.recordMalformed();
            LOG.warn("Delivery receipt from {} names no message id or no known state; acknowledged and dropped",
                    ReceiptParser.maskedAddress(pdu.getSourceAddr()));
            return;
        }
        DeliveryReceipt receipt = parsed.get();
        String key = GatewayMessageIds.canonical(receipt.getGatewayMessageId());
        try {
            publisher.write(Topics.RECEIPTS, null, key.getBytes(StandardCharsets.UTF_8),
                    serializer.serialize(Topics.RECEIPTS, receipt)).get(storeTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw storeFailed(receipt, e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw storeFailed(receipt, e);
        }
        stats.recordReceived();
        LOG.debug("Receipt for gateway message id {} ({}) stored", receipt.getGatewayMessageId(), receipt.getStat());
    }

    private ProcessRequestException storeFailed(DeliveryReceipt receipt, Exception cause) {
        stats.recordStoreFailed();
        LOG.warn("Receipt for gateway message id {} not stored in {} ({}); answering ESME_RSYSERR so the SMSC "
                + "sends it again", receipt.getGatewayMessageId(), Topics.RECEIPTS, cause.toString());
        return new ProcessRequestException("receipt not stored", SMPPConstant.STAT_ESME_RSYSERR);
    }
}
