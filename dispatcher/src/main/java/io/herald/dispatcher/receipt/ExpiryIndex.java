package io.herald.dispatcher.receipt;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A time index over entries of other state stores, so that expired entries are found with one range scan instead of
 * a scan of every entry. Index keys are {@code <kind>|<13-digit ms timestamp>|<entry key>}, which sort by time within
 * a kind; values are empty.
 */
final class ExpiryIndex {

    private final KeyValueStore<String, String> store;

    /**
     * @param store the index's own store
     */
    ExpiryIndex(KeyValueStore<String, String> store) {
        this.store = store;
    }

    /**
     * Files an entry under a time.
     *
     * @param kind one character naming the store the entry is in
     * @param timestampMs the entry's time, ms since the epoch
     * @param key the entry's key
     */
    void add(char kind, long timestampMs, String key) {
        store.put(indexKey(kind, timestampMs) + key, "");
    }

    /**
     * Removes and returns the entries filed at or before a time, oldest first.
     *
     * @param kind the kind
     * @param upToMs the latest time to include, ms since the epoch
     * @param max the most entries to return, so that one punctuation stays short
     * @return the entry keys
     */
    List<String> removeDue(char kind, long upToMs, int max) {
        List<String> keys = new ArrayList<>();
        List<String> indexKeys = new ArrayList<>();
        String prefixLength = indexKey(kind, 0);
        try (KeyValueIterator<String, String> it = store.range(indexKey(kind, 0), indexKey(kind, upToMs + 1))) {
            while (it.hasNext() && keys.size() < max) {
                KeyValue<String, String> next = it.next();
                if (next.key.length() > prefixLength.length()) {
                    indexKeys.add(next.key);
                    keys.add(next.key.substring(prefixLength.length()));
                }
            }
        }
        indexKeys.forEach(store::delete);
        return keys;
    }

    /**
     * @return {@code <kind>|<time, 13 digits, zero-padded>|}, so that keys sort by time (13 digits hold ms since the
     *     epoch until the year 2286); built by hand: {@code String.format} looked up the locale's digits for every
     *     submission and was a fifth of the receipt correlator's CPU in the demo's profile
     */
    static String indexKey(char kind, long timestampMs) {
        String digits = Long.toString(Math.max(0, timestampMs));
        StringBuilder key = new StringBuilder(16 + digits.length()).append(kind).append('|');
        for (int pad = digits.length(); pad < 13; pad++) {
            key.append('0');
        }
        return key.append(digits).append('|').toString();
    }
}
