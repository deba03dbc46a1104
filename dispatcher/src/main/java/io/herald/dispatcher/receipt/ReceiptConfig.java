package io.herald.dispatcher.receipt;

import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;

import io.herald.dispatcher.config.DispatcherConfig;
import io.herald.dispatcher.config.KeyTable;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The keys of delivery receipts and their correlator ({@code receipts.*}): a fragment of {@link DispatcherConfig}'s
 * {@link ConfigDef}, Kafka {@code ConsumerConfig} style (a {@code *_CONFIG} key, its {@code *_DOC}, a {@code DEFAULT_*}
 * and a validator). Their table in {@code docs/configuration.md} is generated from {@link #define} and {@link #table}
 * by {@link io.herald.dispatcher.config.ConfigurationDocGenerator}.
 */
public final class ReceiptConfig {

    public static final String RECEIPTS_ENABLED_CONFIG = "receipts.enabled";
    static final String RECEIPTS_ENABLED_DOC = "Store every delivery receipt in `notify.receipts` before "
            + "acknowledging it, and run the receipt correlator; off, receipts are acknowledged and dropped.";
    public static final boolean DEFAULT_RECEIPTS_ENABLED = true;

    public static final String RECEIPTS_APPLICATION_ID_CONFIG = "receipts.application.id";
    static final String RECEIPTS_APPLICATION_ID_DOC = "`application.id` of the receipt correlator (Kafka Streams), "
            + "the same on every dispatcher process.";

    public static final String RECEIPTS_ID_CONVERSION_AUTO = "auto";
    public static final String RECEIPTS_ID_CONVERSION_NONE = "none";
    public static final String RECEIPTS_ID_CONVERSION_CONFIG = "receipts.id.conversion";
    static final String RECEIPTS_ID_CONVERSION_DOC = "`auto` also matches a receipt id the SMSC converted between "
            + "hexadecimal and decimal; `none` compares ids as written.";
    public static final String DEFAULT_RECEIPTS_ID_CONVERSION = RECEIPTS_ID_CONVERSION_AUTO;

    public static final String RECEIPTS_RETENTION_MS_CONFIG = "receipts.retention.ms";
    static final String RECEIPTS_RETENTION_MS_DOC = "How long a sent message waits for its receipts; set it above "
            + "the SMSC's validity period.";
    public static final long DEFAULT_RECEIPTS_RETENTION_MS = 72L * 60 * 60 * 1000;

    public static final String RECEIPTS_UNMATCHED_TIMEOUT_MS_CONFIG = "receipts.unmatched.timeout.ms";
    static final String RECEIPTS_UNMATCHED_TIMEOUT_MS_DOC = "How long a receipt waits for its message's SENT event; "
            + "then it is counted as unmatched and dropped.";
    public static final long DEFAULT_RECEIPTS_UNMATCHED_TIMEOUT_MS = 10L * 60 * 1000;

    public static final String RECEIPTS_STORE_TIMEOUT_MS_CONFIG = "receipts.store.timeout.ms";
    static final String RECEIPTS_STORE_TIMEOUT_MS_DOC = "How long a `deliver_sm` waits for Kafka to store its "
            + "receipt; past it the answer is `ESME_RSYSERR` and the SMSC sends it again.";
    public static final long DEFAULT_RECEIPTS_STORE_TIMEOUT_MS = 5000L;

    public static final String RECEIPTS_CLOSE_TIMEOUT_MS_CONFIG = "receipts.close.timeout.ms";
    static final String RECEIPTS_CLOSE_TIMEOUT_MS_DOC = "How long, from SIGTERM, the receipt correlator has to "
            + "commit and leave its group (it closes in parallel with the drain); one still busy then is left to end "
            + "with the process, and under `exactly_once_v2` what it did not commit is done again by the next owner.";
    public static final long DEFAULT_RECEIPTS_CLOSE_TIMEOUT_MS = 5000L;

    public static final String RECEIPTS_STATE_DIR_CONFIG = "receipts.state.dir";
    static final String RECEIPTS_STATE_DIR_DOC = "Directory of the correlator's RocksDB stores, restored from their "
            + "changelog topics when empty, and emptied first when it holds another Kafka cluster's state. The local "
            + "stack uses `<work>/receipts-state/<instance.id>`.";

    private ReceiptConfig() {
    }

    /**
     * Defines these keys.
     *
     * @param def the definition to add them to
     * @return {@code def}
     */
    public static ConfigDef define(ConfigDef def) {
        return def
                .define(RECEIPTS_ENABLED_CONFIG, Type.BOOLEAN, DEFAULT_RECEIPTS_ENABLED, Importance.MEDIUM,
                        RECEIPTS_ENABLED_DOC)
                .define(RECEIPTS_APPLICATION_ID_CONFIG, Type.STRING, "", Importance.LOW, RECEIPTS_APPLICATION_ID_DOC)
                .define(RECEIPTS_ID_CONVERSION_CONFIG, Type.STRING, DEFAULT_RECEIPTS_ID_CONVERSION,
                        ConfigDef.ValidString.in(RECEIPTS_ID_CONVERSION_AUTO, RECEIPTS_ID_CONVERSION_NONE),
                        Importance.MEDIUM, RECEIPTS_ID_CONVERSION_DOC)
                .define(RECEIPTS_RETENTION_MS_CONFIG, Type.LONG, DEFAULT_RECEIPTS_RETENTION_MS, atLeast(1),
                        Importance.MEDIUM, RECEIPTS_RETENTION_MS_DOC)
                .define(RECEIPTS_UNMATCHED_TIMEOUT_MS_CONFIG, Type.LONG, DEFAULT_RECEIPTS_UNMATCHED_TIMEOUT_MS,
                        atLeast(1), Importance.LOW, RECEIPTS_UNMATCHED_TIMEOUT_MS_DOC)
                .define(RECEIPTS_STORE_TIMEOUT_MS_CONFIG, Type.LONG, DEFAULT_RECEIPTS_STORE_TIMEOUT_MS, atLeast(1),
                        Importance.LOW, RECEIPTS_STORE_TIMEOUT_MS_DOC)
                .define(RECEIPTS_CLOSE_TIMEOUT_MS_CONFIG, Type.LONG, DEFAULT_RECEIPTS_CLOSE_TIMEOUT_MS, atLeast(0),
                        Importance.LOW, RECEIPTS_CLOSE_TIMEOUT_MS_DOC)
                .define(RECEIPTS_STATE_DIR_CONFIG, Type.STRING, "", Importance.LOW, RECEIPTS_STATE_DIR_DOC);
    }

    /** @return how {@code docs/configuration.md} shows these keys: type and unit, and what a default stands for */
    public static KeyTable table() {
        return new KeyTable("receipts")
                .key(RECEIPTS_ENABLED_CONFIG, "boolean")
                .key(RECEIPTS_APPLICATION_ID_CONFIG, "string", ": `<group.id>-receipts`")
                .key(RECEIPTS_ID_CONVERSION_CONFIG, "string: `auto` or `none`")
                .key(RECEIPTS_RETENTION_MS_CONFIG, "long, ms", " (72 hours)")
                .key(RECEIPTS_UNMATCHED_TIMEOUT_MS_CONFIG, "long, ms", " (10 minutes)")
                .key(RECEIPTS_STORE_TIMEOUT_MS_CONFIG, "long, ms")
                .key(RECEIPTS_CLOSE_TIMEOUT_MS_CONFIG, "long, ms")
                .key(RECEIPTS_STATE_DIR_CONFIG,
                        "string, directory", ": `<java.io.tmpdir>/herald-receipts/<instance.id>`");
    }
}
