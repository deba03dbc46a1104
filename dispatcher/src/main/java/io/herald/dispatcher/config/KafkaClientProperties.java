package io.herald.dispatcher.config;

import io.herald.dispatcher.receipt.ReceiptConfig;
import io.herald.dispatcher.receive.SafeRequestDeserializer;
import io.herald.dispatcher.retry.RetryConfig;
import io.herald.schema.Priorities;
import io.herald.schema.PriorityLane;
import io.herald.schema.TopicSetup;
import io.herald.serde.SkipPoisonRecordsHandler;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The properties of every Kafka client of a dispatcher process, made from its {@link DispatcherConfig}: the
 * {@code notify.requests} consumer, the retry and delay topics' consumer, the sent ledger's and the suppression list's
 * consumers, the admin client, the status/DLQ producer, the receipts' producer and the receipt correlator (Kafka
 * Streams). Each map is built in three layers: Herald's defaults, then the pass-through keys ({@code kafka.*}, then
 * {@code consumer.*}, {@code producer.*} or {@code streams.*}, prefix stripped), then what Herald does not let a user
 * change. Each call returns a new mutable map.
 */
public final class KafkaClientProperties {

    /**
     * Default {@code max.partition.fetch.bytes} of the {@code notify.requests} consumer (256 KiB, Kafka's default is
     * 1 MiB): about 900 requests a partition per fetch, still far more than {@code max.in.flight} lets through at once.
     */
    public static final int DEFAULT_REQUESTS_MAX_PARTITION_FETCH_BYTES = 256 * 1024;
    /**
     * Default {@code fetch.max.bytes} of the {@code notify.requests} consumer (2 MiB, Kafka's default is 50 MiB). A
     * fetch response is one buffer that stays on the heap until the last of its partitions is polled, so with
     * Kafka's defaults 12 partitions kept 12 MiB live (measured in BacklogMemoryIT); 2 MiB is still about 7,000
     * requests a fetch.
     */
    public static final int DEFAULT_REQUESTS_FETCH_MAX_BYTES = 2 * 1024 * 1024;

    /**
     * Default {@code fetch.max.wait.ms} of the {@code notify.requests} consumer (50 ms; Kafka's default is 500). The
     * poll loop pauses a partition while it holds that partition's records in a buffer, and a consumer has one fetch
     * per broker in flight: when the only partitions left to fetch have nothing new (a few recipients filling a few
     * partitions, or the end of a backlog), the broker holds that fetch up to this long, and a partition the loop has
     * just resumed waits for it. Measured on this machine (2026-12-07, one dispatcher, 0 ms SMSC, 10 recipients, so 7
     * of 12 partitions with records): 2,352 msg/s at 500 ms, 9,900 at 100, 11,000 at 50, 12,300 at 20. The cost is
     * an idle consumer's fetch rate: about 20 requests per second to each broker instead of 2.
     */
    public static final int DEFAULT_REQUESTS_FETCH_MAX_WAIT_MS = 50;
    /**
     * Default {@code max.partition.fetch.bytes} of the consumers of low-traffic topics: the retry and delay topics'
     * consumer (3 retry tiers and 5 delay tiers, each with as many partitions as {@code notify.requests}) and the
     * suppression list's (64 KiB).
     */
    public static final int DEFAULT_SMALL_MAX_PARTITION_FETCH_BYTES = 64 * 1024;
    /** Default {@code fetch.max.bytes} of those consumers (1 MiB). */
    public static final int DEFAULT_SMALL_FETCH_MAX_BYTES = 1024 * 1024;
    /**
     * Default {@code max.partition.fetch.bytes} of the sent ledger's consumer (1 MiB, Kafka's own): a load reads
     * every status since the oldest uncommitted record. Measured (2026-12-06, 2 cores, idle stack): 1,247,910 status
     * records in 3.7 s with 1 MiB and 8 MiB, 984,122 in 4.4 s with 64 KiB and 1 MiB.
     */
    public static final int DEFAULT_LEDGER_MAX_PARTITION_FETCH_BYTES = 1024 * 1024;
    /** Default {@code fetch.max.bytes} of the sent ledger's consumer (8 MiB): what one fetch may hold in memory. */
    public static final int DEFAULT_LEDGER_FETCH_MAX_BYTES = 8 * 1024 * 1024;

    /**
     * The receipt correlator's {@code commit.interval.ms} (Kafka Streams' default under exactly-once is 100), in ms:
     * each commit is a transaction, a few broker round trips; a correlated receipt's status is written up to this much
     * later, and a crash replays up to this much work. {@code streams.commit.interval.ms} overrides it.
     */
    public static final long STREAMS_COMMIT_INTERVAL_MS = 1000;

    private final DispatcherConfig config;
    private final String instanceId;
    private final List<String> bootstrapServers;

    /** @param config the dispatcher's configuration */
    KafkaClientProperties(DispatcherConfig config) {
        this.config = config;
        this.instanceId = config.instanceId();
        this.bootstrapServers = config.getList(DispatcherConfig.BOOTSTRAP_SERVERS_CONFIG);
    }

    /**
     * Consumer settings: {@code kafka.*}, then {@code consumer.*}, then what the dispatcher needs and does not let a
     * user change: manual commits, {@code isolation.level=read_committed} (requests of a transaction the bulk loader
     * aborted are never sent), byte-array keys, {@link io.herald.dispatcher.receive.SafeRequestDeserializer}
     * values, and {@code group.instance.id=<group.instance.id>-requests} when
     * {@value DispatcherConfig#GROUP_INSTANCE_ID_CONFIG} is set (static membership). Defaults a user may override:
     * cooperative-sticky assignment (classic group protocol only; the {@code consumer} protocol of KIP-848 assigns on
     * the broker), {@code auto.offset.reset=earliest},
     * {@code max.poll.records=min(500, max.in.flight)}, {@code max.partition.fetch.bytes=262144} and
     * {@code fetch.max.bytes=2097152} (see {@link #DEFAULT_REQUESTS_FETCH_MAX_BYTES}), {@code fetch.max.wait.ms=50}
     * (see {@link #DEFAULT_REQUESTS_FETCH_MAX_WAIT_MS}), {@code enable.metrics.push=false}.
     *
     * @param valueDeserializerConfig the value serde settings (registry URL etc.) passed to the deserializer
     * @return a new mutable map of consumer properties
     */
    public Map<String, Object> consumer(Map<String, Object> valueDeserializerConfig) {
        return laneConsumer(valueDeserializerConfig, PriorityLane.NORMAL);
    }

    /**
     * Settings of a priority lane's consumer: {@link #consumer(Map)}'s for {@link PriorityLane#NORMAL}
     * ({@code notify.requests}); for the {@code high} and {@code bulk} lanes the same group and settings, with client
     * id {@code <instance.id>-high-consumer} or {@code <instance.id>-bulk-consumer} and, when
     * {@value DispatcherConfig#GROUP_INSTANCE_ID_CONFIG} is set, {@code group.instance.id=<group.instance.id>-high} or
     * {@code -bulk}.
     *
     * @param valueDeserializerConfig the value serde settings (registry URL etc.) passed to the deserializer
     * @param lane the lane
     * @return a new mutable map of consumer properties
     */
    public Map<String, Object> laneConsumer(Map<String, Object> valueDeserializerConfig, PriorityLane lane) {
        String name = lane == PriorityLane.NORMAL ? "" : "-" + Priorities.name(lane);
        return consumer(valueDeserializerConfig, config.getString(DispatcherConfig.GROUP_ID_CONFIG),
                name + "-consumer", lane == PriorityLane.NORMAL ? "-requests" : name,
                config.getInt(DispatcherConfig.MAX_IN_FLIGHT_CONFIG),
                DEFAULT_REQUESTS_MAX_PARTITION_FETCH_BYTES, DEFAULT_REQUESTS_FETCH_MAX_BYTES,
                Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, DEFAULT_REQUESTS_FETCH_MAX_WAIT_MS));
    }

    /**
     * Settings of the retry topics' consumer: as {@link #consumer(Map)} but with Kafka's {@code fetch.max.wait.ms}
     * (500), with group
     * {@link DispatcherConfig#retryGroupId()}, client id {@code <instance.id>-retry-consumer},
     * {@code group.instance.id=<group.instance.id>-retry} when that key is set,
     * {@code max.poll.records=min(500, retry.max.in.flight)} and the defaults {@code max.partition.fetch.bytes=65536},
     * {@code fetch.max.bytes=1048576}: it is assigned every partition of every retry and delay tier (96 with the
     * default tiers and 12 request partitions), which are quiet most of the time, and with Kafka's defaults (1 MiB
     * each, 50 MiB a fetch) a burst of retries could fetch far more than the heap holds.
     *
     * @param valueDeserializerConfig the value serde settings (registry URL etc.) passed to the deserializer
     * @return a new mutable map of consumer properties
     */
    public Map<String, Object> retryConsumer(Map<String, Object> valueDeserializerConfig) {
        return consumer(valueDeserializerConfig, config.retryGroupId(), "-retry-consumer", "-retry",
                config.getInt(RetryConfig.RETRY_MAX_IN_FLIGHT_CONFIG), DEFAULT_SMALL_MAX_PARTITION_FETCH_BYTES,
                DEFAULT_SMALL_FETCH_MAX_BYTES, Map.of());
    }

    /**
     * Settings of the consumer that reads the sent ledger: defaults {@code max.partition.fetch.bytes=1048576},
     * {@code fetch.max.bytes=8388608} and {@code enable.metrics.push=false}, then {@code kafka.*}, then
     * {@code consumer.*}, then no group (partitions are assigned by hand), no commits,
     * {@code allow.auto.create.topics=false}, byte-array deserializers, client id {@code <instance.id>-ledger}.
     *
     * @return a new mutable map of consumer properties
     */
    public Map<String, Object> ledgerConsumer() {
        // A load reads every status since the oldest uncommitted record: fetch as much as Kafka's defaults allow a
        // partition, bounded per fetch. It asks whether the previous release's notify.sent exists; asking must not
        // create it.
        return groupless("-ledger", DEFAULT_LEDGER_MAX_PARTITION_FETCH_BYTES, DEFAULT_LEDGER_FETCH_MAX_BYTES);
    }

    /**
     * Settings of the consumer that reads the suppression list: defaults {@code max.partition.fetch.bytes=65536},
     * {@code fetch.max.bytes=1048576} (its entries are small JSON documents; it reads the whole topic at start-up
     * and then only the odd new entry) and {@code enable.metrics.push=false}, then {@code kafka.*}, then
     * {@code consumer.*}, then no
     * group (every partition is assigned by hand and read from the beginning), no commits,
     * {@code auto.offset.reset=earliest}, {@code allow.auto.create.topics=false} (the topic must be created compacted,
     * by {@code TopicSetup}), byte-array deserializers, client id {@code <instance.id>-suppressions}.
     *
     * @return a new mutable map of consumer properties
     */
    public Map<String, Object> suppressionConsumer() {
        return wholeTopicConsumer("-suppressions");
    }

    /**
     * Settings of the consumer that reads {@code notify.batch-control}: as {@link #suppressionConsumer()} (small
     * fetches, no group, read whole from the beginning, {@code allow.auto.create.topics=false}), client id
     * {@code <instance.id>-batch-control}.
     *
     * @return a new mutable map of consumer properties
     */
    public Map<String, Object> batchControlConsumer() {
        return wholeTopicConsumer("-batch-control");
    }

    /**
     * A consumer of a small compacted topic read whole: {@link #groupless} with small fetches and
     * {@code auto.offset.reset=earliest}. A topic the broker created on a metadata request would not be compacted
     * (its entries would expire), hence {@code allow.auto.create.topics=false} there.
     */
    private Map<String, Object> wholeTopicConsumer(String clientIdSuffix) {
        Map<String, Object> props = groupless(clientIdSuffix, DEFAULT_SMALL_MAX_PARTITION_FETCH_BYTES,
                DEFAULT_SMALL_FETCH_MAX_BYTES);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return props;
    }

    /**
     * A consumer without a group: the fetch sizes, {@code enable.metrics.push=false}, then {@code kafka.*} and
     * {@code consumer.*}, then no group id or instance id, no commits, {@code allow.auto.create.topics=false},
     * byte-array deserializers, client id {@code <instance.id><suffix>}.
     */
    private Map<String, Object> groupless(String clientIdSuffix, int maxPartitionFetchBytes, int fetchMaxBytes) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, instanceId + clientIdSuffix);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, maxPartitionFetchBytes);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, fetchMaxBytes);
        props.put(CommonClientConfigs.ENABLE_METRICS_PUSH_CONFIG, false);
        props.putAll(config.originalsWithPrefix(DispatcherConfig.KAFKA_PREFIX));
        props.putAll(config.originalsWithPrefix(DispatcherConfig.CONSUMER_PREFIX));
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    /**
     * Admin client settings, for creating the retry topics and the sent ledger: default
     * {@code enable.metrics.push=false}, then {@code kafka.*}, then the bootstrap servers and client id
     * {@code <instance.id>-admin}.
     *
     * @return a new mutable map of admin client properties
     */
    public Map<String, Object> admin() {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.ENABLE_METRICS_PUSH_CONFIG, false);
        props.putAll(config.originalsWithPrefix(DispatcherConfig.KAFKA_PREFIX));
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, instanceId + "-admin");
        return props;
    }


    private Map<String, Object> consumer(Map<String, Object> valueDeserializerConfig, String groupId,
                                                   String clientIdSuffix, String instanceIdSuffix, int maxInFlight,
                                                   int maxPartitionFetchBytes, int fetchMaxBytes,
                                                   Map<String, Object> defaults) {
        Map<String, Object> props = new HashMap<>(valueDeserializerConfig);
        props.putAll(defaults);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, maxPartitionFetchBytes);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, fetchMaxBytes);
        // KIP-714 client metrics push: each client keeps a copy of every metric's state for it (in BacklogMemoryIT,
        // about 7.5 MiB over all of the dispatcher's clients), even when no broker ever asks for them.
        props.put(CommonClientConfigs.ENABLE_METRICS_PUSH_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                Math.min(ConsumerConfig.DEFAULT_MAX_POLL_RECORDS, maxInFlight));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, instanceId + clientIdSuffix);
        props.putAll(config.originalsWithPrefix(DispatcherConfig.KAFKA_PREFIX));
        props.putAll(config.originalsWithPrefix(DispatcherConfig.CONSUMER_PREFIX));
        String protocol = String.valueOf(props.getOrDefault(ConsumerConfig.GROUP_PROTOCOL_CONFIG,
                ConsumerConfig.DEFAULT_GROUP_PROTOCOL));
        if (GroupProtocol.of(protocol) == GroupProtocol.CLASSIC) {
            props.putIfAbsent(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                    CooperativeStickyAssignor.class.getName());
        }
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        groupInstanceId(instanceIdSuffix).ifPresent(id -> props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // The ingest service's bulk loader writes requests in Kafka Streams transactions (exactly_once_v2); a
        // transaction aborted by a crash must not be sent, or a restarted load would send its lines twice.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                SafeRequestDeserializer.class.getName());
        return props;
    }

    /**
     * Producer settings for status and DLQ records: {@code kafka.*}, then {@code producer.*}, then what at-least-once
     * needs: {@code acks=all}, {@code enable.idempotence=true}, byte-array serializers (status values are serialized
     * by the caller). Defaults a user may override: {@code linger.ms=5}, {@code enable.metrics.push=false}.
     *
     * @return a new mutable map of producer properties
     */
    public Map<String, Object> producer() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(CommonClientConfigs.ENABLE_METRICS_PUSH_CONFIG, false);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, instanceId + "-producer");
        props.putAll(config.originalsWithPrefix(DispatcherConfig.KAFKA_PREFIX));
        props.putAll(config.originalsWithPrefix(DispatcherConfig.PRODUCER_PREFIX));
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    /**
     * Settings of the delivery receipts' producer: {@link #producer()} with {@code linger.ms=0} (a receipt
     * holds one of the SMPP session's PDU threads until Kafka acknowledged it) and client id
     * {@code <instance.id>-receipts-producer}.
     *
     * @return a new mutable map of Kafka producer properties
     */
    public Map<String, Object> receiptProducer() {
        Map<String, Object> props = producer();
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, instanceId + "-receipts-producer");
        return props;
    }

    /**
     * Settings of the receipt correlator (Kafka Streams): defaults {@code processing.guarantee=exactly_once_v2},
     * {@code num.stream.threads=1}, {@code statestore.cache.max.bytes=1048576}, consumer
     * {@code max.partition.fetch.bytes=131072} and {@code fetch.max.bytes=1048576}, producer
     * {@code buffer.memory=4194304}, {@code max.poll.records=200}, {@code buffered.records.per.partition=100},
     * {@code enable.metrics.push=false} (for the Streams client and all its Kafka clients),
     * skipping records that cannot be deserialized (logged), the internal topics' {@code replication.factor} and
     * {@code topic.min.insync.replicas} from {@code internalTopics} (if given), then {@code kafka.*}, then
     * {@code streams.*}, then the bootstrap servers, {@code application.id}
     * ({@value ReceiptConfig#RECEIPTS_APPLICATION_ID_CONFIG} or {@code <group.id>-receipts}), {@code state.dir}
     * ({@value ReceiptConfig#RECEIPTS_STATE_DIR_CONFIG} or {@code <java.io.tmpdir>/herald-receipts/<instance.id>}),
     * client id {@code <instance.id>-receipts} and, when {@value DispatcherConfig#GROUP_INSTANCE_ID_CONFIG} is set, the
     * main consumer's {@code group.instance.id} {@code <group.instance.id>-receipts} (Kafka Streams appends
     * {@code -<thread index>}).
     *
     * @param internalTopics how to replicate the correlator's changelog and repartition topics, or null for the
     *     broker's defaults
     * @return a new mutable map of Kafka Streams properties
     */
    public Map<String, Object> streams(TopicSetup.Durability internalTopics) {
        Map<String, Object> props = new HashMap<>();
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, STREAMS_COMMIT_INTERVAL_MS);
        // The record cache is heap, flushed at each commit: a small one loses little.
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 1024 * 1024L);
        // Small fetches and a small producer buffer: the correlator shares the dispatcher's heap, and with Kafka's
        // defaults (1 MiB per partition, 50 MiB per fetch, 32 MiB of producer buffer) a backlog of statuses fills it.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), 128 * 1024);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_BYTES_CONFIG), 1024 * 1024);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.BUFFER_MEMORY_CONFIG), 4L * 1024 * 1024);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 200);
        props.put(StreamsConfig.BUFFERED_RECORDS_PER_PARTITION_CONFIG, 100);
        // KIP-714/KIP-1076 metrics push: with it, the correlator's 36 tasks' metrics were copied into a telemetry
        // ledger of about 5.5 MiB (BacklogMemoryIT heap dump), whether or not the cluster subscribes to them.
        props.put(StreamsConfig.ENABLE_METRICS_PUSH_CONFIG, false);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                SkipPoisonRecordsHandler.class.getName());
        if (internalTopics != null) {
            props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) internalTopics.replicationFactor());
            props.put(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG),
                    Integer.toString(internalTopics.minInsyncReplicas()));
        }
        props.putAll(config.originalsWithPrefix(DispatcherConfig.KAFKA_PREFIX));
        props.putAll(config.originalsWithPrefix(DispatcherConfig.STREAMS_PREFIX));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        String applicationId = config.getString(ReceiptConfig.RECEIPTS_APPLICATION_ID_CONFIG);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG,
                applicationId.isBlank() ? config.getString(DispatcherConfig.GROUP_ID_CONFIG) + "-receipts"
                        : applicationId);
        String stateDir = config.getString(ReceiptConfig.RECEIPTS_STATE_DIR_CONFIG);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.isBlank()
                ? Path.of(System.getProperty("java.io.tmpdir"), "herald-receipts", instanceId).toString() : stateDir);
        props.put(StreamsConfig.CLIENT_ID_CONFIG, instanceId + "-receipts");
        // Kafka Streams appends "-<thread index>" to its main consumers' group.instance.id.
        groupInstanceId("-receipts").ifPresent(id ->
                props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), id));
        return props;
    }

    /**
     * @param suffix what tells this process's consumers apart, e.g. {@code -requests}
     * @return {@value DispatcherConfig#GROUP_INSTANCE_ID_CONFIG} followed by {@code suffix}, or empty when the key is
     *     empty (dynamic membership)
     */
    private Optional<String> groupInstanceId(String suffix) {
        String id = config.getString(DispatcherConfig.GROUP_INSTANCE_ID_CONFIG);
        return id.isBlank() ? Optional.empty() : Optional.of(id + suffix);
    }
}
