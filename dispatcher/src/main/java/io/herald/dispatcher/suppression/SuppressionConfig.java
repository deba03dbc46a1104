package io.herald.dispatcher.suppression;

import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;

import io.herald.dispatcher.admin.DispatcherStats;
import io.herald.dispatcher.config.DispatcherConfig;
import io.herald.dispatcher.config.KeyTable;
import io.herald.schema.SuppressionList;
import io.herald.schema.Topics;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The keys of the suppression list ({@code suppression.*}): a fragment of {@link DispatcherConfig}'s {@link ConfigDef},
 * Kafka {@code ConsumerConfig} style (a {@code *_CONFIG} key, its {@code *_DOC}, a {@code DEFAULT_*} and a validator).
 * Their table in {@code docs/configuration.md} is generated from {@link #define} and {@link #table} by
 * {@link io.herald.dispatcher.config.ConfigurationDocGenerator}.
 */
public final class SuppressionConfig {

    public static final String SUPPRESSION_ENABLED_CONFIG = "suppression.enabled";
    static final String SUPPRESSION_ENABLED_DOC = "Honour `notify.suppressions`: complete requests to listed "
            + "recipients as SUPPRESSED, and add the senders of inbound STOP messages.";
    public static final boolean DEFAULT_SUPPRESSION_ENABLED = true;

    public static final String SUPPRESSION_STOP_KEYWORDS_CONFIG = "suppression.stop.keywords";
    static final String SUPPRESSION_STOP_KEYWORDS_DOC = "A mobile-originated SMS whose trimmed text equals one of "
            + "them (case-insensitive) suppresses its sender. Empty: none does; a blank keyword is a configuration "
            + "error.";
    public static final String DEFAULT_SUPPRESSION_STOP_KEYWORDS = "STOP,STOPP,UNSUBSCRIBE";

    public static final String SUPPRESSION_LOAD_TIMEOUT_MS_CONFIG = "suppression.load.timeout.ms";
    static final String SUPPRESSION_LOAD_TIMEOUT_MS_DOC = "The poll loops dispatch nothing until the list is read to "
            + "its end; every this many ms of waiting is logged at WARN.";
    public static final long DEFAULT_SUPPRESSION_LOAD_TIMEOUT_MS = 30_000L;

    public static final String SUPPRESSION_SCOPE_CONFIG = "suppression.scope";
    static final String SUPPRESSION_SCOPE_DOC = "Whose messages an API client's entry stops: `recipient`, every "
            + "client's messages to that recipient (an opt-out is the recipient's choice); `client`, only the "
            + "messages of the client that added it. Shared entries (MO STOP, `herald suppressions add`) stop every "
            + "client's messages either way.";
    /** {@value #SUPPRESSION_SCOPE_CONFIG} value: any entry stops every client's messages to its recipient. */
    public static final String SUPPRESSION_SCOPE_RECIPIENT = "recipient";
    /** {@value #SUPPRESSION_SCOPE_CONFIG} value: a client's entry stops only that client's messages. */
    public static final String SUPPRESSION_SCOPE_CLIENT = "client";
    public static final String DEFAULT_SUPPRESSION_SCOPE = SUPPRESSION_SCOPE_RECIPIENT;

    private SuppressionConfig() {
    }

    /**
     * Defines these keys.
     *
     * @param def the definition to add them to
     * @return {@code def}
     */
    public static ConfigDef define(ConfigDef def) {
        return def
                .define(SUPPRESSION_ENABLED_CONFIG, Type.BOOLEAN, DEFAULT_SUPPRESSION_ENABLED, Importance.MEDIUM,
                        SUPPRESSION_ENABLED_DOC)
                .define(SUPPRESSION_STOP_KEYWORDS_CONFIG, Type.LIST, DEFAULT_SUPPRESSION_STOP_KEYWORDS,
                        (name, value) -> {
                    for (Object keyword : (List<?>) value) {
                        if (keyword.toString().isBlank()) {
                            throw new ConfigException(name, value, "keywords must not be blank");
                        }
                    }
                }, Importance.MEDIUM, SUPPRESSION_STOP_KEYWORDS_DOC)
                .define(SUPPRESSION_LOAD_TIMEOUT_MS_CONFIG, Type.LONG, DEFAULT_SUPPRESSION_LOAD_TIMEOUT_MS, atLeast(0),
                        Importance.LOW, SUPPRESSION_LOAD_TIMEOUT_MS_DOC)
                .define(SUPPRESSION_SCOPE_CONFIG, Type.STRING, DEFAULT_SUPPRESSION_SCOPE,
                        ConfigDef.ValidString.in(SUPPRESSION_SCOPE_RECIPIENT, SUPPRESSION_SCOPE_CLIENT),
                        Importance.MEDIUM, SUPPRESSION_SCOPE_DOC);
    }

    /** @return how {@code docs/configuration.md} shows these keys: type and unit, and what a default stands for */
    public static KeyTable table() {
        return new KeyTable("suppression")
                .key(SUPPRESSION_ENABLED_CONFIG, "boolean")
                .key(SUPPRESSION_STOP_KEYWORDS_CONFIG, "list of keywords")
                .key(SUPPRESSION_LOAD_TIMEOUT_MS_CONFIG, "long, ms")
                .key(SUPPRESSION_SCOPE_CONFIG, "string: `recipient` or `client`");
    }

    /**
     * The suppression list of {@code notify.suppressions}, with its own consumer (no group), its size and state
     * registered in /stats; not yet read ({@link SuppressionList#run()}).
     *
     * @param config the dispatcher's configuration
     * @param stats the process's statistics
     * @return the list, or null if {@code suppression.enabled} is false
     * @throws org.apache.kafka.common.KafkaException if the consumer cannot be created from the configuration
     */
    public static SuppressionList list(DispatcherConfig config, DispatcherStats stats) {
        if (!config.getBoolean(SUPPRESSION_ENABLED_CONFIG)) {
            return null;
        }
        SuppressionList list = new SuppressionList(
                new KafkaConsumer<>(config.kafkaClients().suppressionConsumer()), Topics.SUPPRESSIONS);
        stats.setSuppressionGauges(list::size, list::state);
        return list;
    }

    /**
     * @param config the dispatcher's configuration
     * @param list the suppression list, or null if {@code suppression.enabled} is false
     * @return the lookup {@code suppression.scope} asks for over the list ({@link Suppressions#byRecipient} or
     *     {@link Suppressions#byClient}), or {@link Suppressions#NONE} without a list
     */
    public static Suppressions suppressions(DispatcherConfig config, SuppressionList list) {
        if (list == null) {
            return Suppressions.NONE;
        }
        String scope = config.getString(SUPPRESSION_SCOPE_CONFIG);
        return SUPPRESSION_SCOPE_CLIENT.equals(scope) ? Suppressions.byClient(list.entries())
                : Suppressions.byRecipient(list.entries());
    }
}
