package io.herald.dispatcher.send.route;

import io.herald.dispatcher.send.Gateway;
import io.herald.dispatcher.send.guard.GatewayGuard;
import java.util.Objects;

/**
 * One gateway with its own guard (rate limit and circuit breaker), as a route lists it.
 *
 * @param name the gateway's name in {@code gateways} and {@code routes}, e.g. {@code primary}; status events carry it
 * @param gateway the gateway
 * @param guard its rate limit and circuit breaker, shared by every message sent through it in this process
 */
public record Lane(String name, Gateway gateway, GatewayGuard guard) {

    public Lane {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(guard, "guard");
    }
}
