package io.herald.dispatcher.retry;

import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;

import io.herald.dispatcher.config.DispatcherConfig;
import io.herald.dispatcher.config.KeyTable;
import io.herald.dispatcher.schedule.DelayTier;
import java.util.List;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The keys of retries (inline attempts and retry tiers, {@code retry.*}) and the delay tiers of scheduled sends
 * ({@code schedule.tiers}): a fragment of {@link DispatcherConfig}'s {@link ConfigDef}, Kafka {@code ConsumerConfig}
 * style (a {@code *_CONFIG} key, its {@code *_DOC}, a {@code DEFAULT_*} and a validator). Their table in
 * {@code docs/configuration.md} is generated from {@link #define} and {@link #table} by
 * {@link io.herald.dispatcher.config.ConfigurationDocGenerator}.
 */
public final class RetryConfig {

    public static final String RETRY_INLINE_MAX_ATTEMPTS_CONFIG = "retry.inline.max.attempts";
    static final String RETRY_INLINE_MAX_ATTEMPTS_DOC = "Attempts per message, the first included, for transient "
            + "gateway errors; throttling and an unavailable gateway are not attempts.";
    public static final int DEFAULT_RETRY_INLINE_MAX_ATTEMPTS = 3;

    public static final String RETRY_INLINE_BACKOFF_INITIAL_MS_CONFIG = "retry.inline.backoff.initial.ms";
    static final String RETRY_INLINE_BACKOFF_INITIAL_MS_DOC = "Delay before the second attempt; doubles per attempt, "
            + "with ±20% jitter.";
    public static final long DEFAULT_RETRY_INLINE_BACKOFF_INITIAL_MS = 200L;

    public static final String RETRY_INLINE_BACKOFF_MAX_MS_CONFIG = "retry.inline.backoff.max.ms";
    static final String RETRY_INLINE_BACKOFF_MAX_MS_DOC = "Upper bound of the delay between attempts.";
    public static final long DEFAULT_RETRY_INLINE_BACKOFF_MAX_MS = 5000L;

    public static final String RETRY_TIERS_CONFIG = "retry.tiers";
    static final String RETRY_TIERS_DOC = "Delays of the retry topics `notify.requests.retry.<tier>`, in order; "
            + "after the last tier, the DLQ. Empty: straight to the DLQ.";
    public static final String DEFAULT_RETRY_TIERS = "30s,5m,30m";

    public static final String SCHEDULE_TIERS_CONFIG = "schedule.tiers";
    static final String SCHEDULE_TIERS_DOC = "Hold times of the delay topics `notify.requests.delay.<tier>` for "
            + "requests with a future `notBefore`; at least one. See [Scheduled "
            + "sends](dispatcher.md#scheduled-sends).";
    public static final String DEFAULT_SCHEDULE_TIERS = "5s,1m,10m,1h,1d";

    public static final String RETRY_GROUP_ID_CONFIG = "retry.group.id";
    static final String RETRY_GROUP_ID_DOC = "Consumer group of the retry topics' consumer.";

    public static final String RETRY_MAX_IN_FLIGHT_CONFIG = "retry.max.in.flight";
    static final String RETRY_MAX_IN_FLIGHT_DOC = "As `max.in.flight`, for the retry consumer (its own count).";
    public static final int DEFAULT_RETRY_MAX_IN_FLIGHT = 200;

    private RetryConfig() {
    }

    /**
     * Defines these keys.
     *
     * @param def the definition to add them to
     * @return {@code def}
     */
    public static ConfigDef define(ConfigDef def) {
        return def
                .define(RETRY_INLINE_MAX_ATTEMPTS_CONFIG, Type.INT, DEFAULT_RETRY_INLINE_MAX_ATTEMPTS, atLeast(1),
                        Importance.MEDIUM, RETRY_INLINE_MAX_ATTEMPTS_DOC)
                .define(RETRY_INLINE_BACKOFF_INITIAL_MS_CONFIG, Type.LONG, DEFAULT_RETRY_INLINE_BACKOFF_INITIAL_MS,
                        atLeast(0), Importance.LOW, RETRY_INLINE_BACKOFF_INITIAL_MS_DOC)
                .define(RETRY_INLINE_BACKOFF_MAX_MS_CONFIG, Type.LONG, DEFAULT_RETRY_INLINE_BACKOFF_MAX_MS, atLeast(0),
                        Importance.LOW, RETRY_INLINE_BACKOFF_MAX_MS_DOC)
                .define(RETRY_TIERS_CONFIG, Type.LIST, DEFAULT_RETRY_TIERS, (name, value) -> {
                    try {
                        RetryTier.parseAll((List<?>) value);
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(name, value, e.getMessage());
                    }
                }, Importance.MEDIUM, RETRY_TIERS_DOC)
                .define(SCHEDULE_TIERS_CONFIG, Type.LIST, DEFAULT_SCHEDULE_TIERS, (name, value) -> {
                    try {
                        DelayTier.parseAll((List<?>) value);
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(name, value, e.getMessage());
                    }
                }, Importance.LOW, SCHEDULE_TIERS_DOC)
                .define(RETRY_GROUP_ID_CONFIG, Type.STRING, "", Importance.LOW, RETRY_GROUP_ID_DOC)
                .define(RETRY_MAX_IN_FLIGHT_CONFIG, Type.INT, DEFAULT_RETRY_MAX_IN_FLIGHT, atLeast(1), Importance.LOW,
                        RETRY_MAX_IN_FLIGHT_DOC);
    }

    /**
     * Checks what a validator of one key cannot.
     *
     * @param config the parsed keys
     * @throws ConfigException if {@value #RETRY_INLINE_BACKOFF_MAX_MS_CONFIG} is below
     *     {@value #RETRY_INLINE_BACKOFF_INITIAL_MS_CONFIG}
     */
    public static void check(AbstractConfig config) {
        long max = config.getLong(RETRY_INLINE_BACKOFF_MAX_MS_CONFIG);
        if (max < config.getLong(RETRY_INLINE_BACKOFF_INITIAL_MS_CONFIG)) {
            throw new ConfigException(RETRY_INLINE_BACKOFF_MAX_MS_CONFIG, max,
                    "must be at least " + RETRY_INLINE_BACKOFF_INITIAL_MS_CONFIG);
        }
    }

    /**
     * @param config the parsed keys
     * @return the configured retry tiers, in order; empty if retry topics are off
     */
    public static List<RetryTier> retryTiers(AbstractConfig config) {
        return RetryTier.parseAll(config.getList(RETRY_TIERS_CONFIG));
    }

    /**
     * @param config the parsed keys
     * @return the configured delay tiers, shortest first; at least one
     */
    public static List<DelayTier> delayTiers(AbstractConfig config) {
        return DelayTier.parseAll(config.getList(SCHEDULE_TIERS_CONFIG));
    }

    /** @return how {@code docs/configuration.md} shows these keys: type and unit, and what a default stands for */
    public static KeyTable table() {
        return new KeyTable("retry")
                .key(RETRY_INLINE_MAX_ATTEMPTS_CONFIG, "int, attempts")
                .key(RETRY_INLINE_BACKOFF_INITIAL_MS_CONFIG, "long, ms")
                .key(RETRY_INLINE_BACKOFF_MAX_MS_CONFIG, "long, ms (at least the initial backoff)")
                .key(RETRY_TIERS_CONFIG, "list of durations (a whole number and `ms`, `s`, `m`, `h` or `d`)")
                .key(RETRY_GROUP_ID_CONFIG, "string", ": `<group.id>-retry`")
                .key(RETRY_MAX_IN_FLIGHT_CONFIG, "int, records")
                .key(SCHEDULE_TIERS_CONFIG, "list of durations (a whole number and `ms`, `s`, `m`, `h` or `d`)");
    }
}
