package io.herald.dispatcher.send.guard;

/**
 * What stands between the sender threads and the gateway: the shared {@link AdaptiveRateLimit} and the
 * {@link GatewayCircuit}. One per gateway per process.
 *
 * @param rateLimit the send rate, adapting to throttling
 * @param circuit opens when the gateway is unavailable
 */
public record GatewayGuard(AdaptiveRateLimit rateLimit, GatewayCircuit circuit) {
}
