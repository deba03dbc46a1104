package io.herald.harness.ingest;

import java.util.Map;

/**
 * One row of the demo's recipients file.
 *
 * @param to the phone number as written in the file (national or international format; ingest normalizes it to
 *     E.164), the e-mail address, or the push device token
 * @param vars the template variables of this recipient: every other column, by header name
 * @param platform for a push recipient its device's platform ({@code ios} or {@code android}); null otherwise
 */
public record Recipient(String to, Map<String, String> vars, String platform) {

    /**
     * An SMS or e-mail recipient.
     *
     * @param to the phone number or address
     * @param vars the template variables
     */
    public Recipient(String to, Map<String, String> vars) {
        this(to, vars, null);
    }

    @Override
    public String toString() {
        return "Recipient[" + vars.keySet() + "]"; // no number or name in clear
    }
}
