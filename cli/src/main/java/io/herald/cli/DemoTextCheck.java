package io.herald.cli;

import io.herald.harness.ingest.Recipient;
import io.herald.local.SmscMessage;
import io.herald.sms.GsmSeptetCounter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's check of its UCS-2 rows: renders the template for every accepted recipient whose text falls outside the
 * GSM 7-bit alphabet (3GPP TS 23.038; Greek, Cyrillic, Arabic, Chinese, Devanagari, emoji …) and counts how many of
 * those texts the SMSC simulator received exactly, with data_coding 8 (UCS-2) and no segment anomalies. Texts are
 * compared as a multiset, so two recipients with the same text need two received copies.
 */
final class DemoTextCheck {

    /** {@code {{ name }}}, as ingest's template syntax writes a placeholder. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*}}");
    private static final int DATA_CODING_UCS2 = 8;

    /**
     * @param expected UCS-2 texts of accepted recipients
     * @param intact how many of them the simulator received exactly, as UCS-2, without anomalies
     */
    record Result(long expected, long intact) {
    }

    private DemoTextCheck() {
    }

    /**
     * @param template the batch template
     * @param recipients every recipient submitted, in file order
     * @param rejectedRows positions in {@code recipients} that ingest rejected
     * @param received every message the simulator received
     * @return the count of expected UCS-2 texts and of those received intact
     */
    static Result check(String template, List<Recipient> recipients, Set<Integer> rejectedRows,
                        List<SmscMessage> received) {
        Map<String, Integer> arrived = new HashMap<>();
        for (SmscMessage message : received) {
            if (message.dataCoding() == DATA_CODING_UCS2 && message.anomalies().isEmpty()) {
                arrived.merge(message.text(), 1, Integer::sum);
            }
        }
        long expected = 0;
        long intact = 0;
        for (int row = 0; row < recipients.size(); row++) {
            if (rejectedRows.contains(row)) {
                continue;
            }
            String text = render(template, recipients.get(row).vars());
            if (GsmSeptetCounter.canEncode(text)) {
                continue;
            }
            expected++;
            Integer left = arrived.get(text);
            if (left != null && left > 0) {
                intact++;
                arrived.put(text, left - 1);
            }
        }
        return new Result(expected, intact);
    }

    /**
     * @param template a template with {@code {{var}}} placeholders
     * @param vars the values; a missing one renders as nothing (ingest would have rejected that recipient)
     * @return the rendered text
     */
    static String render(String template, Map<String, String> vars) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(vars.getOrDefault(m.group(1), "")));
        }
        m.appendTail(out);
        return out.toString();
    }
}
