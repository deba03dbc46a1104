package io.herald.sms;

import java.util.Objects;

/**
 * What a text costs as SMS, as counted by {@link SmsEncoder#info(String)}; always equal to what
 * {@link SmsEncoder#encode(String)} produces for the same text.
 *
 * @param encoding the alphabet, never null
 * @param units the text's length in that alphabet: septets for {@link SmsEncoding#GSM7} (extension-table characters
 *     count 2), UTF-16 code units for {@link SmsEncoding#UCS2} (a character outside the BMP counts 2)
 * @param segments the submit_sm PDUs the text takes, at least 1; may exceed {@value SmsEncoder#MAX_SEGMENTS}, which
 *     {@link SmsEncoder#encode(String)} refuses
 */
public record SmsInfo(SmsEncoding encoding, int units, int segments) {

    public SmsInfo {
        Objects.requireNonNull(encoding, "encoding");
    }

    /** @return {@code encoding=GSM7 units=N segments=S}, the line {@code ./herald sms-info} prints */
    public String describe() {
        return "encoding=" + encoding + " units=" + units + " segments=" + segments;
    }
}
