package io.herald.dispatcher.admin;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON bodies of the dispatcher's admin endpoints, as records that Jackson writes (field order as declared).
 * Field names are part of the admin API: probes, dashboards and the tests read them.
 */
final class AdminBodies {

    private AdminBodies() {
    }

    /**
     * {@code /health/ready} (and {@code /health}).
     *
     * @param status {@code UP} or {@code DOWN}
     * @param instanceId the dispatcher's {@code instance.id}
     * @param consumerPolling whether both consumers polled within 10 s
     * @param gatewayAvailable whether a gateway can send: an SMPP session bound, or the HTTP or SMTP gateway up
     */
    @JsonPropertyOrder({"status", "instanceId", "consumerPolling", "gatewayAvailable"})
    record Health(String status, String instanceId, boolean consumerPolling, boolean gatewayAvailable) {
    }

    /**
     * {@code /health/live}.
     *
     * @param status {@code UP}, or {@code DOWN} when a poll loop has been stuck for 5 minutes
     * @param instanceId the dispatcher's {@code instance.id}
     */
    @JsonPropertyOrder({"status", "instanceId"})
    record Liveness(String status, String instanceId) {
    }

    /**
     * {@code /stats}: counters since start (messages), gauges (now), per gateway and per poll loop.
     *
     * @param instanceId the dispatcher's {@code instance.id}
     * @param consumed records consumed
     * @param sent messages sent
     * @param failed messages failed for good
     * @param expired messages expired
     * @param deadLettered records written to the DLQ
     * @param poison records that could not be read
     * @param retries inline retries
     * @param retryScheduled messages routed to a retry topic
     * @param delayed messages held for a later send
     * @param ledgerSkipped messages the sent ledger showed as sent already
     * @param throttled sends that waited for the rate limit
     * @param gatewayWaits sends that waited for a gateway
     * @param suppressed messages completed as SUPPRESSED
     * @param cancelled messages completed as CANCELLED: their batch was cancelled
     * @param heldForPause messages moved to {@code notify.requests.held}: their batch is or was paused
     * @param suppressionList the suppression list's state and size
     * @param gateways per gateway: channel, circuit, rate limit and availability
     * @param inFlight records dispatched and not completed
     * @param paused whether the request loop's partitions are paused
     * @param smppSessionsBound SMPP sessions bound now
     * @param receipts delivery receipt counters
     * @param loops per poll loop: in flight, paused, held
     * @param committedOffsets per partition ({@code topic-partition}), the last committed offset
     */
    @JsonPropertyOrder({"instanceId", "consumed", "sent", "failed", "expired", "deadLettered", "poison", "retries",
        "retryScheduled", "delayed", "ledgerSkipped", "throttled", "gatewayWaits", "suppressed", "cancelled",
        "heldForPause", "suppressionList",
        "gateways", "inFlight", "paused", "smppSessionsBound", "receipts", "loops",
        "committedOffsets"})
    record Stats(String instanceId, long consumed, long sent, long failed, long expired, long deadLettered,
                 long poison, long retries, long retryScheduled, long delayed, long ledgerSkipped, long throttled,
                 long gatewayWaits, long suppressed, long cancelled, long heldForPause,
                 SuppressionList suppressionList,
                 Map<String, Gateway> gateways, int inFlight, boolean paused,
                 int smppSessionsBound, Receipts receipts, Map<String, Loop> loops,
                 Map<String, Long> committedOffsets) {

        /** @return the body of {@code /stats} now */
        static Stats of(String instanceId, DispatcherStats stats, int smppSessionsBound) {
            Map<String, Gateway> gateways = new LinkedHashMap<>();
            for (DispatcherStats.GatewayGauges gateway : stats.gateways()) {
                gateways.put(gateway.name(), new Gateway(gateway.channel(), gateway.circuit().get(),
                        gateway.rateLimitTps().getAsInt(), gateway.available().getAsBoolean()));
            }
            Map<String, Loop> loops = new LinkedHashMap<>();
            stats.loops().forEach((name, loop) -> loops.put(name,
                    new Loop(loop.inFlight(), loop.paused(), loop.held())));
            ReceiptStats receipts = stats.receipts();
            return new Stats(instanceId, stats.consumed(), stats.sent(), stats.failed(), stats.expired(),
                    stats.deadLettered(), stats.poison(), stats.retries(), stats.retryScheduled(), stats.delayed(),
                    stats.ledgerSkipped(), stats.throttled(), stats.gatewayWaits(), stats.suppressed(),
                    stats.cancelled(), stats.heldForPause(),
                    new SuppressionList(stats.suppressionListState(), stats.suppressionEntries()),
                    gateways, stats.inFlight(), stats.paused(),
                    smppSessionsBound, new Receipts(receipts.correlatorState(), receipts.received(),
                            receipts.malformed(), receipts.mobileOriginated(), receipts.moStop(),
                            receipts.moStopUnresolved(), receipts.storeFailed(), receipts.matched(),
                            receipts.unmatched(), receipts.finalStates()),
                    loops, new LinkedHashMap<>(stats.committed()));
        }
    }

    /**
     * @param state {@code LOADING} or {@code LOADED}, or {@code OFF}
     * @param entries entries held
     */
    @JsonPropertyOrder({"state", "entries"})
    record SuppressionList(String state, int entries) {
    }

    /**
     * @param channel the gateway's channel
     * @param circuit its circuit breaker's state
     * @param rateLimitTps its rate limit now, messages per second
     * @param available whether it can send
     */
    @JsonPropertyOrder({"channel", "circuit", "rateLimitTps", "available"})
    record Gateway(String channel, String circuit, int rateLimitTps, boolean available) {
    }

    /**
     * @param inFlight records dispatched and not completed
     * @param paused whether its partitions are paused
     * @param held records held (not yet due, or after a stall)
     */
    @JsonPropertyOrder({"inFlight", "paused", "held"})
    record Loop(int inFlight, boolean paused, int held) {
    }

    /**
     * @param correlator the receipt correlator's state
     * @param received deliver_sm receipts received
     * @param malformed receipts that could not be read
     * @param mobileOriginated mobile-originated messages received
     * @param moStop inbound STOPs written to the suppression list
     * @param moStopUnresolved STOPs from an address that is not E.164
     * @param storeFailed receipts or STOPs Kafka did not acknowledge in time
     * @param matched receipts matched to their message
     * @param unmatched receipts matched to no message
     * @param finalStates final states written from receipts
     */
    @JsonPropertyOrder({"correlator", "received", "malformed", "mobileOriginated", "moStop", "moStopUnresolved",
        "storeFailed", "matched", "unmatched", "finalStates"})
    record Receipts(String correlator, long received, long malformed, long mobileOriginated, long moStop,
                    long moStopUnresolved, long storeFailed, long matched, long unmatched, long finalStates) {
    }
}
