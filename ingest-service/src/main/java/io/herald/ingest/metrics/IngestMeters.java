package io.herald.ingest.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Herald's own meters of the ingest service, in Micrometer; {@code GET /prometheus} on the admin port shows them under
 * the names below (docs/ingest-service.md, "Metrics"). Thread-safe.
 *
 * <table>
 *   <caption>Meters (Prometheus names)</caption>
 *   <tr><th>Name</th><th>Type</th><th>Labels</th><th>Counts</th></tr>
 *   <tr><td>{@code herald_ingest_recipients_total}</td><td>counter</td><td>{@code client}, {@code result}</td>
 *       <td>Recipients of accepted batches: {@code accepted} (written and acknowledged, when the 202 is answered),
 *       {@code rejected} (refused by validation within the batch).</td></tr>
 *   <tr><td>{@code herald_ingest_batches_total}</td><td>counter</td><td>{@code client}, {@code status}</td>
 *       <td>Answers of {@code POST /v1/batches}, by HTTP status code ({@code "202"}, {@code "401"}…).</td></tr>
 *   <tr><td>{@code herald_ingest_kafka_unavailable_total}</td><td>counter</td><td></td>
 *       <td>Batches answered 503 {@code kafka-unavailable}: Kafka did not acknowledge all their records.</td></tr>
 *   <tr><td>{@code herald_ingest_produce_seconds}</td><td>timer (histogram)</td><td>{@code client}</td>
 *       <td>Per accepted batch, seconds from its first record handed to the producer to the last
 *       acknowledgement.</td></tr>
 * </table>
 *
 * <p>{@code client} is the configured API client id ({@code auth.clients}), or {@value #UNKNOWN_CLIENT} for an answer
 * given before authentication; never a key or a recipient, so the label has a small, bounded set of values.
 */
public final class IngestMeters {

    /** The {@code client} label of an answer given before the client was authenticated. */
    public static final String UNKNOWN_CLIENT = "unknown";

    private final Meter.MeterProvider<Counter> recipients;
    private final Meter.MeterProvider<Counter> batches;
    private final Counter kafkaUnavailable;
    private final Meter.MeterProvider<Timer> produce;

    /** @param registry where the meters are registered */
    public IngestMeters(MeterRegistry registry) {
        this.recipients = Counter.builder("herald.ingest.recipients")
                .description("Recipients of accepted POST /v1/batches: result=accepted (written to Kafka and"
                        + " acknowledged) or rejected (refused by validation within the batch)")
                .withRegistry(registry);
        this.batches = Counter.builder("herald.ingest.batches")
                .description("Answers of POST /v1/batches, by HTTP status code")
                .withRegistry(registry);
        this.kafkaUnavailable = Counter.builder("herald.ingest.kafka.unavailable")
                .description("POST /v1/batches answered 503 kafka-unavailable: Kafka did not acknowledge every record"
                        + " of the batch (none within kafka.maxBlock, a negative acknowledgement, or a failed send)")
                .register(registry);
        this.produce = Timer.builder("herald.ingest.produce")
                .description("Per accepted batch, from its first record handed to the Kafka producer to the last"
                        + " acknowledgement")
                .publishPercentileHistogram()
                .withRegistry(registry);
    }

    /**
     * Counts the recipients of a batch whose 202 is being answered.
     *
     * @param clientId the configured API client id
     * @param accepted how many recipients were written and acknowledged
     * @param rejected how many were refused by validation
     */
    public void recipients(String clientId, int accepted, int rejected) {
        recipients.withTags("client", clientId, "result", "accepted").increment(accepted);
        recipients.withTags("client", clientId, "result", "rejected").increment(rejected);
    }

    /**
     * Counts one answer of {@code POST /v1/batches}.
     *
     * @param clientId the configured API client id, or null if the request was not authenticated
     *     ({@value #UNKNOWN_CLIENT})
     * @param status the HTTP status code, e.g. 202
     */
    public void batchAnswered(String clientId, int status) {
        batches.withTags("client", clientId == null ? UNKNOWN_CLIENT : clientId, "status", Integer.toString(status))
                .increment();
    }

    /** Counts one batch that fails with 503 {@code kafka-unavailable} because Kafka did not acknowledge it. */
    public void kafkaUnavailable() {
        kafkaUnavailable.increment();
    }

    /**
     * Records how long an accepted batch took to produce.
     *
     * @param clientId the configured API client id
     * @param nanos from the first record handed to the producer to the last acknowledgement, in nanoseconds
     */
    public void produced(String clientId, long nanos) {
        produce.withTags("client", clientId).record(nanos, TimeUnit.NANOSECONDS);
    }
}
