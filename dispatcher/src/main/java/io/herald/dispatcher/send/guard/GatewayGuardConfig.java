package io.herald.dispatcher.send.guard;

import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;
import static org.apache.kafka.common.config.ConfigDef.Range.between;

import io.herald.dispatcher.config.DispatcherConfig;
import io.herald.dispatcher.config.KeyTable;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The keys of each gateway's rate limit ({@code gateway.rate.*}) and circuit breaker ({@code gateway.circuit.*}): a
 * fragment of {@link DispatcherConfig}'s {@link ConfigDef}, Kafka {@code ConsumerConfig} style (a {@code *_CONFIG} key,
 * its {@code *_DOC}, a {@code DEFAULT_*} and a validator). Their table in {@code docs/configuration.md} is generated
 * from {@link #define} and {@link #table} by {@link io.herald.dispatcher.config.ConfigurationDocGenerator}.
 */
public final class GatewayGuardConfig {

    public static final String GATEWAY_RATE_LIMIT_TPS_CONFIG = "gateway.rate.limit.tps";
    static final String GATEWAY_RATE_LIMIT_TPS_DOC = "The gateway account's most submits per second, for the whole "
            + "consumer group (in steps of 10; an SMS of N segments is N submits): each dispatcher takes the share of "
            + "the `notify.requests` partitions it owns, re-divided on every rebalance; `0` means no limit until the "
            + "gateway throttles. Throttling lowers a dispatcher's limit to 70%.";
    public static final int DEFAULT_GATEWAY_RATE_LIMIT_TPS = 0;

    public static final String GATEWAY_RATE_MIN_TPS_CONFIG = "gateway.rate.min.tps";
    static final String GATEWAY_RATE_MIN_TPS_DOC = "The lowest throttling lowers the limit to.";
    public static final int DEFAULT_GATEWAY_RATE_MIN_TPS = 10;

    public static final String GATEWAY_RATE_INCREASE_TPS_CONFIG = "gateway.rate.increase.tps";
    static final String GATEWAY_RATE_INCREASE_TPS_DOC = "The least the limit rises after each second without "
            + "throttling (10% when that is more).";
    public static final int DEFAULT_GATEWAY_RATE_INCREASE_TPS = 10;

    public static final String GATEWAY_CIRCUIT_FAILURE_RATE_PERCENT_CONFIG = "gateway.circuit.failure.rate.percent";
    static final String GATEWAY_CIRCUIT_FAILURE_RATE_PERCENT_DOC = "Share of the last `gateway.circuit.window.calls` "
            + "sends that found the gateway unavailable at which the circuit opens.";
    public static final int DEFAULT_GATEWAY_CIRCUIT_FAILURE_RATE_PERCENT = 50;

    public static final String GATEWAY_CIRCUIT_WINDOW_CALLS_CONFIG = "gateway.circuit.window.calls";
    static final String GATEWAY_CIRCUIT_WINDOW_CALLS_DOC = "Sends in the circuit breaker's sliding window.";
    public static final int DEFAULT_GATEWAY_CIRCUIT_WINDOW_CALLS = 20;

    public static final String GATEWAY_CIRCUIT_MINIMUM_CALLS_CONFIG = "gateway.circuit.minimum.calls";
    static final String GATEWAY_CIRCUIT_MINIMUM_CALLS_DOC = "Sends recorded before the failure rate is computed.";
    public static final int DEFAULT_GATEWAY_CIRCUIT_MINIMUM_CALLS = 5;

    public static final String GATEWAY_CIRCUIT_OPEN_MS_CONFIG = "gateway.circuit.open.ms";
    static final String GATEWAY_CIRCUIT_OPEN_MS_DOC = "How long the circuit stays open (partitions paused) before "
            + "half-open probe sends.";
    public static final long DEFAULT_GATEWAY_CIRCUIT_OPEN_MS = 1000L;

    public static final String GATEWAY_CIRCUIT_HALF_OPEN_CALLS_CONFIG = "gateway.circuit.half.open.calls";
    static final String GATEWAY_CIRCUIT_HALF_OPEN_CALLS_DOC = "Probe sends while half-open; if they reach the "
            + "gateway the circuit closes, else it opens again.";
    public static final int DEFAULT_GATEWAY_CIRCUIT_HALF_OPEN_CALLS = 3;

    private GatewayGuardConfig() {
    }

    /**
     * Defines these keys.
     *
     * @param def the definition to add them to
     * @return {@code def}
     */
    public static ConfigDef define(ConfigDef def) {
        return def
                .define(GATEWAY_RATE_LIMIT_TPS_CONFIG, Type.INT, DEFAULT_GATEWAY_RATE_LIMIT_TPS, atLeast(0),
                        Importance.HIGH, GATEWAY_RATE_LIMIT_TPS_DOC)
                .define(GATEWAY_RATE_MIN_TPS_CONFIG, Type.INT, DEFAULT_GATEWAY_RATE_MIN_TPS, atLeast(1),
                        Importance.MEDIUM, GATEWAY_RATE_MIN_TPS_DOC)
                .define(GATEWAY_RATE_INCREASE_TPS_CONFIG, Type.INT, DEFAULT_GATEWAY_RATE_INCREASE_TPS, atLeast(1),
                        Importance.LOW, GATEWAY_RATE_INCREASE_TPS_DOC)
                .define(GATEWAY_CIRCUIT_FAILURE_RATE_PERCENT_CONFIG, Type.INT,
                        DEFAULT_GATEWAY_CIRCUIT_FAILURE_RATE_PERCENT, between(1, 100), Importance.LOW,
                        GATEWAY_CIRCUIT_FAILURE_RATE_PERCENT_DOC)
                .define(GATEWAY_CIRCUIT_WINDOW_CALLS_CONFIG, Type.INT, DEFAULT_GATEWAY_CIRCUIT_WINDOW_CALLS, atLeast(1),
                        Importance.LOW, GATEWAY_CIRCUIT_WINDOW_CALLS_DOC)
                .define(GATEWAY_CIRCUIT_MINIMUM_CALLS_CONFIG, Type.INT, DEFAULT_GATEWAY_CIRCUIT_MINIMUM_CALLS,
                        atLeast(1), Importance.LOW, GATEWAY_CIRCUIT_MINIMUM_CALLS_DOC)
                .define(GATEWAY_CIRCUIT_OPEN_MS_CONFIG, Type.LONG, DEFAULT_GATEWAY_CIRCUIT_OPEN_MS, atLeast(1),
                        Importance.LOW, GATEWAY_CIRCUIT_OPEN_MS_DOC)
                .define(GATEWAY_CIRCUIT_HALF_OPEN_CALLS_CONFIG, Type.INT, DEFAULT_GATEWAY_CIRCUIT_HALF_OPEN_CALLS,
                        atLeast(1), Importance.LOW, GATEWAY_CIRCUIT_HALF_OPEN_CALLS_DOC);
    }

    /** @return how {@code docs/configuration.md} shows these keys: type and unit, and what a default stands for */
    public static KeyTable table() {
        return new KeyTable("guard")
                .key(GATEWAY_RATE_LIMIT_TPS_CONFIG, "int, submits per second")
                .key(GATEWAY_RATE_MIN_TPS_CONFIG, "int, submits per second")
                .key(GATEWAY_RATE_INCREASE_TPS_CONFIG, "int, submits per second")
                .key(GATEWAY_CIRCUIT_FAILURE_RATE_PERCENT_CONFIG, "int, percent (1–100)")
                .key(GATEWAY_CIRCUIT_WINDOW_CALLS_CONFIG, "int, sends")
                .key(GATEWAY_CIRCUIT_MINIMUM_CALLS_CONFIG, "int, sends")
                .key(GATEWAY_CIRCUIT_OPEN_MS_CONFIG, "long, ms")
                .key(GATEWAY_CIRCUIT_HALF_OPEN_CALLS_CONFIG, "int, sends");
    }
}
