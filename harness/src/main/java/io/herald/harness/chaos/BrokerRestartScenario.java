package io.herald.harness.chaos;

import java.util.Locale;

/**
 * {@code broker-restart}: once the simulator received 30 % of the batch, stop the Kafka broker with SIGTERM (a
 * controlled shutdown) and start it again on the same ports and data dir. The single-node broker is the whole
 * cluster, so for its downtime no partition has a leader: the dispatchers cannot commit or write statuses, ingest
 * cannot write. The batch is fully accepted before the restart. While the broker is down, an
 * {@link IngestOutageProbe} sends ingest two more one-recipient batches (one with an {@code Idempotency-Key}), which
 * must get 503s with {@code Retry-After}; after the restart the keyed one is retried until accepted, then replayed.
 *
 * <p>Expected: nothing lost; 503s during the outage; the keyed batch accepted after it.
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
        IngestOutageProbe probe = new IngestOutageProbe(context.stack().ingestUrl(), context.stack().ingestApiKey(),
                String.format(Locale.ROOT, "+479%07d", context.random().nextInt(10_000_000)));
        long t0 = System.nanoTime();
        context.stack().restartBroker(() -> probe.whileDown(context));
        double down = (System.nanoTime() - t0) / 1e9;
        context.info().printf(Locale.ROOT, "chaos: scenario=%s: broker restarted at %d received; down %.1f s%n",
                NAME, received, down);
        context.note("brokerDownSeconds", String.format(Locale.ROOT, "%.1f", down));
        probe.afterRestart(context);
    }
}
