package io.herald.ingest.api;

/**
 * What a text costs as SMS, as {@code POST /v1/sms-info} answers it: the same count as {@code ./herald sms-info} and
 * as a batch's {@code segments} (one implementation, {@code io.herald.sms.SmsEncoder}).
 *
 * @param encoding {@code GSM7} (the GSM 03.38 default alphabet and its extension table) or {@code UCS2}, per 3GPP TS
 *     23.038
 * @param characters the text's length in Unicode code points
 * @param units its length in the encoding: septets for GSM7 (an extension-table character such as {@code €} counts
 *     2), UTF-16 code units for UCS2 (a character outside the BMP, such as most emoji, counts 2)
 * @param segments the submit_sm PDUs it takes, at least 1: one holds 160 septets or 70 UCS2 units; a longer text is
 *     split into parts of 153 or 67 (each part's UDH takes the rest), per 3GPP TS 23.040 §9.2.3.24.1
 */
public record SmsTextInfo(String encoding, int characters, int units, int segments) {

    /**
     * The body of {@code POST /v1/sms-info}.
     *
     * @param text the text, as it will be sent (placeholders are counted as written)
     */
    public record Request(String text) {
    }
}
