package io.herald.dispatcher;

import io.herald.dispatcher.admin.AdminServer;
import io.herald.dispatcher.admin.DispatcherStats;
import io.herald.dispatcher.batch.BatchGate;
import io.herald.dispatcher.batch.BatchRates;
import io.herald.dispatcher.config.DispatcherConfig;
import io.herald.dispatcher.config.GatewayConfig;
import io.herald.dispatcher.lane.PriorityConfig;
import io.herald.dispatcher.ledger.LedgerConfig;
import io.herald.dispatcher.ledger.SentLedger;
import io.herald.dispatcher.receipt.ReceiptConfig;
import io.herald.dispatcher.receipt.ReceiptCorrelator;
import io.herald.dispatcher.receipt.ReceiptPipeline;
import io.herald.dispatcher.receipt.ReceiptPublisher;
import io.herald.dispatcher.receive.PartitionListener;
import io.herald.dispatcher.receive.PollLoop;
import io.herald.dispatcher.receive.PollLoops;
import io.herald.dispatcher.retry.RetryConfig;
import io.herald.dispatcher.retry.RetryTier;
import io.herald.dispatcher.schedule.DelayRouter;
import io.herald.dispatcher.send.RecordSender;
import io.herald.dispatcher.send.guard.GroupRateShare;
import io.herald.dispatcher.send.route.Gateways;
import io.herald.dispatcher.send.route.Lane;
import io.herald.dispatcher.send.route.RouteTable;
import io.herald.dispatcher.send.sms.DeliverSmHandler;
import io.herald.dispatcher.send.sms.SmppGateway;
import io.herald.dispatcher.status.StatusEvents;
import io.herald.dispatcher.status.StatusPublisher;
import io.herald.dispatcher.suppression.SuppressionConfig;
import io.herald.kafka.LocalStateGuard;
import io.herald.schema.BatchControls;
import io.herald.schema.DeliveryReceipt;
import io.herald.schema.DeliveryStatus;
import io.herald.schema.HeraldSerdes;
import io.herald.schema.SuppressionList;
import io.herald.schema.TopicSetup;
import io.herald.schema.Topics;
import io.herald.schema.TrustedAvroClasses;
import io.herald.serde.CachingAvroSerializer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One dispatcher process, wired from a {@link DispatcherConfig}: the gateways ({@code gateway.type}, or each of
 * {@code gateways}: the SMPP gateway, the HTTP SMS gateway, the SMTP gateway for e-mail), the status/DLQ producer, the
 * sender pool, the sent ledger, the receipt publisher and correlator (when {@code receipts.enabled} and the gateway is
 * SMPP: an HTTP provider sends no deliver_sm receipts), the poll loop of {@code notify.requests} and the poll loop of
 * the retry and delay topics (group {@code <group.id>-retry}) each on its own thread, the suppression list (when
 * {@code suppression.enabled}: its own thread, and STOP handling in the receipt publisher), and the admin server. It
 * creates the retry topics, the ledger topic and the suppression topic if they are missing. The poll loops start only
 * once the suppression list is loaded (a WARN every {@code suppression.load.timeout.ms} while it is not).
 * {@link #start()} starts them; {@link #stop()} stops the poll loop (bounded drain, final commit) and then closes the
 * rest.
 */
public final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final Duration PRODUCER_CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final long TOPIC_SETUP_TIMEOUT_MS = 30_000;

    private final DispatcherConfig config;
    private final DispatcherStats stats = new DispatcherStats();
    /** Every gateway this process sends through, with its guard: one, or those of {@code gateways}. */
    private final List<Lane> lanes;
    /** The SMPP gateways among them: bound at start, counted in /stats. */
    private final List<SmppGateway> smppGateways;
    private final StatusPublisher publisher;
    /** Writes delivery receipts (and MO STOP suppressions) with linger.ms 0, or null without receipts. */
    private final StatusPublisher receiptWriter;
    private final ExecutorService senderPool;
    /** The poll loops of notify.requests and of the retry and delay topics. */
    private final PollLoops pollLoops;
    /** Each poll loop's thread. */
    private final Map<PollLoop, Thread> pollThreads;
    private final SentLedger ledger;
    private final ReceiptCorrelator receiptCorrelator;
    /** Every batch's pause and cancel ({@code notify.batch-control}). */
    private final BatchControls batchControls;
    /** The suppression list, or null with {@code suppression.enabled=false}. */
    private final SuppressionList suppressionList;
    private final AdminServer admin;
    private final AtomicBoolean stopped = new AtomicBoolean();
    /** Open once {@link #stop()} has finished. */
    private final CountDownLatch stopDone = new CountDownLatch(1);

    private Dispatcher(DispatcherConfig config) throws IOException {
        this.config = config;
        Clock clock = Clock.systemUTC();
        TrustedAvroClasses.install();

        Serializer<DeliveryStatus> statusSerializer = new CachingAvroSerializer<>();
        statusSerializer.configure(HeraldSerdes.producerSerdeConfig(config.registryUrl()), false);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config.kafkaClients().producer());
        this.publisher = new StatusPublisher(producer, statusSerializer);
        // Registers the schema and resolves its id before the first message, not on the first send's thread.
        warmUp(statusSerializer, Topics.STATUS, StatusEvents.sample());
        stats.metrics().bindJvm();
        stats.metrics().bindKafkaClient(producer);

        this.suppressionList = SuppressionConfig.list(config, stats);
        DeliverSmHandler deliverSmHandler = DeliverSmHandler.IGNORE;
        // How notify.requests is replicated, once read (for the correlator's topics); ensureTopics reuses it.
        Optional<TopicSetup.Durability> requestsDurability = Optional.empty();
        if (receiptsRun(config)) {
            Serializer<DeliveryReceipt> receiptSerializer = new CachingAvroSerializer<>();
            receiptSerializer.configure(HeraldSerdes.producerSerdeConfig(config.registryUrl()), false);
            warmUp(receiptSerializer, Topics.RECEIPTS, ReceiptPublisher.sample());
            ClusterFacts cluster = clusterFacts(config);
            requestsDurability = cluster.requests();
            ReceiptPipeline receipts = ReceiptPipeline.create(config, statusSerializer, receiptSerializer,
                    cluster.requests(), cluster.clusterId(), stats.receipts(), stats.metrics(), clock);
            this.receiptWriter = receipts.writer();
            this.receiptCorrelator = receipts.correlator();
            deliverSmHandler = receipts.handler();
        } else {
            this.receiptCorrelator = null;
            this.receiptWriter = null;
        }
        RouteTable routes = Gateways.routes(config, deliverSmHandler, clock);
        this.lanes = routes.lanes();
        this.smppGateways = lanes.stream().map(Lane::gateway).filter(SmppGateway.class::isInstance)
                .map(SmppGateway.class::cast).toList();

        int threads = config.getInt(DispatcherConfig.SENDER_THREADS_CONFIG);
        AtomicInteger threadNumber = new AtomicInteger();
        // The queue serves the priority lanes: high first, normal and bulk by weight.
        this.senderPool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                PriorityConfig.senderQueue(config),
                runnable -> new Thread(runnable, "sender-" + threadNumber.incrementAndGet()));

        Gateways.bindStats(lanes, stats);
        List<RetryTier> tiers = RetryConfig.retryTiers(config);
        DelayRouter delays = new DelayRouter(RetryConfig.delayTiers(config), publisher, stats, clock);
        // The retry consumer reads the retry topics and the delay topics alike: each record waits for its due time.
        List<String> heldTopics = new ArrayList<>(tiers.stream().map(RetryTier::topic).toList());
        heldTopics.addAll(delays.topics());
        ensureTopics(config, heldTopics, requestsDurability);
        this.ledger = config.getBoolean(LedgerConfig.LEDGER_ENABLED_CONFIG)
                ? new SentLedger(new KafkaConsumer<>(config.kafkaClients().ledgerConsumer()),
                        config.getLong(LedgerConfig.LEDGER_LOAD_TIMEOUT_MS_CONFIG), Time.SYSTEM)
                : null;
        this.batchControls = new BatchControls(new KafkaConsumer<>(config.kafkaClients().batchControlConsumer()),
                Topics.BATCH_CONTROL);
        // Each gateway's configured TPS is the account's, and each batch's maxRate the batch's: shared by the group in
        // proportion to the partitions of notify.requests owned.
        GroupRateShare rateShare = new GroupRateShare(lanes.stream()
                .map(lane -> new GroupRateShare.Named(lane.name(), lane.guard().rateLimit())).toList(),
                () -> publisher.partitionCount(Topics.REQUESTS));
        BatchGate batches = new BatchGate(batchControls::control, publisher, stats, clock,
                new BatchRates(clock, rateShare::share, senderPool));
        RecordSender recordSender = RecordSender.create(config, routes, tiers, publisher, ledger, delays,
                SuppressionConfig.suppressions(config, suppressionList), batches, senderPool, stats, clock);
        // The poll loops pause only when every circuit is open.
        BooleanSupplier allCircuitsOpen = () -> lanes.stream().allMatch(lane -> lane.guard().circuit().isOpen());
        // The retry loop also reads the paused batches' requests, each due once its batch runs again.
        List<String> retryLoopTopics = new ArrayList<>(heldTopics);
        retryLoopTopics.add(Topics.HELD);
        // Only the requests loop's partitions set the share; the retry loop, on its own thread, tells the ledger alone.
        this.pollLoops = PollLoops.create(config, retryLoopTopics, recordSender, senderPool, stats, allCircuitsOpen,
                ledger == null ? rateShare : PartitionListener.all(ledger, rateShare),
                ledger == null ? PartitionListener.NONE : ledger, batches);
        this.pollThreads = new LinkedHashMap<>();
        pollThreads.put(pollLoops.high(), new Thread(pollLoops.high(), "poll-loop-high"));
        pollThreads.put(pollLoops.requests(), new Thread(pollLoops.requests(), "poll-loop"));
        pollThreads.put(pollLoops.bulk(), new Thread(pollLoops.bulk(), "poll-loop-bulk"));
        pollThreads.put(pollLoops.retry(), new Thread(pollLoops.retry(), "retry-poll-loop"));

        int adminPort = config.getInt(DispatcherConfig.ADMIN_PORT_CONFIG);
        this.admin = adminPort == 0 ? null : new AdminServer(
                config.getString(DispatcherConfig.ADMIN_HOST_CONFIG), adminPort, config.instanceId(), stats,
                () -> lanes.stream().anyMatch(lane -> lane.gateway().isAvailable()),
                () -> smppGateways.stream().mapToInt(SmppGateway::boundSessions).sum());
    }

    /**
     * Serializes a sample value once, so that its schema is registered and its id cached at start-up; a registry that
     * cannot be reached now is logged and left to the first real value.
     */
    private static <T> void warmUp(Serializer<T> serializer, String topic, T sample) {
        try {
            serializer.serialize(topic, sample);
        } catch (RuntimeException e) {
            LOG.warn("Could not register the schema of {} at start-up; the first record will: {}", topic,
                    e.toString());
        }
    }

    /**
     * Whether the receipt publisher and correlator run: with {@code receipts.enabled} and an SMPP gateway. An HTTP
     * provider or a mail server sends no deliver_sm, so without an SMPP gateway they never do (logged once when
     * enabled).
     *
     * @param config the configuration
     * @return true if receipts are stored and correlated
     */
    static boolean receiptsRun(DispatcherConfig config) {
        if (!config.getBoolean(ReceiptConfig.RECEIPTS_ENABLED_CONFIG)) {
            return false;
        }
        if (config.gateways().stream().noneMatch(GatewayConfig::isSmpp)) {
            LOG.info("{}=true has no effect without an SMPP gateway: an HTTP provider or a mail server sends no "
                    + "delivery receipts, so neither the receipt publisher nor the correlator runs; messages end at "
                    + "SENT", ReceiptConfig.RECEIPTS_ENABLED_CONFIG);
            return false;
        }
        return true;
    }

    /**
     * Creates the retry and delay topics, the receipts topic and the suppression list if missing, replicated as
     * notify.requests is (its replica count and {@code min.insync.replicas}) and with as many partitions. A failure is
     * logged, not fatal: the topics may exist already and this client may lack the rights to list or create them; if
     * they are really missing, the first write to one fails and stops the process (exit 1).
     *
     * @param requestsDurability how notify.requests is replicated, if already read at start; else it is read here
     */
    private static void ensureTopics(DispatcherConfig config, List<String> heldTopics,
                                     Optional<TopicSetup.Durability> requestsDurability) {
        try (Admin admin = Admin.create(config.kafkaClients().admin())) {
            TopicSetup.Durability durability = requestsDurability.isPresent() ? requestsDurability.get()
                    : TopicSetup.durabilityOf(admin, Topics.REQUESTS, TOPIC_SETUP_TIMEOUT_MS);
            Set<String> created = TopicSetup.ensureDispatcherTopics(admin, heldTopics, durability,
                    TOPIC_SETUP_TIMEOUT_MS);
            if (!created.isEmpty()) {
                LOG.info("Created topics {}", created);
            }
        } catch (IllegalStateException | KafkaException e) {
            LOG.warn("Could not check or create the retry and delay topics, {} and {}; going on, assuming they exist: "
                    + "{}", Topics.SENT, Topics.SUPPRESSIONS, e.getMessage());
        }
    }

    /**
     * Asks the cluster, with one admin client, its id and how notify.requests is replicated; each empty (logged) if it
     * cannot be read within {@value #TOPIC_SETUP_TIMEOUT_MS} ms.
     */
    private static ClusterFacts clusterFacts(DispatcherConfig config) {
        try (Admin admin = Admin.create(config.kafkaClients().admin())) {
            Optional<String> clusterId = LocalStateGuard.clusterId(admin, TOPIC_SETUP_TIMEOUT_MS);
            Optional<TopicSetup.Durability> requests;
            try {
                requests = Optional.of(TopicSetup.durabilityOf(admin, Topics.REQUESTS, TOPIC_SETUP_TIMEOUT_MS));
            } catch (IllegalStateException | KafkaException e) {
                LOG.warn("Could not read how {} is replicated; the receipt correlator's internal topics get the "
                        + "broker's defaults: {}", Topics.REQUESTS, e.getMessage());
                requests = Optional.empty();
            }
            return new ClusterFacts(clusterId, requests);
        } catch (KafkaException e) {
            LOG.warn("Could not read the Kafka cluster id: {}", e.toString());
            return new ClusterFacts(Optional.empty(), Optional.empty());
        }
    }

    /**
     * What the dispatcher asks the cluster at start.
     *
     * @param clusterId the Kafka cluster id (KIP-78), to tie the receipt correlator's local state to its cluster;
     *     empty if the cluster could not be asked within {@value #TOPIC_SETUP_TIMEOUT_MS} ms
     * @param requests how {@code notify.requests} is replicated; empty if it could not be read
     */
    private record ClusterFacts(Optional<String> clusterId, Optional<TopicSetup.Durability> requests) {
    }

    /**
     * Builds a dispatcher; nothing runs until {@link #start()}.
     *
     * @param config the configuration
     * @return the dispatcher
     * @throws IOException if the admin address ({@code admin.host}:{@code admin.port}) cannot be bound
     * @throws org.apache.kafka.common.KafkaException if a Kafka client cannot be created from the configuration
     */
    public static Dispatcher create(DispatcherConfig config) throws IOException {
        return new Dispatcher(config);
    }

    /** Binds SMPP sessions (in the background, SMPP only), starts the admin server and the poll loop. */
    public void start() {
        LOG.info("Dispatcher {} starting: group {}, topics {}, {} sender threads, max.in.flight {}",
                config.instanceId(), config.getString(DispatcherConfig.GROUP_ID_CONFIG), Topics.REQUEST_LANES,
                config.getInt(DispatcherConfig.SENDER_THREADS_CONFIG),
                config.getInt(DispatcherConfig.MAX_IN_FLIGHT_CONFIG));
        smppGateways.forEach(SmppGateway::start);
        if (receiptCorrelator != null) {
            receiptCorrelator.start();
        }
        if (admin != null) {
            admin.start();
        }
        awaitSuppressionList();
        awaitBatchControls();
        pollThreads.values().forEach(Thread::start);
    }

    /**
     * Starts the suppression list's thread and waits until the list is loaded: no request is dispatched before every
     * opt-out written so far is known. Every {@code suppression.load.timeout.ms} of waiting is logged at WARN.
     */
    private void awaitSuppressionList() {
        if (suppressionList == null) {
            return;
        }
        Thread suppressionThread = new Thread(suppressionList, "suppression-list");
        suppressionThread.setDaemon(true);
        suppressionThread.start();
        if (awaitRead(Topics.SUPPRESSIONS, suppressionList::awaitLoaded, suppressionList::state)) {
            LOG.info("Suppression list loaded ({} entries); dispatching", suppressionList.size());
        }
    }

    /**
     * Starts the batch controls' thread and waits until they are loaded: no request is dispatched before every pause
     * and cancel written so far is known. Every {@code suppression.load.timeout.ms} of waiting is logged at WARN.
     */
    private void awaitBatchControls() {
        batchControls.start();
        if (awaitRead(Topics.BATCH_CONTROL, batchControls::awaitLoaded, () -> batchControls.reader().state())) {
            LOG.info("Batch controls loaded ({} batches paused, resumed or cancelled)", batchControls.size());
        }
    }

    /**
     * Waits until a topic read whole is loaded ({@link #awaitLoaded}; a WARN every
     * {@code suppression.load.timeout.ms}).
     *
     * @return true once loaded; false if the dispatcher stops, or the thread is interrupted, first
     */
    private boolean awaitRead(String topic, LoadWait list, java.util.function.Supplier<String> state) {
        try {
            return awaitLoaded(list, stopped::get, config.getLong(SuppressionConfig.SUPPRESSION_LOAD_TIMEOUT_MS_CONFIG),
                    state, topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits up to a time, in ms, for a list to load: true once loaded. */
    @FunctionalInterface
    interface LoadWait {
        boolean await(long timeoutMs) throws InterruptedException;
    }

    /**
     * Waits, in slices of 100 ms so that a stop meanwhile ends the wait at once, until the list is loaded.
     *
     * @param list waits for the list
     * @param stopping true once the dispatcher stops
     * @param warnEveryMs how often a WARN says it still waits, in ms (at least 1 is used)
     * @param state the list's state, for the WARN
     * @param topic the topic the list is read from, for the WARN
     * @return true once loaded; false if stopping first
     * @throws InterruptedException if interrupted
     */
    static boolean awaitLoaded(LoadWait list, java.util.function.BooleanSupplier stopping, long warnEveryMs,
                               java.util.function.Supplier<String> state, String topic) throws InterruptedException {
        long waitedSinceWarnMs = 0;
        long startedNanos = System.nanoTime();
        while (!stopping.getAsBoolean()) {
            if (list.await(100)) {
                return true;
            }
            waitedSinceWarnMs += 100;
            if (waitedSinceWarnMs >= Math.max(1, warnEveryMs)) {
                waitedSinceWarnMs = 0;
                LOG.warn("{} still {} after {} ms; not dispatching until it is read to its end, so that nothing "
                        + "written there is missed (is it readable?)", topic, state.get(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos));
            }
        }
        return false;
    }

    /**
     * Waits until the poll loop ends (after {@link #stop()} or a fatal error).
     *
     * @return null if it ended on {@link #stop()}, else the fatal error
     * @throws InterruptedException if interrupted while waiting
     */
    public Throwable awaitTermination() throws InterruptedException {
        // Any loop failing ends the process: the others must not go on alone.
        Thread first = pollThreads.values().iterator().next();
        while (pollThreads.values().stream().allMatch(Thread::isAlive)) {
            first.join(200);
        }
        Throwable fatal = pollLoops.fatalError();
        if (fatal != null) {
            pollLoops.stop();
        }
        for (Thread thread : pollThreads.values()) {
            thread.join();
        }
        return fatal != null ? fatal : pollLoops.fatalError();
    }

    /**
     * Stops: the receipt correlator begins to stop (its Kafka Streams thread commits and leaves its group, in the
     * background); the poll loop drops queued records, waits up to {@code shutdown.timeout.ms} for running ones,
     * commits and leaves the group; then the sender pool, the ledger consumer, the receipt correlator (waiting until
     * {@code receipts.close.timeout.ms} after it began to stop, not beyond), the gateway (SMPP: unbind), the producer
     * (flushing) and the admin server are closed. With nothing in flight at the gateway this takes about
     * {@code receipts.close.timeout.ms} at most, however busy the correlator's stream thread is. Idempotent; safe from
     * a shutdown hook: a second caller (the hook, while a signal handler is stopping) returns when the first one is
     * done, so the JVM does not end mid-drain.
     */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            try {
                stopDone.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        try {
            stopNow();
        } finally {
            stopDone.countDown();
        }
    }

    private void stopNow() {
        LOG.info("Dispatcher {} stopping", config.instanceId());
        if (receiptCorrelator != null) {
            receiptCorrelator.beginClose();
        }
        pollLoops.stop();
        try {
            long timeout = config.getLong(DispatcherConfig.SHUTDOWN_TIMEOUT_MS_CONFIG) + 15_000;
            for (Map.Entry<PollLoop, Thread> loop : pollThreads.entrySet()) {
                if (!loop.getKey().awaitTermination(timeout)) {
                    LOG.warn("Poll loop {} did not end within {} ms", loop.getValue().getName(), timeout);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        senderPool.shutdownNow();
        if (ledger != null) {
            ledger.close();
        }
        if (receiptCorrelator != null && !receiptCorrelator.closeAndWait()) {
            LOG.warn("Receipt correlator did not stop within {} ms ({}; its stream thread is busy or in a rebalance);"
                    + " leaving it to end with the process, its uncommitted work is done again by the next owner",
                    receiptCorrelator.closeTimeoutMs(), ReceiptConfig.RECEIPTS_CLOSE_TIMEOUT_MS_CONFIG);
        }
        if (suppressionList != null) {
            suppressionList.stop();
        }
        batchControls.stop();
        // Unbind before the producer closes: a receipt arriving in between could not be stored.
        lanes.forEach(lane -> lane.gateway().close());
        if (receiptWriter != null) {
            receiptWriter.close(PRODUCER_CLOSE_TIMEOUT);
        }
        publisher.close(PRODUCER_CLOSE_TIMEOUT);
        if (admin != null) {
            admin.close();
        }
        stats.metrics().close();
        LOG.info("Dispatcher {} stopped", config.instanceId());
    }

    /** @return the admin server's port, or -1 if it is disabled */
    public int adminPort() {
        return admin == null ? -1 : admin.port();
    }
}
