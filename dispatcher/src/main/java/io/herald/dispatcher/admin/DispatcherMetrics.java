package io.herald.dispatcher.admin;

import io.herald.serde.SkipPoisonRecordsHandler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * The dispatcher's Prometheus metrics ({@code GET /metrics} on the admin port, text format 0.0.4 or OpenMetrics),
 * through Micrometer's Prometheus registry. Herald's own series:
 * <ul>
 *   <li>{@code herald_dispatcher_messages_total{outcome, gateway, error_code}}: messages that reached an outcome here:
 *       {@code sent} (the gateway accepted it), {@code failed} (FAILED status and DLQ), {@code expired},
 *       {@code suppressed}; {@code gateway} is {@code none} when no gateway was tried, {@code error_code} {@code none}
 *       when there is none;</li>
 *   <li>{@code herald_dispatcher_submits_total{gateway, result, error_code}} and the histogram
 *       {@code herald_dispatcher_submit_seconds{gateway, result}}: every call to a gateway (a submit_sm, an HTTP
 *       request, an SMTP send) and how long it took; result {@code accepted}, {@code throttled},
 *       {@code unavailable}, {@code transient} or {@code permanent};</li>
 *   <li>{@code herald_dispatcher_rate_limit_wait_seconds{gateway}}: waits for a rate-limit permit;</li>
 *   <li>{@code herald_dispatcher_receipts_final_total{state}}: final states from delivery receipts (DELIVERED,
 *       UNDELIVERED, EXPIRED, REJECTED);</li>
 *   <li>counters of {@code /stats}: {@code herald_dispatcher_consumed_total}, {@code _retries_total} (inline
 *       attempts beyond the first), {@code _retry_scheduled_total}, {@code _dead_lettered_total},
 *       {@code _poison_total}, {@code _delayed_total}, {@code _ledger_skipped_total}, {@code _throttled_total},
 *       {@code _gateway_waits_total};</li>
 *   <li>gauges: {@code herald_dispatcher_in_flight{loop}}, {@code herald_dispatcher_paused{loop}} (1 while every
 *       assigned partition of the loop is paused), {@code herald_dispatcher_circuit_state{gateway, state}} (1 for the
 *       circuit's state, 0 for the other two of CLOSED, OPEN, HALF_OPEN),
 *       {@code herald_dispatcher_rate_limit_tps{gateway}} (0: none),
 *       {@code herald_dispatcher_gateway_available{gateway}};</li>
 * </ul>
 * and Kafka's client metrics of the requests consumer, the retry consumer and the producer (Micrometer's
 * {@link KafkaClientMetrics}: {@code kafka_consumer_fetch_manager_records_lag{topic, partition, client_id}} is the
 * consumer lag per partition; Kafka's copies of topic-level metrics with the topic's dots replaced by underscores are
 * dropped), and JVM metrics ({@code jvm_*}, {@code process_*}, {@code system_*}).
 * Every label value comes from configuration or from a bounded set (results, states, gateway error codes).
 */
public final class DispatcherMetrics {

    /** Bucket bounds of the submit latency histogram, from 1 ms to 10 s. */
    static final Duration[] SUBMIT_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(5), Duration.ofSeconds(10)};
    /** How often the Kafka client bindings look for new client metrics (partitions assigned by a rebalance). */
    static final Duration KAFKA_REFRESH = Duration.ofSeconds(10);
    private static final String NONE = "none";
    private static final List<String> CIRCUIT_STATES = List.of("CLOSED", "OPEN", "HALF_OPEN");
    private static final List<String> RECEIPT_FINAL_STATES = List.of("DELIVERED", "UNDELIVERED", "EXPIRED",
            "REJECTED");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<AutoCloseable> bindings = new ArrayList<>();
    /** The per-message meters by their tag values: a map read per message instead of a registration. */
    private final Map<List<String>, Counter> messages = new ConcurrentHashMap<>();
    private final Map<List<String>, Counter> submits = new ConcurrentHashMap<>();
    private final Map<List<String>, Timer> submitTimes = new ConcurrentHashMap<>();
    private final Map<String, Timer> rateLimitWaits = new ConcurrentHashMap<>();

    DispatcherMetrics(DispatcherStats stats) {
        // Kafka writes each topic-level client metric twice: with the topic's name, and (for JMX) with its dots
        // replaced by underscores. Every topic the dispatcher reads or writes has a dot in its name, so the copies
        // are the series whose topic has none; without this, a sum over partitions counts each lag twice.
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().startsWith("kafka.")
                && id.getTag("topic") != null && !id.getTag("topic").contains(".")));
        stats.receipts().onFinalState(this::recordReceiptFinalState);
        for (String state : RECEIPT_FINAL_STATES) {
            receiptFinalStates(state); // at 0 from the start, so that a rate over them is defined before the first DLR
        }
        counter("consumed", "Records consumed from notify.requests, the retry and the delay topics", stats,
                DispatcherStats::consumed);
        counter("retries", "Inline gateway attempts beyond the first", stats, DispatcherStats::retries);
        counter("retry.scheduled", "Messages handed to a retry topic", stats, DispatcherStats::retryScheduled);
        counter("dead.lettered", "Records written to notify.requests.dlq", stats, DispatcherStats::deadLettered);
        counter("poison", "Unreadable records (sent to the DLQ)", stats, DispatcherStats::poison);
        counter("delayed", "Records handed to a delay topic (notBefore ahead)", stats, DispatcherStats::delayed);
        counter("ledger.skipped", "Records not sent again because the sent ledger had them", stats,
                DispatcherStats::ledgerSkipped);
        counter("throttled", "Submits the gateway throttled", stats, DispatcherStats::throttled);
        counter("gateway.waits", "Messages that waited for an unavailable gateway", stats,
                DispatcherStats::gatewayWaits);
    }

    private void counter(String name, String description, DispatcherStats stats,
                         ToDoubleFunction<DispatcherStats> value) {
        FunctionCounter.builder("herald.dispatcher." + name, stats, value).description(description)
                .register(registry);
    }

    /**
     * Counts a message's outcome.
     *
     * @param outcome {@code sent}, {@code failed}, {@code expired} or {@code suppressed}
     * @param gateway the gateway (lane) name, or null when none was tried
     * @param errorCode the error code, or null
     */
    public void recordMessage(String outcome, String gateway, String errorCode) {
        messages.computeIfAbsent(List.of(outcome, orNone(gateway), orNone(errorCode)), tags ->
                Counter.builder("herald.dispatcher.messages").description("Messages by outcome, gateway and error code")
                        .tags("outcome", tags.get(0), "gateway", tags.get(1), "error_code", tags.get(2))
                        .register(registry)).increment();
    }

    /**
     * Counts and times one call to a gateway.
     *
     * @param gateway the gateway (lane) name
     * @param result {@code accepted}, {@code throttled}, {@code unavailable}, {@code transient} or {@code permanent}
     * @param errorCode the gateway's error code, or null when accepted
     * @param nanos how long the call took, in ns
     */
    public void recordSubmit(String gateway, String result, String errorCode, long nanos) {
        submits.computeIfAbsent(List.of(gateway, result, orNone(errorCode)), tags ->
                Counter.builder("herald.dispatcher.submits").description("Gateway calls by result and error code")
                        .tags("gateway", tags.get(0), "result", tags.get(1), "error_code", tags.get(2))
                        .register(registry)).increment();
        submitTimes.computeIfAbsent(List.of(gateway, result), tags ->
                Timer.builder("herald.dispatcher.submit").description("Gateway call duration")
                        .tags("gateway", tags.get(0), "result", tags.get(1)).serviceLevelObjectives(SUBMIT_BUCKETS)
                        .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * @param gateway the gateway (lane) name
     * @param nanos how long a message waits for its rate-limit permit, in ns
     */
    public void recordRateLimitWait(String gateway, long nanos) {
        rateLimitWaits.computeIfAbsent(gateway, name ->
                Timer.builder("herald.dispatcher.rate.limit.wait").description("Waits for a rate-limit permit")
                        .tags("gateway", name).serviceLevelObjectives(SUBMIT_BUCKETS)
                        .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** @param state a final state from a delivery receipt, e.g. DELIVERED */
    public void recordReceiptFinalState(String state) {
        receiptFinalStates(state).increment();
    }

    private Counter receiptFinalStates(String state) {
        return Counter.builder("herald.dispatcher.receipts.final").description("Final states from delivery receipts")
                .tags("state", state).register(registry);
    }

    /** @param loop a poll loop's gauges, registered under its name */
    void bindLoop(String name, LoopStats loop) {
        Gauge.builder("herald.dispatcher.in.flight", loop, LoopStats::inFlight).tags("loop", name)
                .description("Records in flight").register(registry);
        Gauge.builder("herald.dispatcher.paused", loop, l -> l.paused() ? 1 : 0).tags("loop", name)
                .description("1 while every assigned partition is paused").register(registry);
    }

    /** @param gateways every gateway's gauges */
    void bindGateways(List<DispatcherStats.GatewayGauges> gateways) {
        for (DispatcherStats.GatewayGauges gateway : gateways) {
            Tags tags = Tags.of("gateway", gateway.name());
            for (String state : CIRCUIT_STATES) {
                Gauge.builder("herald.dispatcher.circuit.state", gateway,
                                g -> state.equals(g.circuit().get()) ? 1 : 0)
                        .tags(tags.and("state", state)).description("1 for the circuit breaker's state")
                        .register(registry);
            }
            Gauge.builder("herald.dispatcher.rate.limit.tps", gateway, g -> g.rateLimitTps().getAsInt()).tags(tags)
                    .description("Current send rate limit in submits/s, 0 for none").register(registry);
            Gauge.builder("herald.dispatcher.gateway.available", gateway, g -> g.available().getAsBoolean() ? 1 : 0)
                    .tags(tags).description("1 while the gateway can take messages").register(registry);
        }
    }

    /**
     * Publishes {@code herald_streams_skipped_records_total{application}}: the records a Kafka Streams app of this
     * process skipped as unreadable ({@link SkipPoisonRecordsHandler}).
     *
     * @param applicationId the app's {@code application.id}
     */
    public void bindSkippedRecords(String applicationId) {
        FunctionCounter.builder("herald.streams.skipped.records", applicationId, SkipPoisonRecordsHandler::skipped)
                .tag("application", applicationId)
                .description("Records a Kafka Streams app skipped as unreadable (unknown schema id, wrong record type, "
                        + "not Avro)")
                .register(registry);
    }

    /** Binds JVM, process and system metrics. */
    public void bindJvm() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        bindings.add(gc);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /**
     * @param consumer a Kafka consumer whose metrics to publish; those of partitions assigned later (lag per
     *     partition) appear within {@link #KAFKA_REFRESH}
     */
    public void bindKafkaClient(Consumer<?, ?> consumer) {
        bind(new KafkaClientMetrics(consumer, Tags.empty(), kafkaScheduler(), KAFKA_REFRESH));
    }

    /** @param producer a Kafka producer whose metrics to publish */
    public void bindKafkaClient(Producer<?, ?> producer) {
        bind(new KafkaClientMetrics(producer, Tags.empty(), kafkaScheduler(), KAFKA_REFRESH));
    }

    private void bind(KafkaClientMetrics metrics) {
        metrics.bindTo(registry);
        bindings.add(metrics);
    }

    /** @return a daemon scheduler for one client's metric refreshes (the binding shuts it down on close) */
    private static ScheduledExecutorService kafkaScheduler() {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kafka-metrics");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * @param accept the request's {@code Accept} header, or null
     * @return the content type of {@link #scrape(String)}'s answer: OpenMetrics when asked for, else text 0.0.4
     */
    public static String contentType(String accept) {
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("application/openmetrics-text")
                ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                : "text/plain; version=0.0.4; charset=utf-8";
    }

    /**
     * @param contentType what {@link #contentType(String)} gave
     * @return every series, in that format
     */
    public String scrape(String contentType) {
        return registry.scrape(contentType);
    }

    /** Stops the bindings that hold resources (Kafka metric polling, GC listeners). */
    public void close() {
        for (AutoCloseable binding : bindings) {
            try {
                binding.close();
            } catch (Exception e) {
                // closing is best effort at shutdown
            }
        }
        registry.close();
    }

    private static String orNone(String value) {
        return value == null || value.isBlank() ? NONE : value;
    }
}
