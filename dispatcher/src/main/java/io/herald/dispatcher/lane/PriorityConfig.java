package io.herald.dispatcher.lane;

import static org.apache.kafka.common.config.ConfigDef.Range.between;

import io.herald.dispatcher.config.DispatcherConfig;
import io.herald.dispatcher.config.KeyTable;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The keys of the priority lanes ({@code priority.*}): a fragment of {@link DispatcherConfig}'s {@link ConfigDef},
 * Kafka {@code ConsumerConfig} style. Their table in {@code docs/configuration.md} is generated from {@link #define}
 * and {@link #table} by {@link io.herald.dispatcher.config.ConfigurationDocGenerator}.
 */
public final class PriorityConfig {

    public static final String PRIORITY_WEIGHT_NORMAL_CONFIG = "priority.weight.normal";
    static final String PRIORITY_WEIGHT_NORMAL_DOC = "The `normal` lane's (`notify.requests`) weight against the "
            + "`bulk` lane's (`notify.requests.bulk`) when records of both wait for a sender thread: of every "
            + "`normal + bulk` records started, `normal` are normal ones. The `high` lane (`notify.requests.high`) "
            + "has no weight: its records always start first. A lane alone takes every turn. See "
            + "[delivery-semantics.md](delivery-semantics.md#priority-lanes).";
    public static final int DEFAULT_PRIORITY_WEIGHT_NORMAL = 3;

    public static final String PRIORITY_WEIGHT_BULK_CONFIG = "priority.weight.bulk";
    static final String PRIORITY_WEIGHT_BULK_DOC = "The `bulk` lane's weight against the `normal` lane's (see "
            + "`priority.weight.normal`).";
    public static final int DEFAULT_PRIORITY_WEIGHT_BULK = 1;

    /** The largest weight. */
    static final int MAX_WEIGHT = 1000;

    private PriorityConfig() {
    }

    /**
     * Defines these keys.
     *
     * @param def the definition to add them to
     * @return {@code def}
     */
    public static ConfigDef define(ConfigDef def) {
        return def
                .define(PRIORITY_WEIGHT_NORMAL_CONFIG, Type.INT, DEFAULT_PRIORITY_WEIGHT_NORMAL,
                        between(1, MAX_WEIGHT), Importance.LOW, PRIORITY_WEIGHT_NORMAL_DOC)
                .define(PRIORITY_WEIGHT_BULK_CONFIG, Type.INT, DEFAULT_PRIORITY_WEIGHT_BULK, between(1, MAX_WEIGHT),
                        Importance.LOW, PRIORITY_WEIGHT_BULK_DOC);
    }

    /** @return how {@code docs/configuration.md} shows these keys: type and unit, and what a default stands for */
    public static KeyTable table() {
        return new KeyTable("priority")
                .key(PRIORITY_WEIGHT_NORMAL_CONFIG, "int, 1-1000")
                .key(PRIORITY_WEIGHT_BULK_CONFIG, "int, 1-1000");
    }

    /**
     * @param config the dispatcher's configuration
     * @return the sender pool's queue, with the configured weights
     */
    public static SenderQueue senderQueue(DispatcherConfig config) {
        return new SenderQueue(config.getInt(PRIORITY_WEIGHT_NORMAL_CONFIG),
                config.getInt(PRIORITY_WEIGHT_BULK_CONFIG));
    }
}
