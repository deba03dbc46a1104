package io.herald.harness.chaos;

import io.herald.harness.ingest.Recipient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The recipients of one scenario's batch: distinct Norwegian mobile numbers ({@code +479DDDDDDD}, valid per
 * libphonenumber), plus a few recipients that get {@value #MESSAGES_PER_REPEATED} messages each, so that per-recipient
 * ordering is exercised too. Each recipient carries its index as the template variable {@code n}, so every message's
 * text is distinct: {@value #TEMPLATE}.
 */
final class ChaosBatch {

    /** The message template; {@code n} is the message's 0-based index in the batch. */
    static final String TEMPLATE = "Herald chaos message {{n}}";

    /** Messages each repeated recipient gets. */
    static final int MESSAGES_PER_REPEATED = 5;

    private ChaosBatch() {
    }

    /**
     * @param count messages, at least 1
     * @param random source of the numbers and of the order
     * @return {@code count} recipients in random order; about 1 in 200 messages goes to a repeated recipient
     */
    static List<Recipient> recipients(int count, Random random) {
        int repeated = count >= 2 * MESSAGES_PER_REPEATED ? Math.max(1, count / 1000) : 0;
        int distinct = count - repeated * MESSAGES_PER_REPEATED;
        Set<String> numbers = new LinkedHashSet<>();
        while (numbers.size() < distinct + repeated) {
            numbers.add(String.format("+479%07d", random.nextInt(10_000_000)));
        }
        List<String> all = new ArrayList<>(numbers);
        List<String> to = new ArrayList<>(all.subList(0, distinct));
        for (String number : all.subList(distinct, all.size())) {
            to.addAll(Collections.nCopies(MESSAGES_PER_REPEATED, number));
        }
        Collections.shuffle(to, random);
        List<Recipient> recipients = new ArrayList<>(count);
        for (int i = 0; i < to.size(); i++) {
            recipients.add(new Recipient(to.get(i), Map.of("n", Integer.toString(i))));
        }
        return recipients;
    }

    /**
     * The push form: {@code count} recipients, half iOS devices (64 hex digits) and half Android devices (FCM-shaped
     * registration tokens), about 1 in 200 messages to a repeated device, in random order, each with its index as
     * {@code n}.
     *
     * @param count messages, at least 1
     * @param random source of the tokens and of the order
     * @return the recipients, each with its platform
     */
    static List<Recipient> pushRecipients(int count, Random random) {
        List<Recipient> phones = recipients(count, random);
        List<Recipient> devices = new ArrayList<>(count);
        java.util.Map<String, Recipient> byNumber = new java.util.HashMap<>();
        for (Recipient phone : phones) {
            Recipient device = byNumber.computeIfAbsent(phone.to(), number -> device(random));
            devices.add(new Recipient(device.to(), phone.vars(), device.platform()));
        }
        return devices;
    }

    private static Recipient device(Random random) {
        StringBuilder token = new StringBuilder();
        boolean ios = random.nextBoolean();
        String alphabet = ios ? "0123456789abcdef"
                : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
        for (int i = 0; i < (ios ? 64 : 152); i++) {
            token.append(alphabet.charAt(random.nextInt(alphabet.length())));
            if (!ios && i == 21) {
                token.append(':');
            }
        }
        return new Recipient(token.toString(), Map.of(), ios ? "ios" : "android");
    }
}
