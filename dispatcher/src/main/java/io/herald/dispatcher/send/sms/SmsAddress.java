package io.herald.dispatcher.send.sms;

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

    private static final int SHORT_CODE_MAX_DIGITS = 8;

    /**
     * The {@code source_addr} for a sender id:
     * <ul>
     *   <li>{@code +} and digits (E.164): TON 1 international, NPI 1 ISDN/E.164, without the {@code +};</li>
     *   <li>at most 8 digits: a short code, TON 3 network specific, NPI 0 unknown;</li>
     *   <li>more digits without {@code +}: taken as an international number without its {@code +}, TON 1, NPI 1;</li>
     *   <li>anything else: an alphanumeric sender id, TON 5 alphanumeric, NPI 0 unknown.</li>
     * </ul>
     *
     * @param sender the sender id from the request
     * @return the address
     */
    public static SmsAddress source(String sender) {
        if (sender.length() > 1 && sender.charAt(0) == '+' && allDigits(sender.substring(1))) {
            return new SmsAddress(TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, sender.substring(1));
        }
        if (!sender.isEmpty() && allDigits(sender)) {
            return sender.length() <= SHORT_CODE_MAX_DIGITS
                    ? new SmsAddress(TypeOfNumber.NETWORK_SPECIFIC, NumberingPlanIndicator.UNKNOWN, sender)
                    : new SmsAddress(TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, sender);
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
