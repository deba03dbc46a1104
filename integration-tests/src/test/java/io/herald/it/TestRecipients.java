package io.herald.it;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Recipients for tests: distinct Norwegian mobile numbers (+47 9xxxxxxx, valid per libphonenumber). */
final class TestRecipients {

    private static final Random RANDOM = new Random();
    /**
     * Every number handed out in this JVM: the test classes share one stack (and its SMSC simulator) per run, and a
     * number two of them drew by chance made a test that counts messages per recipient see another test's message.
     */
    private static final Set<String> ISSUED = new HashSet<>(List.of(
            // written literally by BadInputIT and TemplatesIT
            "+4791234567", "+4791234568"));

    private TestRecipients() {
    }

    /**
     * @param count how many numbers
     * @return distinct E.164 numbers {@code +479DDDDDDD}, random so that test runs on one broker do not meet, and never
     *     one handed out before in this JVM
     */
    static List<String> norwegianMobiles(int count) {
        Set<String> numbers = new LinkedHashSet<>();
        synchronized (ISSUED) {
            while (numbers.size() < count) {
                String number = String.format("+479%07d", RANDOM.nextInt(10_000_000));
                if (ISSUED.add(number)) {
                    numbers.add(number);
                }
            }
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
