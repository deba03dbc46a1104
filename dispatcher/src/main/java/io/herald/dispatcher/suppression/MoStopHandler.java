package io.herald.dispatcher.suppression;

import io.herald.dispatcher.admin.ReceiptStats;
import io.herald.dispatcher.receipt.ReceiptParser;
import io.herald.dispatcher.status.StatusPublisher;
import io.herald.schema.PiiMask;
import io.herald.schema.SuppressionEntry;
import io.herald.schema.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an inbound STOP SMS (a mobile-originated {@code deliver_sm} whose text is one of the {@link StopKeywords})
 * into a {@value Topics#SUPPRESSIONS} entry with source {@value SuppressionEntry#SOURCE_MO_STOP}, keyed by the sender
 * in E.164. The entry is written, and Kafka's acknowledgement awaited, before the {@code deliver_sm_resp} goes out:
 * if Kafka does not acknowledge within {@code receipts.store.timeout.ms}, the deliver_sm is answered with
 * {@code ESME_RSYSERR} (0x08) so that the SMSC sends it again (SMPP 3.4 §4.6.2), as for receipts.
 *
 * <p>The sender ({@code source_addr}) becomes E.164 per its type of number (SMPP 3.4 §5.2.5): TON 1 international
 * gives {@code +digits}; TON 0 unknown with a leading {@code +} and digits is kept as it is. Any other address
 * (national, short code, alphanumeric) cannot be placed without a numbering context: the STOP is counted as
 * unresolved, logged masked and acknowledged.
 *
 * <p>The text is decoded per {@code data_coding} (SMPP 3.4 §5.2.19): 0x08 as UCS-2 (UTF-16BE), anything else one
 * character per octet (the GSM 7-bit default alphabet, unpacked, and Latin-1 agree on the letters of the keywords).
 * A {@code message_payload} TLV is read when {@code short_message} is empty.
 */
public final class MoStopHandler {

    private static final Logger LOG = LoggerFactory.getLogger(MoStopHandler.class);
    private static final byte DATA_CODING_UCS2 = 0x08;

    private final StopKeywords keywords;
    private final StatusPublisher publisher;
    private final long storeTimeoutMs;
    private final ReceiptStats stats;
    private final Clock clock;

    /**
     * @param keywords the opt-out keywords
     * @param publisher writes to Kafka (acks=all)
     * @param storeTimeoutMs how long to wait for Kafka's acknowledgement, in ms
     * @param stats counters ({@code moStop}, {@code moStopUnresolved})
     * @param clock gives the entry's time
     */
    public MoStopHandler(StopKeywords keywords, StatusPublisher publisher, long storeTimeoutMs, ReceiptStats stats,
                         Clock clock) {
        this.keywords = keywords;
        this.publisher = publisher;
        this.storeTimeoutMs = storeTimeoutMs;
        this.stats = stats;
        this.clock = clock;
    }

    /**
     * Handles a mobile-originated deliver_sm if it is a STOP.
     *
     * @param pdu a deliver_sm that is not a delivery receipt
     * @return true if it was a STOP (written, or unresolved and only counted); false if it is another MO message,
     *     which nothing was written for
     * @throws ProcessRequestException with {@code ESME_RSYSERR} if the entry was not acknowledged by Kafka in time
     */
    public boolean handle(DeliverSm pdu) throws ProcessRequestException {
        if (!keywords.matches(text(pdu))) {
            return false;
        }
        Optional<String> sender = e164(pdu.getSourceAddrTon(), pdu.getSourceAddr());
        if (sender.isEmpty()) {
            stats.recordMoStopUnresolved();
            LOG.warn("STOP from {} (TON {}) not added to {}: the address is not an international number",
                    PiiMask.recipient(pdu.getSourceAddr()), pdu.getSourceAddrTon(), Topics.SUPPRESSIONS);
            return true;
        }
        SuppressionEntry entry = new SuppressionEntry(sender.get(), SuppressionEntry.SOURCE_MO_STOP, null,
                clock.instant());
        try {
            publisher.write(Topics.SUPPRESSIONS, null, entry.key(), entry.toJson())
                    .get(storeTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw storeFailed(entry, e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw storeFailed(entry, e);
        }
        stats.recordMoStop();
        LOG.info("STOP from {}: added to {}", PiiMask.recipient(entry.recipient()), Topics.SUPPRESSIONS);
        return true;
    }

    /**
     * The E.164 form of an SMPP source address.
     *
     * @param ton the {@code source_addr_ton}
     * @param address the {@code source_addr}, or null
     * @return {@code +digits} for TON international (with or without a {@code +} in the address), the address itself
     *     for TON unknown when it is already {@code +digits}; empty otherwise
     */
    static Optional<String> e164(byte ton, String address) {
        if (address == null) {
            return Optional.empty();
        }
        String trimmed = address.strip();
        boolean plus = trimmed.startsWith("+");
        String digits = plus ? trimmed.substring(1) : trimmed;
        if (digits.isEmpty() || digits.length() > 15 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
                || digits.charAt(0) == '0') {
            return Optional.empty();
        }
        if (ton == TypeOfNumber.INTERNATIONAL.value() || (ton == TypeOfNumber.UNKNOWN.value() && plus)) {
            return Optional.of("+" + digits);
        }
        return Optional.empty();
    }

    private static String text(DeliverSm pdu) {
        byte[] bytes = ReceiptParser.messageBytes(pdu);
        if (bytes == null) {
            return "";
        }
        return new String(bytes, pdu.getDataCoding() == DATA_CODING_UCS2 ? StandardCharsets.UTF_16BE
                : StandardCharsets.ISO_8859_1);
    }

    private ProcessRequestException storeFailed(SuppressionEntry entry, Exception cause) {
        LOG.warn("STOP from {} not stored in {} ({}); answering ESME_RSYSERR so the SMSC sends it again",
                PiiMask.recipient(entry.recipient()), Topics.SUPPRESSIONS, cause.toString());
        return new ProcessRequestException("suppression not stored", SMPPConstant.STAT_ESME_RSYSERR);
    }
}
