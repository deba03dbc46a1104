package io.herald.cli;

import io.herald.harness.ingest.Recipient;
import io.herald.local.ReceivedMail;
import io.herald.text.HtmlEscape;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The e-mail demo's check: renders the subject, text and HTML for every accepted recipient (the HTML with
 * HTML-escaped variables, as ingest does) and counts how many of them the mail server received exactly, to the
 * lower-cased address. Compared as a multiset, so two identical e-mails need two received copies.
 */
final class EmailDemoCheck {

    private EmailDemoCheck() {
    }

    /**
     * @param subject the subject template
     * @param text the text template
     * @param html the HTML template, or null
     * @param recipients every recipient submitted, in file order
     * @param rejectedRows positions in {@code recipients} that ingest rejected
     * @param received every e-mail the mail server received
     * @return how many accepted recipients' e-mails arrived intact
     */
    static long intact(String subject, String text, String html, List<Recipient> recipients, Set<Integer> rejectedRows,
                       List<ReceivedMail> received) {
        Map<String, Integer> arrived = new HashMap<>();
        for (ReceivedMail mail : received) {
            for (String to : mail.to()) {
                arrived.merge(key(to, mail.subject(), mail.text(), mail.html()), 1, Integer::sum);
            }
        }
        long intact = 0;
        for (int row = 0; row < recipients.size(); row++) {
            if (rejectedRows.contains(row)) {
                continue;
            }
            Recipient recipient = recipients.get(row);
            String key = key(recipient.to(), DemoTextCheck.render(subject, recipient.vars()),
                    DemoTextCheck.render(text, recipient.vars()),
                    html == null ? null : DemoTextCheck.render(html, HtmlEscape.values(recipient.vars())));
            Integer left = arrived.get(key);
            if (left != null && left > 0) {
                intact++;
                arrived.put(key, left - 1);
            }
        }
        return intact;
    }

    private static String key(String to, String subject, String text, String html) {
        return to.strip().toLowerCase(Locale.ROOT) + "\u0000" + subject + "\u0000" + strip(text) + "\u0000"
                + strip(html);
    }

    private static String strip(String body) {
        return body == null ? "" : body.strip();
    }
}
