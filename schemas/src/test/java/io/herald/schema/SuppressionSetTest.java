package io.herald.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** SuppressionSet against a plain set of keys, and its size in heap with 5,000,000 phone entries. */
class SuppressionSetTest {

    private final SuppressionSet set = new SuppressionSet();

    @Test
    void phoneAndEmailEntriesPerOwner() {
        assertThat(set.add(null, "+4791234567")).isTrue();
        assertThat(set.add(null, "+4791234567")).isFalse();
        assertThat(set.add("shop", "+4791234567")).isTrue();
        assertThat(set.add("shop", "ola@example.com")).isTrue();
        assertThat(set.add("bank", "ola@example.com")).isTrue();

        assertThat(set.size()).isEqualTo(4);
        assertThat(set.count(null)).isEqualTo(1);
        assertThat(set.count("shop")).isEqualTo(2);
        assertThat(set.count("nobody")).isZero();
        assertThat(set.containsAny("+4791234567")).isTrue();
        assertThat(set.containsAny("+4791234568")).isFalse();
        assertThat(set.contains("bank", "+4791234567")).isFalse();
        assertThat(set.contains("bank", "ola@example.com")).isTrue();
        assertThat(set.contains("nobody", "ola@example.com")).isFalse();

        assertThat(set.remove("shop", "ola@example.com")).isTrue();
        assertThat(set.remove("shop", "ola@example.com")).isFalse();
        assertThat(set.remove("nobody", "+4791234567")).isFalse();
        assertThat(set.containsAny("ola@example.com")).isTrue();
        assertThat(set.remove("bank", "ola@example.com")).isTrue();
        assertThat(set.containsAny("ola@example.com")).isFalse();
        assertThat(set.containsAny(null)).isFalse();
        assertThat(set.size()).isEqualTo(2);
    }

    @Test
    void onlyCanonicalE164IsHeldAsANumber() {
        assertThat(SuppressionSet.phone("+4791234567")).isEqualTo(4791234567L);
        assertThat(SuppressionSet.phone("+999999999999999")).isEqualTo(999_999_999_999_999L);
        assertThat(SuppressionSet.phone("+0471234")).isZero();
        assertThat(SuppressionSet.phone("+9999999999999999")).isZero();
        assertThat(SuppressionSet.phone("4791234567")).isZero();
        assertThat(SuppressionSet.phone("+47 912")).isZero();
        assertThat(SuppressionSet.phone("+")).isZero();
        // a non-canonical phone-like recipient is still held, exactly, as another recipient
        assertThat(set.add("shop", "+0471234")).isTrue();
        assertThat(set.containsAny("+0471234")).isTrue();
        assertThat(set.containsAny("+471234")).isFalse();
    }

    @Test
    void agreesWithAPlainSetOverManyAddsAndRemoves() {
        // given a model: the set of (owner, recipient) keys, over few recipients so that probe runs collide a lot
        Random random = new Random(42);
        Set<String> model = new HashSet<>();
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Integer> entriesPerRecipient = new HashMap<>();
        String[] owners = {null, "a", "b", "c"};
        for (int step = 0; step < 200_000; step++) {
            String owner = owners[random.nextInt(owners.length)];
            String recipient = random.nextInt(10) == 0 ? "u" + random.nextInt(50) + "@example.com"
                    : "+47" + (90_000_000 + random.nextInt(3_000));
            String key = owner + " " + recipient;
            boolean add = random.nextInt(3) > 0;
            // when
            boolean changed = add ? set.add(owner, recipient) : set.remove(owner, recipient);
            // then it changes exactly when the model does
            boolean modelChanged = add ? model.add(key) : model.remove(key);
            assertThat(changed).as("step %d: %s %s", step, add ? "add" : "remove", key).isEqualTo(modelChanged);
            if (changed) {
                counts.merge(String.valueOf(owner), add ? 1 : -1, Integer::sum);
                entriesPerRecipient.merge(recipient, add ? 1 : -1, Integer::sum);
            }
            String probe = "+47" + (90_000_000 + random.nextInt(3_000));
            assertThat(set.containsAny(probe)).isEqualTo(entriesPerRecipient.getOrDefault(probe, 0) > 0);
        }
        assertThat(set.size()).isEqualTo(model.size());
        for (String owner : owners) {
            assertThat(set.count(owner)).isEqualTo(counts.getOrDefault(String.valueOf(owner), 0));
        }
        for (String key : model) {
            int space = key.indexOf(' ');
            String owner = key.substring(0, space);
            assertThat(set.contains("null".equals(owner) ? null : owner, key.substring(space + 1))).isTrue();
        }
    }

    @Test
    void fiveMillionPhoneEntriesTakeLessThan100MiBOfHeap() {
        // given the heap in use before
        long before = usedHeapAfterGc();
        // when 5,000,000 distinct E.164 recipients are added, a tenth of them by a client
        for (int i = 0; i < 5_000_000; i++) {
            set.add(i % 10 == 0 ? "shop" : null, "+4740" + (1_000_000 + i));
        }
        long used = usedHeapAfterGc() - before;
        // then they fit well within a dispatcher's heap (a map of strings would take over 500 MiB)
        assertThat(set.size()).isEqualTo(5_000_000);
        assertThat(set.count("shop")).isEqualTo(500_000);
        assertThat(set.containsAny("+4740" + (1_000_000 + 5_000_000))).isFalse();
        assertThat(set.containsAny("+4740" + (1_000_000 + 4_999_999))).isTrue();
        assertThat(set.contains("shop", "+4740" + (1_000_000 + 10))).isTrue();
        assertThat(set.contains("shop", "+4740" + (1_000_000 + 11))).isFalse();
        assertThat(used).as("heap held by 5,000,000 entries, bytes").isLessThan(100L * 1024 * 1024);
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
