package io.herald.dispatcher.receipt;

import java.math.BigInteger;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The forms of a gateway message id under which a receipt may name it.
 *
 * <p>SMPP 3.4 says a receipt's {@code id:} (Appendix B) and {@code receipted_message_id} (§5.3.2.12) carry the
 * message_id of the {@code submit_sm_resp}, but real SMSCs differ: many answer the submit with a hexadecimal id and
 * write the receipt's id in decimal (or the reverse), some pad with zeros, some change case. So Herald compares ids in
 * a canonical form (trimmed, lower case, without leading zeros) and, with conversion on, files each submitted id under
 * three forms: as written, read as hexadecimal and written in decimal, and read as decimal and written in hexadecimal.
 * A receipt is looked up under its id's canonical form only, so it matches whichever convention its SMSC follows.
 */
public final class GatewayMessageIds {

    /** Longest id converted between bases, in characters: ids longer than any 128-bit number are taken as opaque. */
    private static final int MAX_CONVERTED_LENGTH = 39;

    private GatewayMessageIds() {
    }

    /**
     * @param id a gateway message id, e.g. {@code 00A1B2}
     * @return its canonical form: trimmed, lower case, leading zeros removed ({@code "0"} if all zeros), e.g.
     *     {@code a1b2}
     */
    public static String canonical(String id) {
        String s = id.trim().toLowerCase(Locale.ROOT);
        int start = 0;
        while (start < s.length() - 1 && s.charAt(start) == '0') {
            start++;
        }
        return s.substring(start);
    }

    /**
     * The canonical forms a receipt for this id may use.
     *
     * @param id an id from a submit_sm_resp
     * @param convert whether to add the hexadecimal-to-decimal and decimal-to-hexadecimal forms
     * @return the canonical form first, then the converted forms that differ from it; never empty
     */
    public static Set<String> forms(String id, boolean convert) {
        String canonical = canonical(id);
        Set<String> forms = new LinkedHashSet<>();
        forms.add(canonical);
        if (convert && !canonical.isEmpty() && canonical.length() <= MAX_CONVERTED_LENGTH) {
            if (isDigits(canonical, 16)) {
                forms.add(new BigInteger(canonical, 16).toString(10));
            }
            if (isDigits(canonical, 10)) {
                forms.add(new BigInteger(canonical, 10).toString(16));
            }
        }
        return forms;
    }

    private static boolean isDigits(String s, int radix) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), radix) < 0) {
                return false;
            }
        }
        return true;
    }
}
