package io.herald.cli.chaos;

import java.util.Locale;

/**
 * {@code broker-restart}: once the simulator received 30 % of the batch, stop the Kafka broker with SIGTERM (a
 * controlled shutdown) and start it again on the same ports and data dir. The single-node broker is the whole
 * cluster, so for its downtime no partition has a leader: the dispatchers cannot commit or write statuses, ingest
 * cannot write. The batch is fully accepted before the restart, so ingest's behaviour in an outage is not part of
 * this scenario.
 *
 * <p>Expected: nothing lost.
 */
final class BrokerRestartScenario implements ChaosScenario {

    static final String NAME = "broker-restart";
    private static final double STRIKE_AT = 0.30;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void inject(FaultContext context) throws InterruptedException {
        long received = context.awaitStrikePoint(STRIKE_AT);
        if (received < 0) {
            return;
        }
        long t0 = System.nanoTime();
        context.stack().restartBroker();
        double down = (System.nanoTime() - t0) / 1e9;
        context.info().printf(Locale.ROOT, "chaos: scenario=%s: broker restarted at %d received; down %.1f s%n",
                NAME, received, down);
        context.note("brokerDownSeconds", String.format(Locale.ROOT, "%.1f", down));
    }
}
