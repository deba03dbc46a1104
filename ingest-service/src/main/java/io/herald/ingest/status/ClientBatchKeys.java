package io.herald.ingest.status;

import java.time.Instant;
import java.util.Locale;

/**
 * Keys of the client index ({@link StatusTopology#CLIENT_BATCHES_STORE}), all records of one client in one partition
 * (the store is fed from a topic keyed by client id). Each batch has two entries:
 * <ul>
 *   <li>{@code <clientId> NUL <16 hex digits: Long.MAX_VALUE - createdAt in ms> NUL <batchId>}: in key order (bytes,
 *       as RocksDB keeps them) the client's batches come newest first;</li>
 *   <li>{@code <clientId> SOH <batchId>}: finds a batch's first entry by id (a later intake may move it, and a page
 *       cursor names a batch).</li>
 * </ul>
 * Client ids and batch ids never hold NUL or SOH (both are checked: {@code auth.clients.<id>} names, and
 * {@code BatchIds}).
 */
public final class ClientBatchKeys {

    private static final char ORDERED = '\u0000';
    private static final char BY_ID = '\u0001';

    private ClientBatchKeys() {
    }

    /**
     * @param clientId the client
     * @param createdAt the batch's creation time
     * @param batchId the batch
     * @return its entry in creation order, newest first
     */
    static String ordered(String clientId, Instant createdAt, String batchId) {
        long millis = createdAt == null ? 0 : createdAt.toEpochMilli();
        return clientId + ORDERED + String.format(Locale.ROOT, "%016x", Long.MAX_VALUE - millis) + ORDERED + batchId;
    }

    /**
     * @param clientId the client
     * @param batchId the batch
     * @return its entry by id
     */
    static String byId(String clientId, String batchId) {
        return clientId + BY_ID + batchId;
    }

    /**
     * @param clientId the client
     * @return the smallest key of the client's ordered entries (inclusive)
     */
    static String first(String clientId) {
        return clientId + ORDERED;
    }

    /**
     * @param orderedKey an ordered entry's key
     * @return the smallest key after it
     */
    static String after(String orderedKey) {
        return orderedKey + ORDERED;
    }

    /**
     * @param clientId the client
     * @return a key above every one of the client's ordered entries and below its entries by id (inclusive bound)
     */
    static String last(String clientId) {
        return clientId + BY_ID;
    }
}
