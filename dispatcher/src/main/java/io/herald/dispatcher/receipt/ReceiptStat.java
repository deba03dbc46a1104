package io.herald.dispatcher.receipt;

import io.herald.schema.DeliveryState;
import java.util.Locale;
import java.util.Optional;

/**
 * A receipt's message state: the {@code stat:} values of SMPP 3.4 Appendix B and the {@code message_state} TLV values
 * of §5.2.28, and the {@link DeliveryState} Herald reports for each.
 *
 * <table>
 *   <caption>States</caption>
 *   <tr><th>stat</th><th>message_state</th><th>Herald</th></tr>
 *   <tr><td>ENROUTE</td><td>1</td><td>not final: ignored</td></tr>
 *   <tr><td>DELIVRD</td><td>2</td><td>DELIVERED</td></tr>
 *   <tr><td>EXPIRED</td><td>3</td><td>EXPIRED</td></tr>
 *   <tr><td>DELETED</td><td>4</td><td>UNDELIVERED</td></tr>
 *   <tr><td>UNDELIV</td><td>5</td><td>UNDELIVERED</td></tr>
 *   <tr><td>ACCEPTD</td><td>6</td><td>not final: ignored</td></tr>
 *   <tr><td>UNKNOWN</td><td>7</td><td>UNDELIVERED (the SMSC gave up knowing)</td></tr>
 *   <tr><td>REJECTD</td><td>8</td><td>REJECTED</td></tr>
 * </table>
 */
public enum ReceiptStat {
    ENROUTE(1, null),
    DELIVRD(2, DeliveryState.DELIVERED),
    EXPIRED(3, DeliveryState.EXPIRED),
    DELETED(4, DeliveryState.UNDELIVERED),
    UNDELIV(5, DeliveryState.UNDELIVERED),
    ACCEPTD(6, null),
    UNKNOWN(7, DeliveryState.UNDELIVERED),
    REJECTD(8, DeliveryState.REJECTED);

    private final int messageState;
    private final DeliveryState deliveryState;

    ReceiptStat(int messageState, DeliveryState deliveryState) {
        this.messageState = messageState;
        this.deliveryState = deliveryState;
    }

    /** @return the message_state TLV value, SMPP 3.4 §5.2.28 */
    public int messageState() {
        return messageState;
    }

    /** @return the final state Herald reports, or empty for ENROUTE and ACCEPTD, which are not final */
    public Optional<DeliveryState> deliveryState() {
        return Optional.ofNullable(deliveryState);
    }

    /**
     * @param value a message_state TLV value
     * @return its stat, or empty if the value is not one of SMPP 3.4 §5.2.28
     */
    public static Optional<ReceiptStat> ofMessageState(int value) {
        for (ReceiptStat stat : values()) {
            if (stat.messageState == value) {
                return Optional.of(stat);
            }
        }
        return Optional.empty();
    }

    /**
     * Reads a {@code stat:} value, case-insensitively, also in the spellings SMSCs use besides Appendix B's
     * (DELIVERED, UNDELIVERABLE, REJECTED, ACCEPTED, EXPIRD).
     *
     * @param text the value, e.g. {@code DELIVRD}
     * @return its stat, or empty if unknown
     */
    public static Optional<ReceiptStat> ofText(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.trim().toUpperCase(Locale.ROOT);
        return Optional.ofNullable(switch (s) {
            case "DELIVRD", "DELIVERED" -> DELIVRD;
            case "EXPIRED", "EXPIRD" -> EXPIRED;
            case "DELETED" -> DELETED;
            case "UNDELIV", "UNDELIVERABLE", "UNDELIVERED" -> UNDELIV;
            case "ACCEPTD", "ACCEPTED" -> ACCEPTD;
            case "UNKNOWN" -> UNKNOWN;
            case "REJECTD", "REJECTED" -> REJECTD;
            case "ENROUTE" -> ENROUTE;
            default -> null;
        });
    }
}
