package io.herald.dispatcher.receipt;

import io.herald.dispatcher.config.DispatcherConfig;

/**
 * What the receipt handling needs from {@link DispatcherConfig}.
 *
 * @param enabled whether receipts are stored and correlated ({@code receipts.enabled})
 * @param convertIds whether ids are also matched across hexadecimal and decimal ({@code receipts.id.conversion=auto})
 * @param retentionMs how long a sent message waits for its receipts, in ms ({@code receipts.retention.ms})
 * @param unmatchedTimeoutMs how long a receipt waits for its message, in ms ({@code receipts.unmatched.timeout.ms})
 * @param storeTimeoutMs how long a deliver_sm waits for Kafka to store its receipt, in ms
 *     ({@code receipts.store.timeout.ms})
 * @param closeTimeoutMs how long, from the start of a shutdown, the correlator has to stop, in ms
 *     ({@code receipts.close.timeout.ms})
 */
public record ReceiptSettings(boolean enabled, boolean convertIds, long retentionMs, long unmatchedTimeoutMs,
                              long storeTimeoutMs, long closeTimeoutMs) {

    /**
     * @param config the dispatcher configuration
     * @return its receipts.* settings
     */
    public static ReceiptSettings from(DispatcherConfig config) {
        return new ReceiptSettings(
                config.getBoolean(ReceiptConfig.RECEIPTS_ENABLED_CONFIG),
                ReceiptConfig.RECEIPTS_ID_CONVERSION_AUTO.equals(
                        config.getString(ReceiptConfig.RECEIPTS_ID_CONVERSION_CONFIG)),
                config.getLong(ReceiptConfig.RECEIPTS_RETENTION_MS_CONFIG),
                config.getLong(ReceiptConfig.RECEIPTS_UNMATCHED_TIMEOUT_MS_CONFIG),
                config.getLong(ReceiptConfig.RECEIPTS_STORE_TIMEOUT_MS_CONFIG),
                config.getLong(ReceiptConfig.RECEIPTS_CLOSE_TIMEOUT_MS_CONFIG));
    }
}
