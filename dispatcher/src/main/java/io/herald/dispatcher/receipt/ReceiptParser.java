package io.herald.dispatcher.receipt;

import io.herald.schema.DeliveryReceipt;
import io.herald.schema.PiiMask;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.OptionalParameter;

/**
 * Reads delivery receipts (DLRs) out of {@code deliver_sm} PDUs: esm_class message type "SMSC Delivery Receipt"
 * (0x04, SMPP 3.4 §5.2.12), the Appendix B text
 * {@code id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD err:E text:...},
 * and the TLVs {@code receipted_message_id} (§5.3.2.12), {@code message_state} (§5.3.2.35) and
 * {@code network_error_code} (§5.3.2.31). A TLV wins over the text when both are present.
 *
 * <p>The text is read leniently, as SMSCs write it in many ways: fields in any order, any case, ids of any width,
 * dates with or without seconds, the stat spellings of {@link ReceiptStat#ofText}, the text in
 * {@code message_payload} instead of {@code short_message}. jSMPP's own {@code DeliveryReceipt} parser is stricter
 * (it rejects a receipt whose date fields it cannot read), which is why Herald has its own.
 */
public final class ReceiptParser {

    private static final Pattern ID = Pattern.compile("(?i)(?:^|\\s)id:\\s*([^\\s]+)");
    private static final Pattern STAT = Pattern.compile("(?i)(?:^|\\s)stat:\\s*([A-Za-z]+)");
    private static final Pattern ERR = Pattern.compile("(?i)(?:^|\\s)err:\\s*([^\\s]+)");
    private static final Pattern DONE_DATE = Pattern.compile("(?i)(?:^|\\s)done[ _]date:\\s*(\\d{10}(?:\\d{2})?)");
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyMMddHHmm");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyMMddHHmmss");

    private ReceiptParser() {
    }

    /**
     * @param pdu a deliver_sm
     * @return true if its esm_class marks it as an SMSC delivery receipt; false for a mobile-originated message
     */
    public static boolean isReceipt(DeliverSm pdu) {
        return pdu.isSmscDeliveryReceipt();
    }

    /**
     * Reads a receipt.
     *
     * @param pdu a deliver_sm for which {@link #isReceipt} is true
     * @param gateway the gateway's name, for {@link DeliveryReceipt#getGateway()}
     * @param receivedAt when it arrived
     * @return the receipt, or empty if it names no message id or no state this class knows
     */
    public static Optional<DeliveryReceipt> parse(DeliverSm pdu, String gateway, Instant receivedAt) {
        String text = text(pdu);
        String id = tlvString(pdu, OptionalParameter.Tag.RECEIPTED_MESSAGE_ID);
        if (id == null || id.isBlank()) {
            id = group(ID, text);
        }
        Optional<ReceiptStat> stat = messageState(pdu);
        if (stat.isEmpty()) {
            stat = ReceiptStat.ofText(group(STAT, text));
        }
        if (id == null || id.isBlank() || stat.isEmpty()) {
            return Optional.empty();
        }
        String error = networkError(pdu);
        if (error == null) {
            error = group(ERR, text);
        }
        return Optional.of(DeliveryReceipt.newBuilder()
                .setGatewayMessageId(id.trim())
                .setStat(stat.get().name())
                .setErrorCode(error)
                .setDoneAt(doneDate(group(DONE_DATE, text)))
                .setReceivedAt(receivedAt)
                .setRecipient(pdu.getSourceAddr())
                .setGateway(gateway)
                .build());
    }

    /**
     * Reads a done date of Appendix B.
     *
     * @param value {@code YYMMDDhhmm} or {@code YYMMDDhhmmss}, taken as UTC, or null
     * @return the instant, or null if the value is null or not a date
     */
    static Instant doneDate(String value) {
        if (value == null) {
            return null;
        }
        try {
            DateTimeFormatter format = value.length() == 12 ? SECONDS : MINUTES;
            return LocalDateTime.parse(value, format).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Masks an SMPP address for a log line, as {@link PiiMask#recipient}; SMSCs write international numbers without
     * the {@code +} of E.164, so one of digits only is masked as a number.
     *
     * @param address a source_addr or destination_addr, or null
     * @return the masked form
     */
    static String maskedAddress(String address) {
        boolean digits = address != null && !address.isEmpty() && address.chars().allMatch(Character::isDigit);
        return PiiMask.recipient(digits ? "+" + address : address);
    }

    private static String text(DeliverSm pdu) {
        byte[] bytes = messageBytes(pdu);
        // Receipt texts are ASCII; ISO 8859-1 maps every octet to one character, so nothing fails to decode.
        return bytes == null ? "" : new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /**
     * The message octets of a deliver_sm: its {@code short_message}, or, when that is empty, its
     * {@code message_payload} TLV (SMPP 3.4 §5.3.2.32), undecoded.
     *
     * @param pdu a deliver_sm
     * @return the octets, or null if it carries none
     */
    public static byte[] messageBytes(DeliverSm pdu) {
        byte[] bytes = pdu.getShortMessage();
        if (bytes == null || bytes.length == 0) {
            OptionalParameter payload = pdu.getOptionalParameter(OptionalParameter.Tag.MESSAGE_PAYLOAD);
            if (payload instanceof OptionalParameter.OctetString octets) {
                bytes = octets.getValue();
            }
        }
        return bytes;
    }

    private static String tlvString(DeliverSm pdu, OptionalParameter.Tag tag) {
        OptionalParameter tlv = pdu.getOptionalParameter(tag);
        if (tlv instanceof OptionalParameter.OctetString s) {
            return new String(s.getValue(), StandardCharsets.ISO_8859_1).replace("\0", "");
        }
        return null;
    }

    private static Optional<ReceiptStat> messageState(DeliverSm pdu) {
        OptionalParameter tlv = pdu.getOptionalParameter(OptionalParameter.Tag.MESSAGE_STATE);
        if (tlv instanceof OptionalParameter.Byte b) {
            return ReceiptStat.ofMessageState(b.getValue() & 0xFF);
        }
        return Optional.empty();
    }

    private static String networkError(DeliverSm pdu) {
        OptionalParameter tlv = pdu.getOptionalParameter(OptionalParameter.Tag.NETWORK_ERROR_CODE);
        if (tlv instanceof OptionalParameter.Network_error_code code) {
            return code.getNetworkType() + ":" + (code.getErrorCode() & 0xFFFF);
        }
        return null;
    }

    private static String group(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : null;
    }
}
