package io.herald.cli;

import io.herald.harness.ingest.Recipient;
import io.herald.local.ReceivedPush;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The push demo's check: renders the title, body and data for every accepted recipient, as ingest does, and counts
 * how many of them the simulator's APNs and FCM servers received exactly, to the recipient's token on its platform
 * (an iOS token compared lower-cased, as ingest normalizes it). Compared as a multiset, so two identical pushes need
 * two received copies.
 */
final class PushDemoCheck {

    private PushDemoCheck() {
    }

    /**
     * @param title the title template
     * @param body the body template
     * @param data the data templates, by key
     * @param recipients every recipient submitted, in file order
     * @param rejectedRows positions in {@code recipients} that ingest rejected
     * @param received every push the servers accepted
     * @return how many accepted recipients' pushes arrived intact
     */
    static long intact(String title, String body, Map<String, String> data, List<Recipient> recipients,
                       Set<Integer> rejectedRows, List<ReceivedPush> received) {
        Map<String, Integer> arrived = new HashMap<>();
        for (ReceivedPush push : received) {
            arrived.merge(key(push.platform(), push.token(), push.title(), push.body(), push.data()), 1,
                    Integer::sum);
        }
        long intact = 0;
        for (int row = 0; row < recipients.size(); row++) {
            if (rejectedRows.contains(row)) {
                continue;
            }
            Recipient recipient = recipients.get(row);
            Map<String, String> rendered = new TreeMap<>();
            data.forEach((k, v) -> rendered.put(k, DemoTextCheck.render(v, recipient.vars())));
            String platform = recipient.platform().strip().toLowerCase(Locale.ROOT);
            String token = platform.equals("ios") ? recipient.to().strip().toLowerCase(Locale.ROOT)
                    : recipient.to().strip();
            String key = key(platform, token, DemoTextCheck.render(title, recipient.vars()),
                    DemoTextCheck.render(body, recipient.vars()), rendered);
            Integer left = arrived.get(key);
            if (left != null && left > 0) {
                intact++;
                arrived.put(key, left - 1);
            }
        }
        return intact;
    }

    private static String key(String platform, String token, String title, String body, Map<String, String> data) {
        return platform + "\u0000" + token + "\u0000" + title + "\u0000" + body + "\u0000" + new TreeMap<>(data);
    }
}
