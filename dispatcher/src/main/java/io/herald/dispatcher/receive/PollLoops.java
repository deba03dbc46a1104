package io.herald.dispatcher.receive;

import io.herald.dispatcher.admin.DispatcherStats;
import io.herald.dispatcher.batch.BatchGate;
import io.herald.dispatcher.config.DispatcherConfig;
import io.herald.dispatcher.lane.SenderQueue;
import io.herald.dispatcher.retry.RetryConfig;
import io.herald.dispatcher.retry.RetryHeaders;
import io.herald.schema.HeraldSerdes;
import io.herald.schema.Priorities;
import io.herald.schema.PriorityLane;
import io.herald.schema.Topics;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.utils.Time;

/**
 * A dispatcher's poll loops, each with its own consumer. One per priority lane, in the consumer group
 * {@code group.id}: {@code requests-high} reads {@code notify.requests.high}, {@code requests} reads
 * {@code notify.requests} and {@code requests-bulk} reads {@code notify.requests.bulk}, each with up to
 * {@code max.in.flight} records in flight of its own, so that a backlog in one lane never stops another from fetching.
 * And {@code retry} reads the retry and delay topics (group {@code <group.id>-retry}, up to
 * {@code retry.max.in.flight}), each record waiting for its due time ({@link RetryHeaders#dueMs}), and
 * {@code notify.requests.held}, each record waiting while its batch is paused. All hand records to the same sender
 * pool, each key in order through its own {@link KeyOrderedExecutor} (at most {@code ordering.max.unacknowledged} per
 * key), the lanes' records tagged with their lane ({@link SenderQueue#executor}: high first, normal and bulk by
 * weight), the retry loop's as normal ones. They commit every {@code commit.interval.ms}, drain within
 * {@code shutdown.timeout.ms} and hold a stalled partition as {@code stall.*} says. Their consumers' metrics are
 * registered with the process's.
 *
 * @param high the loop of {@code notify.requests.high}
 * @param requests the loop of {@code notify.requests}
 * @param bulk the loop of {@code notify.requests.bulk}
 * @param retry the loop of the retry and delay topics
 */
public record PollLoops(PollLoop high, PollLoop requests, PollLoop bulk, PollLoop retry) {

    /**
     * Builds the loops; nothing polls until their {@link PollLoop#run()} runs.
     *
     * @param config the dispatcher's configuration
     * @param heldTopics the retry and delay topics, read by the retry loop
     * @param handler what each record is handed to
     * @param senderPool the threads the records' sends run on, over a {@link SenderQueue}
     * @param stats the process's statistics; each loop registers its gauges there
     * @param gatewayDown true while no gateway can send (every circuit open): the loops pause then
     * @param requestsListener told of the {@code requests} loop's assigned and revoked partitions (the sent ledger,
     *     the group's rate share), or {@link PartitionListener#NONE}
     * @param otherListener told of the other loops' (the sent ledger), or {@link PartitionListener#NONE}; each loop
     *     calls its listener on its own thread
     * @param batches when a held request of a paused batch, or a waiting one of a cancelled batch, is due
     *     ({@link BatchGate#dueTime})
     * @return the loops
     * @throws org.apache.kafka.common.KafkaException if a consumer cannot be created from the configuration
     */
    public static PollLoops create(DispatcherConfig config, List<String> heldTopics, RecordHandler handler,
                                   Executor senderPool, DispatcherStats stats, BooleanSupplier gatewayDown,
                                   PartitionListener requestsListener, PartitionListener otherListener,
                                   BatchGate batches) {
        Map<String, Object> serdeConfig = HeraldSerdes.consumerSerdeConfig(config.registryUrl());
        long commitIntervalMs = config.getLong(DispatcherConfig.COMMIT_INTERVAL_MS_CONFIG);
        long shutdownTimeoutMs = config.getLong(DispatcherConfig.SHUTDOWN_TIMEOUT_MS_CONFIG);
        int maxUnacknowledged = config.getInt(DispatcherConfig.ORDERING_MAX_UNACKNOWLEDGED_CONFIG);
        DispatcherConfig.StallSettings stall = config.stallSettings();

        Map<PriorityLane, PollLoop> lanes = new EnumMap<>(PriorityLane.class);
        for (PriorityLane lane : PriorityLane.values()) {
            Consumer<byte[], ConsumedValue> consumer = new KafkaConsumer<>(
                    config.kafkaClients().laneConsumer(serdeConfig, lane));
            stats.metrics().bindKafkaClient(consumer);
            String name = lane == PriorityLane.NORMAL ? "requests" : "requests-" + Priorities.name(lane);
            lanes.put(lane, new PollLoop(consumer, new KeyOrderedExecutor(SenderQueue.executor(senderPool, lane),
                    maxUnacknowledged), handler,
                    new PollLoop.Settings(name, List.of(Topics.requestsTopic(lane)),
                            config.getInt(DispatcherConfig.MAX_IN_FLIGHT_CONFIG), commitIntervalMs, shutdownTimeoutMs,
                            stall.thresholdMs(), stall.holdMs()),
                    stats, Time.SYSTEM, gatewayDown, DueTime.NOW,
                    lane == PriorityLane.NORMAL ? requestsListener : otherListener));
        }

        Consumer<byte[], ConsumedValue> retryConsumer = new KafkaConsumer<>(
                config.kafkaClients().retryConsumer(serdeConfig));
        stats.metrics().bindKafkaClient(retryConsumer);
        PollLoop retry = new PollLoop(retryConsumer, new KeyOrderedExecutor(
                SenderQueue.executor(senderPool, PriorityLane.NORMAL), maxUnacknowledged), handler,
                new PollLoop.Settings("retry", heldTopics, config.getInt(RetryConfig.RETRY_MAX_IN_FLIGHT_CONFIG),
                        commitIntervalMs, shutdownTimeoutMs, stall.thresholdMs(), stall.holdMs()),
                stats, Time.SYSTEM, gatewayDown,
                batches.dueTime(record -> RetryHeaders.dueMs(record.headers())), otherListener);
        return new PollLoops(lanes.get(PriorityLane.HIGH), lanes.get(PriorityLane.NORMAL),
                lanes.get(PriorityLane.BULK), retry);
    }

    /** @return every loop: high, requests, bulk, retry */
    public List<PollLoop> all() {
        return List.of(high, requests, bulk, retry);
    }

    /** Asks every loop to stop ({@link PollLoop#stop()}); returns at once. */
    public void stop() {
        all().forEach(PollLoop::stop);
    }

    /** @return the error that ended a loop (the first of {@link #all()} that has one), or null */
    public Throwable fatalError() {
        return all().stream().map(PollLoop::fatalError).filter(Objects::nonNull).findFirst().orElse(null);
    }
}
