package io.herald.dispatcher.send.route;

import io.herald.dispatcher.admin.DispatcherStats;
import io.herald.dispatcher.config.DispatcherConfig;
import io.herald.dispatcher.config.GatewayConfig;
import io.herald.dispatcher.send.Gateway;
import io.herald.dispatcher.send.guard.AdaptiveRateLimit;
import io.herald.dispatcher.send.guard.GatewayCircuit;
import io.herald.dispatcher.send.guard.GatewayGuard;
import io.herald.dispatcher.send.guard.GatewayGuardConfig;
import io.herald.dispatcher.send.http.HttpGatewaySettings;
import io.herald.dispatcher.send.http.HttpSmsGateway;
import io.herald.dispatcher.send.mail.SmtpGateway;
import io.herald.dispatcher.send.mail.SmtpSettings;
import io.herald.dispatcher.send.push.ApnsGateway;
import io.herald.dispatcher.send.push.ApnsSettings;
import io.herald.dispatcher.send.push.FcmGateway;
import io.herald.dispatcher.send.push.FcmSettings;
import io.herald.dispatcher.send.sms.DeliverSmHandler;
import io.herald.dispatcher.send.sms.SmppGateway;
import io.herald.dispatcher.send.sms.SmppSettings;
import io.herald.schema.Channel;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the gateways of a dispatcher process from {@link DispatcherConfig#gateways()}, each with its guard, the
 * route table over them, and their gauges in /stats.
 */
public final class Gateways {

    private Gateways() {
    }

    /**
     * The gateway of {@code gateway.type}, not started.
     *
     * @param config the configuration
     * @param deliverSmHandler what the SMPP sessions do with each deliver_sm; unused by the HTTP and SMTP gateways
     * @param clock the clock (the HTTP gateway measures a {@code Retry-After} HTTP-date against it)
     * @return an {@link SmppGateway} for {@code smpp}, an {@link HttpSmsGateway} for {@code http}, an
     *     {@link SmtpGateway} for {@code smtp}, an {@link ApnsGateway} for {@code apns}, an {@link FcmGateway} for
     *     {@code fcm}
     */
    public static Gateway create(DispatcherConfig config, DeliverSmHandler deliverSmHandler, Clock clock) {
        return switch (config.getString(DispatcherConfig.GATEWAY_TYPE_CONFIG)) {
            case DispatcherConfig.GATEWAY_TYPE_HTTP -> new HttpSmsGateway(HttpGatewaySettings.from(config), clock);
            case DispatcherConfig.GATEWAY_TYPE_SMTP -> new SmtpGateway(SmtpSettings.from(config));
            case DispatcherConfig.GATEWAY_TYPE_APNS -> new ApnsGateway(ApnsSettings.from(config), clock);
            case DispatcherConfig.GATEWAY_TYPE_FCM -> new FcmGateway(FcmSettings.from(config), clock);
            default -> new SmppGateway(SmppSettings.from(config), deliverSmHandler);
        };
    }

    /**
     * The route table over {@link DispatcherConfig#gateways()}, each gateway with its own guard: SMS routed by
     * {@code routes} (read only with {@code gateways} listed; default: every SMS gateway, in the listed order, for
     * every recipient), e-mail through every SMTP gateway and push through every APNs (iOS) or FCM (Android) gateway,
     * in the listed order. With {@code gateways} empty that is the
     * one gateway of {@code gateway.type} for every recipient of its channel.
     */
    public static RouteTable routes(DispatcherConfig config, DeliverSmHandler deliverSmHandler, Clock clock) {
        Map<String, Lane> lanes = new LinkedHashMap<>();
        for (GatewayConfig gateway : config.gateways()) {
            lanes.put(gateway.name(), new Lane(gateway.name(), create(gateway.keys(), deliverSmHandler, clock),
                    guard(gateway.keys(), clock)));
        }
        List<String> routes = config.getList(DispatcherConfig.GATEWAYS_CONFIG).isEmpty() ? List.of()
                : config.getList(DispatcherConfig.ROUTES_CONFIG);
        List<String> sms = lanes.values().stream().filter(lane -> lane.gateway().channel() == Channel.SMS)
                .map(Lane::name).toList();
        return RouteTable.parse(!routes.isEmpty() ? routes
                : sms.isEmpty() ? List.of() : List.of(RouteTable.DEFAULT + "=" + String.join("|", sms)), lanes);
    }

    /**
     * @param config a gateway's keys
     * @param clock the clock
     * @return the gateway's guard: its adaptive rate limit ({@code gateway.rate.*}) and circuit breaker
     *     ({@code gateway.circuit.*})
     */
    static GatewayGuard guard(DispatcherConfig config, Clock clock) {
        AdaptiveRateLimit rateLimit = new AdaptiveRateLimit(
                config.getInt(GatewayGuardConfig.GATEWAY_RATE_LIMIT_TPS_CONFIG),
                config.getInt(GatewayGuardConfig.GATEWAY_RATE_MIN_TPS_CONFIG),
                config.getInt(GatewayGuardConfig.GATEWAY_RATE_INCREASE_TPS_CONFIG), clock::millis);
        GatewayCircuit circuit = new GatewayCircuit(new GatewayCircuit.Settings(
                config.getInt(GatewayGuardConfig.GATEWAY_CIRCUIT_FAILURE_RATE_PERCENT_CONFIG),
                config.getInt(GatewayGuardConfig.GATEWAY_CIRCUIT_WINDOW_CALLS_CONFIG),
                config.getInt(GatewayGuardConfig.GATEWAY_CIRCUIT_MINIMUM_CALLS_CONFIG),
                config.getLong(GatewayGuardConfig.GATEWAY_CIRCUIT_OPEN_MS_CONFIG),
                config.getInt(GatewayGuardConfig.GATEWAY_CIRCUIT_HALF_OPEN_CALLS_CONFIG)), clock);
        return new GatewayGuard(rateLimit, circuit);
    }

    /**
     * Registers the gateways' gauges: each one's channel, circuit, rate limit and availability under {@code gateways}
     * in /stats, and as metrics tagged with its name.
     *
     * @param lanes the gateways, in configured order
     * @param stats the process's statistics
     */
    public static void bindStats(List<Lane> lanes, DispatcherStats stats) {
        stats.setGateways(lanes.stream().map(lane -> new DispatcherStats.GatewayGauges(lane.name(),
                lane.gateway().channel().name(), lane.guard().circuit()::state, lane.guard().rateLimit()::limitTps,
                lane.gateway()::isAvailable)).toList());
    }
}
