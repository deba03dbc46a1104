package io.herald.dispatcher.receive;

import io.herald.dispatcher.admin.DispatcherStats;
import io.herald.dispatcher.batch.BatchGate;
import io.herald.dispatcher.config.DispatcherConfig;
import io.herald.dispatcher.retry.RetryConfig;
import io.herald.dispatcher.retry.RetryHeaders;
import io.herald.schema.HeraldSerdes;
import io.herald.schema.Topics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.utils.Time;

/**
 * A dispatcher's two poll loops, each with its own consumer: {@code requests} reads {@code notify.requests} (group
 * {@code group.id}, up to {@code max.in.flight} records in flight) and {@code retry} reads the retry and delay topics
 * (group {@code <group.id>-retry}, up to {@code retry.max.in.flight}), each record waiting for its due time
 * ({@link RetryHeaders#dueMs}), and {@code notify.requests.held}, each record waiting while its batch is
 * paused. Both hand records to the same sender pool, each key in order through its own
 * {@link KeyOrderedExecutor} (at most {@code ordering.max.unacknowledged} per key), commit every
 * {@code commit.interval.ms}, drain within {@code shutdown.timeout.ms} and hold a stalled partition as
 * {@code stall.*} says. Their consumers' metrics are registered with the process's.
 *
 * @param requests the loop of {@code notify.requests}
 * @param retry the loop of the retry and delay topics
 */
public record PollLoops(PollLoop requests, PollLoop retry) {

    /**
     * Builds both loops; nothing polls until their {@link PollLoop#run()} runs.
     *
     * @param config the dispatcher's configuration
     * @param heldTopics the retry and delay topics, read by the retry loop
     * @param handler what each record is handed to
     * @param senderPool the threads the records' sends run on
     * @param stats the process's statistics; each loop registers its gauges there
     * @param gatewayDown true while no gateway can send (every circuit open): the loops pause then
     * @param requestsListener told of the requests loop's assigned and revoked partitions (the sent ledger, the group's
     *     rate share), or {@link PartitionListener#NONE}
     * @param retryListener told of the retry loop's (the sent ledger), or {@link PartitionListener#NONE}; each loop
     *     calls its listener on its own thread
     * @param batches when a held request of a paused batch, or a waiting one of a cancelled batch, is due
     *     ({@link BatchGate#dueTime})
     * @return the two loops
     * @throws org.apache.kafka.common.KafkaException if a consumer cannot be created from the configuration
     */
    public static PollLoops create(DispatcherConfig config, List<String> heldTopics, RecordHandler handler,
                                   Executor senderPool, DispatcherStats stats, BooleanSupplier gatewayDown,
                                   PartitionListener requestsListener, PartitionListener retryListener,
                                   BatchGate batches) {
        Map<String, Object> serdeConfig = HeraldSerdes.consumerSerdeConfig(config.registryUrl());
        long commitIntervalMs = config.getLong(DispatcherConfig.COMMIT_INTERVAL_MS_CONFIG);
        long shutdownTimeoutMs = config.getLong(DispatcherConfig.SHUTDOWN_TIMEOUT_MS_CONFIG);
        int maxUnacknowledged = config.getInt(DispatcherConfig.ORDERING_MAX_UNACKNOWLEDGED_CONFIG);
        DispatcherConfig.StallSettings stall = config.stallSettings();

        Consumer<byte[], ConsumedValue> consumer = new KafkaConsumer<>(config.kafkaClients().consumer(serdeConfig));
        stats.metrics().bindKafkaClient(consumer);
        PollLoop requests = new PollLoop(consumer, new KeyOrderedExecutor(senderPool, maxUnacknowledged), handler,
                new PollLoop.Settings("requests", List.of(Topics.REQUESTS),
                        config.getInt(DispatcherConfig.MAX_IN_FLIGHT_CONFIG), commitIntervalMs, shutdownTimeoutMs,
                        stall.thresholdMs(), stall.holdMs()),
                stats, Time.SYSTEM, gatewayDown, DueTime.NOW, requestsListener);

        Consumer<byte[], ConsumedValue> retryConsumer = new KafkaConsumer<>(
                config.kafkaClients().retryConsumer(serdeConfig));
        stats.metrics().bindKafkaClient(retryConsumer);
        PollLoop retry = new PollLoop(retryConsumer, new KeyOrderedExecutor(senderPool, maxUnacknowledged), handler,
                new PollLoop.Settings("retry", heldTopics, config.getInt(RetryConfig.RETRY_MAX_IN_FLIGHT_CONFIG),
                        commitIntervalMs, shutdownTimeoutMs, stall.thresholdMs(), stall.holdMs()),
                stats, Time.SYSTEM, gatewayDown,
                batches.dueTime(record -> RetryHeaders.dueMs(record.headers())), retryListener);
        return new PollLoops(requests, retry);
    }

    /** Asks both loops to stop ({@link PollLoop#stop()}); returns at once. */
    public void stop() {
        requests.stop();
        retry.stop();
    }

    /** @return the error that ended the requests loop, else the retry loop's, else null */
    public Throwable fatalError() {
        return requests.fatalError() != null ? requests.fatalError() : retry.fatalError();
    }
}
