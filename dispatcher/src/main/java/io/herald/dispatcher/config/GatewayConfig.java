package io.herald.dispatcher.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One gateway the dispatcher sends through: its name and its keys. With {@value DispatcherConfig#GATEWAYS_CONFIG}
 * empty there is one, named after its {@value DispatcherConfig#GATEWAY_TYPE_CONFIG} ({@code smpp}, {@code http},
 * {@code smtp}, {@code apns} or {@code fcm}, the name its gateway reports) and configured by the top-level keys.
 * Otherwise there is one per name listed there, each configured by the top-level keys overridden by its own
 * {@code gateway.<name>.<key>} keys ({@link DispatcherConfig#forGateway}).
 *
 * @param name the gateway's name: a name of {@value DispatcherConfig#GATEWAYS_CONFIG}, or the type of the one gateway
 * @param keys the gateway's keys: its {@code smpp.*}, {@code http.*} or {@code smtp.*} keys, its rate limit and
 *     circuit breaker ({@code gateway.rate.*}, {@code gateway.circuit.*}), and every other key of the process
 */
public record GatewayConfig(String name, DispatcherConfig keys) {

    /** What every per-gateway key starts with: {@code gateway.<name>.<key>}. */
    static final String PREFIX = "gateway.";
    /** The gateway types; a gateway named after one is of that type by default. */
    static final Set<String> TYPES = Set.of(DispatcherConfig.GATEWAY_TYPE_SMPP, DispatcherConfig.GATEWAY_TYPE_HTTP,
            DispatcherConfig.GATEWAY_TYPE_SMTP, DispatcherConfig.GATEWAY_TYPE_APNS, DispatcherConfig.GATEWAY_TYPE_FCM);

    public GatewayConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keys, "keys");
    }

    /**
     * @return the gateway's {@value DispatcherConfig#GATEWAY_TYPE_CONFIG}: {@code smpp}, {@code http}, {@code smtp},
     *     {@code apns} or {@code fcm}
     */
    public String type() {
        return keys.getString(DispatcherConfig.GATEWAY_TYPE_CONFIG);
    }

    /** @return whether it is an SMPP gateway (the only kind that receives delivery receipts) */
    public boolean isSmpp() {
        return DispatcherConfig.GATEWAY_TYPE_SMPP.equals(type());
    }

    /**
     * The names listed in {@value DispatcherConfig#GATEWAYS_CONFIG}, read from the raw properties (before they are
     * parsed).
     *
     * @param props the properties
     * @return the names, sorted; empty if the key is not given
     */
    static Set<String> listedNames(Map<?, ?> props) {
        Object value = props.get(DispatcherConfig.GATEWAYS_CONFIG);
        Set<String> names = new TreeSet<>();
        if (value instanceof List<?> list) {
            list.forEach(name -> names.add(String.valueOf(name).trim()));
        } else if (value != null) {
            for (String name : String.valueOf(value).split(",")) {
                if (!name.isBlank()) {
                    names.add(name.trim());
                }
            }
        }
        return names;
    }

    /**
     * Whether {@code key} is a per-gateway key: {@code gateway.N.K} for a listed gateway N and, for K, {@code type}, a
     * {@code kafka.} key, or a known key other than {@value DispatcherConfig#GATEWAYS_CONFIG} and
     * {@value DispatcherConfig#ROUTES_CONFIG}.
     *
     * @param key a key of the properties
     * @param names the listed gateways ({@link #listedNames})
     * @param known every key the dispatcher defines
     * @return true if it is one
     */
    static boolean isGatewayKey(String key, Set<String> names, Set<String> known) {
        for (String name : names) {
            String prefix = PREFIX + name + ".";
            if (key.startsWith(prefix)) {
                String rest = key.substring(prefix.length());
                return rest.equals("type")
                        || known.contains(rest) && !rest.equals(DispatcherConfig.GATEWAYS_CONFIG)
                                && !rest.equals(DispatcherConfig.ROUTES_CONFIG)
                        || rest.startsWith(DispatcherConfig.KAFKA_PREFIX);
            }
        }
        return false;
    }

    /**
     * The keys of one named gateway: every top-level key, overridden by the keys with the prefix
     * {@code gateway.<name>.} (that prefix stripped; {@code gateway.<name>.type} becomes
     * {@value DispatcherConfig#GATEWAY_TYPE_CONFIG}; without it, a gateway named after a type, such as {@code apns},
     * is of that type), without {@value DispatcherConfig#GATEWAYS_CONFIG} and
     * {@value DispatcherConfig#ROUTES_CONFIG}.
     *
     * @param originals the process's keys as given
     * @param name the gateway's name
     * @param known every key the dispatcher defines
     * @return a new map of the gateway's keys
     */
    static Map<String, Object> merge(Map<String, Object> originals, String name, Set<String> known) {
        Map<String, Object> merged = new HashMap<>();
        String own = PREFIX + name + ".";
        originals.forEach((key, value) -> {
            if (!key.startsWith(PREFIX) || key.equals(DispatcherConfig.GATEWAY_TYPE_CONFIG) || known.contains(key)) {
                merged.put(key, value);
            }
        });
        if (TYPES.contains(name) && !originals.containsKey(own + "type")) {
            // A gateway named after a type is of that type unless told otherwise: gateways=smpp,apns,fcm needs no
            // gateway.<name>.type (which no environment variable can set).
            merged.put(DispatcherConfig.GATEWAY_TYPE_CONFIG, name);
        }
        originals.forEach((key, value) -> {
            if (key.startsWith(own)) {
                String rest = key.substring(own.length());
                merged.put(rest.equals("type") ? DispatcherConfig.GATEWAY_TYPE_CONFIG : rest, value);
            }
        });
        merged.remove(DispatcherConfig.GATEWAYS_CONFIG);
        merged.remove(DispatcherConfig.ROUTES_CONFIG);
        return merged;
    }
}
