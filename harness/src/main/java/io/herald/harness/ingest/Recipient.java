package io.herald.harness.ingest;

import java.util.Map;

/**
 * One row of the demo's recipients file.
 *
 * @param to the phone number as written in the file (national or international format; ingest normalizes it to
 *     E.164)
 * @param vars the template variables of this recipient: every other column, by header name
 */
public record Recipient(String to, Map<String, String> vars) {

    @Override
    public String toString() {
        return "Recipient[" + vars.keySet() + "]"; // no number or name in clear
    }
}
