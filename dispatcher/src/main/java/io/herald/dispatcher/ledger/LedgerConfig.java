package io.herald.dispatcher.ledger;

import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;

import io.herald.dispatcher.config.DispatcherConfig;
import io.herald.dispatcher.config.KeyTable;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The keys of the sent ledger ({@code ledger.*}): a fragment of {@link DispatcherConfig}'s {@link ConfigDef}, Kafka
 * {@code ConsumerConfig} style (a {@code *_CONFIG} key, its {@code *_DOC}, a {@code DEFAULT_*} and a validator). Their
 * table in {@code docs/configuration.md} is generated from {@link #define} and {@link #table} by
 * {@link io.herald.dispatcher.config.ConfigurationDocGenerator}.
 */
public final class LedgerConfig {

    public static final String LEDGER_ENABLED_CONFIG = "ledger.enabled";
    static final String LEDGER_ENABLED_DOC = "Put the sent ledger's entry on each SENT status (header "
            + "`herald.ledger` on `notify.status`), and complete a re-delivered record found there (or in the "
            + "previous release's `notify.sent`) without sending it again.";
    public static final boolean DEFAULT_LEDGER_ENABLED = true;

    public static final String LEDGER_LOAD_TIMEOUT_MS_CONFIG = "ledger.load.timeout.ms";
    static final String LEDGER_LOAD_TIMEOUT_MS_DOC = "Upper bound on reading the ledger for newly assigned "
            + "partitions; past it sending starts (a message may then be sent twice).";
    public static final long DEFAULT_LEDGER_LOAD_TIMEOUT_MS = 10_000L;

    private LedgerConfig() {
    }

    /**
     * Defines these keys.
     *
     * @param def the definition to add them to
     * @return {@code def}
     */
    public static ConfigDef define(ConfigDef def) {
        return def
                .define(LEDGER_ENABLED_CONFIG, Type.BOOLEAN, DEFAULT_LEDGER_ENABLED, Importance.MEDIUM,
                        LEDGER_ENABLED_DOC)
                .define(LEDGER_LOAD_TIMEOUT_MS_CONFIG, Type.LONG, DEFAULT_LEDGER_LOAD_TIMEOUT_MS, atLeast(0),
                        Importance.LOW, LEDGER_LOAD_TIMEOUT_MS_DOC);
    }

    /** @return how {@code docs/configuration.md} shows these keys: type and unit, and what a default stands for */
    public static KeyTable table() {
        return new KeyTable("ledger")
                .key(LEDGER_ENABLED_CONFIG, "boolean")
                .key(LEDGER_LOAD_TIMEOUT_MS_CONFIG, "long, ms");
    }
}
