package io.herald.it;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Recipients for tests: distinct Norwegian mobile numbers (+47 9xxxxxxx, valid per libphonenumber). */
final class TestRecipients {

    private static final Random RANDOM = new Random();

    private TestRecipients() {
    }

    /**
     * @param count how many numbers
     * @return distinct E.164 numbers {@code +479DDDDDDD}, random so that test runs on one broker do not meet
     */
    static List<String> norwegianMobiles(int count) {
        Set<String> numbers = new LinkedHashSet<>();
        while (numbers.size() < count) {
            numbers.add(String.format("+479%07d", RANDOM.nextInt(10_000_000)));
        }
        return List.copyOf(numbers);
    }

    /**
     * @param number an E.164 number such as {@code +4791234567}
     * @return the number as an SMSC sees it in {@code submit_sm} {@code destination_addr} with TON international:
     *     digits only, {@code 4791234567} (SMPP 3.4 §5.2.8)
     */
    static String smscAddress(String number) {
        return number.replaceAll("\\D", "");
    }
}
