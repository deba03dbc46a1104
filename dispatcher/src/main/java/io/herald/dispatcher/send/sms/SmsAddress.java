package io.herald.dispatcher.send.sms;

import io.herald.sms.SenderKind;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;

/**
 * An SMPP address with its type of number and numbering plan (SMPP 3.4 §5.2.5, §5.2.6).
 *
 * @param ton the type of number
 * @param npi the numbering plan indicator
 * @param address the address as sent in {@code source_addr} / {@code destination_addr}
 */
public record SmsAddress(TypeOfNumber ton, NumberingPlanIndicator npi, String address) {

    /**
     * The {@code source_addr} for a sender id, per its {@link SenderKind} (the rules ingest checks):
     * <ul>
     *   <li>E.164, {@code +} and digits: TON 1 international, NPI 1 ISDN/E.164, without the {@code +};</li>
     *   <li>a short code of 1–8 digits: TON 3 network specific, NPI 0 unknown;</li>
     *   <li>an alphanumeric id (1–11 GSM 7-bit characters): TON 5 alphanumeric, NPI 0 unknown.</li>
     * </ul>
     * A sender of no kind cannot come through ingest; for records written by another producer, more than 8 digits
     * are taken as an international number without its {@code +} (TON 1, NPI 1) and anything else as alphanumeric
     * (TON 5, NPI 0), for the gateway to accept or refuse.
     *
     * @param sender the sender id from the request, not null
     * @return the address
     */
    public static SmsAddress source(String sender) {
        SenderKind kind = SenderKind.of(sender).orElse(null);
        if (kind == SenderKind.E164) {
            return new SmsAddress(TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, sender.substring(1));
        }
        if (kind == SenderKind.SHORT_CODE) {
            return new SmsAddress(TypeOfNumber.NETWORK_SPECIFIC, NumberingPlanIndicator.UNKNOWN, sender);
        }
        if (kind == null && allDigits(sender)) {
            return new SmsAddress(TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, sender);
        }
        return new SmsAddress(TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN, sender);
    }

    /**
     * The {@code destination_addr} for an E.164 recipient: TON 1 international, NPI 1 ISDN/E.164, digits without the
     * {@code +}.
     *
     * @param recipient an E.164 number such as {@code +4791234567}; a leading {@code +} is optional
     * @return the address
     */
    public static SmsAddress destination(String recipient) {
        String digits = recipient.startsWith("+") ? recipient.substring(1) : recipient;
        return new SmsAddress(TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, digits);
    }

    private static boolean allDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Does not print the address: it may be a phone number. */
    @Override
    public String toString() {
        return "SmsAddress[ton=" + ton + ", npi=" + npi + "]";
    }
}
