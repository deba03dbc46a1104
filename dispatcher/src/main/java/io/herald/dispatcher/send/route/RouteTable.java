package io.herald.dispatcher.send.route;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which gateways a recipient's messages go through, in order of preference: a route per recipient prefix (a country
 * calling code such as {@code +47}, or any longer prefix such as {@code +4791}), the longest matching prefix winning,
 * and a default route {@code *}. A message goes through the first gateway of its route whose circuit breaker is not
 * open; when that gateway recovers, new sends go back to it.
 *
 * <p>Written as in {@code routes}: a list of {@code PREFIX=GATEWAY|GATEWAY...}, e.g.
 * {@code +47=primary|backup,+46=backup,*=primary|backup}. Thread-safe (immutable).
 */
public final class RouteTable {

    /** The prefix of the default route. */
    public static final String DEFAULT = "*";

    private final Map<String, List<Lane>> routes;

    private RouteTable(Map<String, List<Lane>> routes) {
        this.routes = routes;
    }

    /**
     * A table that sends every recipient through one gateway.
     *
     * @param lane the gateway
     * @return the table
     */
    public static RouteTable single(Lane lane) {
        return new RouteTable(Map.of(DEFAULT, List.of(lane)));
    }

    /**
     * Parses {@code routes}.
     *
     * @param specs the entries, each {@code PREFIX=NAME|NAME...}; the prefix is {@code *} or {@code +} and 1–15 digits
     * @param lanes the configured gateways by name
     * @return the table
     * @throws IllegalArgumentException if an entry is malformed, names an unknown gateway or a prefix twice, or there
     *     is no default route {@code *}
     */
    public static RouteTable parse(List<String> specs, Map<String, Lane> lanes) {
        Map<String, List<Lane>> routes = new LinkedHashMap<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("route '" + spec + "' is not PREFIX=GATEWAY|GATEWAY...");
            }
            String prefix = spec.substring(0, eq).trim();
            if (!prefix.equals(DEFAULT) && !prefix.matches("\\+\\d{1,15}")) {
                throw new IllegalArgumentException("route '" + spec + "': the prefix must be * or + and 1-15 digits");
            }
            List<Lane> ordered = new ArrayList<>();
            for (String name : spec.substring(eq + 1).split("\\|")) {
                Lane lane = lanes.get(name.trim());
                if (lane == null) {
                    throw new IllegalArgumentException("route '" + spec + "' names gateway '" + name.trim()
                            + "', which is not in gateways " + lanes.keySet());
                }
                ordered.add(lane);
            }
            if (routes.put(prefix, List.copyOf(ordered)) != null) {
                throw new IllegalArgumentException("route prefix '" + prefix + "' is listed twice");
            }
        }
        if (!routes.containsKey(DEFAULT)) {
            throw new IllegalArgumentException("routes need a default route, e.g. *=" + lanes.keySet().iterator()
                    .next());
        }
        return new RouteTable(Map.copyOf(routes));
    }

    /**
     * @param recipient the recipient, E.164 for SMS
     * @return the gateways of the longest prefix that matches it, else of the default route; in order of preference
     */
    public List<Lane> lanesFor(String recipient) {
        String best = DEFAULT;
        for (String prefix : routes.keySet()) {
            if (!prefix.equals(DEFAULT) && recipient != null && recipient.startsWith(prefix)
                    && (best.equals(DEFAULT) || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return routes.get(best);
    }

    /** @return every gateway some route names, each once */
    public List<Lane> lanes() {
        return routes.values().stream().flatMap(List::stream).distinct().toList();
    }
}
