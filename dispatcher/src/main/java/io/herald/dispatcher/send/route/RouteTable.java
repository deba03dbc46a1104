package io.herald.dispatcher.send.route;

import io.herald.dispatcher.send.Gateway;
import io.herald.schema.Channel;
import io.herald.schema.PushPlatform;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
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
 * {@code +47=primary|backup,+46=backup,*=primary|backup}. Routes are for SMS ({@link Gateway#channel()} SMS); e-mail
 * goes through every e-mail gateway, and a push through every push gateway of its platform ({@link Gateway#platform()}:
 * APNs for iOS, FCM for Android), in the order they were configured, with the same failover. Thread-safe
 * (immutable).
 */
public final class RouteTable {

    /** The prefix of the default route. */
    public static final String DEFAULT = "*";

    private final Map<String, List<Lane>> routes;
    private final List<Lane> email;
    private final Map<PushPlatform, List<Lane>> push;

    private RouteTable(Map<String, List<Lane>> routes, Collection<Lane> others) {
        this.routes = routes;
        this.email = others.stream().filter(lane -> lane.gateway().channel() == Channel.EMAIL).toList();
        Map<PushPlatform, List<Lane>> byPlatform = new EnumMap<>(PushPlatform.class);
        for (PushPlatform platform : PushPlatform.values()) {
            byPlatform.put(platform, others.stream().filter(lane -> lane.gateway().channel() == Channel.PUSH
                    && lane.gateway().platform() == platform).toList());
        }
        this.push = byPlatform;
    }

    /**
     * A table that sends every recipient of the gateway's channel through it.
     *
     * @param lane the gateway
     * @return the table
     */
    public static RouteTable single(Lane lane) {
        return lane.gateway().channel() == Channel.SMS ? new RouteTable(Map.of(DEFAULT, List.of(lane)), List.of())
                : new RouteTable(Map.of(), List.of(lane));
    }

    /**
     * Parses {@code routes}.
     *
     * @param specs the entries, each {@code PREFIX=NAME|NAME...}; the prefix is {@code *} or {@code +} and 1–15 digits
     * @param lanes the configured gateways by name, in the configured order (e-mail's and push's order of preference)
     * @return the table
     * @throws IllegalArgumentException if an entry is malformed, names an unknown gateway, an e-mail gateway or a
     *     prefix twice, or there are SMS gateways but no default route {@code *}
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
                if (lane.gateway().channel() != Channel.SMS) {
                    throw new IllegalArgumentException("route '" + spec + "' names gateway '" + name.trim()
                            + "', which sends " + lane.gateway().channel() + ": routes are for SMS gateways");
                }
                ordered.add(lane);
            }
            if (routes.put(prefix, List.copyOf(ordered)) != null) {
                throw new IllegalArgumentException("route prefix '" + prefix + "' is listed twice");
            }
        }
        List<Lane> sms = lanes.values().stream().filter(lane -> lane.gateway().channel() == Channel.SMS).toList();
        if (!sms.isEmpty() && !routes.containsKey(DEFAULT)) {
            throw new IllegalArgumentException("routes need a default route, e.g. *=" + sms.get(0).name());
        }
        return new RouteTable(Map.copyOf(routes), lanes.values());
    }

    /**
     * @param channel the message's channel
     * @param recipient the recipient: E.164 for SMS, an address for e-mail, a device token for push
     * @param platform for push, the device's platform; ignored for the other channels
     * @return for SMS, {@link #lanesFor(String)}; for e-mail, every e-mail gateway; for push, every push gateway of
     *     the platform; in order of preference; empty if no gateway sends it
     */
    public List<Lane> lanesFor(Channel channel, String recipient, PushPlatform platform) {
        return switch (channel) {
            case SMS -> routes.isEmpty() ? List.of() : lanesFor(recipient);
            case EMAIL -> email;
            case PUSH -> platform == null ? List.of() : push.get(platform);
        };
    }

    /**
     * @param channel a channel
     * @param platform for push, the device's platform; ignored for the other channels
     * @return whether some gateway sends it
     */
    public boolean serves(Channel channel, PushPlatform platform) {
        return switch (channel) {
            case SMS -> !routes.isEmpty();
            case EMAIL -> !email.isEmpty();
            case PUSH -> platform != null && !push.get(platform).isEmpty();
        };
    }

    /**
     * @param recipient the recipient, E.164 for SMS
     * @return the SMS gateways of the longest prefix that matches it, else of the default route; in order of
     *     preference; empty if there are no SMS gateways
     */
    public List<Lane> lanesFor(String recipient) {
        String best = DEFAULT;
        for (String prefix : routes.keySet()) {
            if (!prefix.equals(DEFAULT) && recipient != null && recipient.startsWith(prefix)
                    && (best.equals(DEFAULT) || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return routes.getOrDefault(best, List.of());
    }

    /** @return every gateway some route names, then the e-mail gateways, then the push gateways, each once */
    public List<Lane> lanes() {
        List<Lane> all = new ArrayList<>(routes.values().stream().flatMap(List::stream).distinct().toList());
        all.addAll(email);
        push.values().forEach(all::addAll);
        return List.copyOf(all);
    }
}
