package io.herald.ingest;

import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.AutoCloseableManager;
import io.dropwizard.lifecycle.ServerLifecycleListener;
import io.dropwizard.servlets.assets.AssetServlet;
import io.github.bucket4j.TimeMeter;
import io.herald.ingest.api.IngestJson;
import io.herald.ingest.auth.ApiAuth;
import io.herald.ingest.auth.ApiKeyAuthenticator;
import io.herald.ingest.auth.AuthFactory;
import io.herald.ingest.auth.ClientQuotas;
import io.herald.ingest.batch.BatchControlStore;
import io.herald.ingest.batch.KafkaBatchControlStore;
import io.herald.ingest.bulk.BulkLoader;
import io.herald.ingest.bulk.BulkTopology;
import io.herald.ingest.callback.CallbackFactory;
import io.herald.ingest.callback.CallbackSender;
import io.herald.ingest.core.BatchIngestor;
import io.herald.ingest.core.BatchLimits;
import io.herald.ingest.core.BatchPreparer;
import io.herald.ingest.core.CallbackKeys;
import io.herald.ingest.core.CallbackTargets;
import io.herald.ingest.core.DryRunSummary;
import io.herald.ingest.core.InFlightBytes;
import io.herald.ingest.core.PhoneNumberNormalizer;
import io.herald.ingest.core.RequestPublisher;
import io.herald.ingest.health.BulkLoaderHealthCheck;
import io.herald.ingest.health.CallbackSenderHealthCheck;
import io.herald.ingest.health.KafkaHealthCheck;
import io.herald.ingest.health.StatusViewHealthCheck;
import io.herald.ingest.health.TopicViewHealthCheck;
import io.herald.ingest.idempotency.IdempotencyFactory;
import io.herald.ingest.idempotency.IdempotencyStore;
import io.herald.ingest.idempotency.KafkaIdempotencyStore;
import io.herald.ingest.kafka.KafkaFactory;
import io.herald.ingest.kafka.KafkaRequestPublisher;
import io.herald.ingest.kafka.StreamsApp;
import io.herald.ingest.kafka.StreamsFactory;
import io.herald.ingest.kafka.StreamsShutdown;
import io.herald.ingest.metrics.IngestMeters;
import io.herald.ingest.metrics.PrometheusServlet;
import io.herald.ingest.resources.BatchAnswerCounter;
import io.herald.ingest.resources.BatchEventsResource;
import io.herald.ingest.resources.BatchListing;
import io.herald.ingest.resources.BatchResource;
import io.herald.ingest.resources.ConsoleHeadersFilter;
import io.herald.ingest.resources.IngestExceptionMapper;
import io.herald.ingest.resources.JsonExceptionMapper;
import io.herald.ingest.resources.MaskingRequestLog;
import io.herald.ingest.resources.NoAdminTasksFilter;
import io.herald.ingest.resources.OpenApiResource;
import io.herald.ingest.resources.ProblemErrorHandler;
import io.herald.ingest.resources.RequestBodyLimitFilter;
import io.herald.ingest.resources.SmsInfoResource;
import io.herald.ingest.resources.StatusResource;
import io.herald.ingest.resources.SuppressionResource;
import io.herald.ingest.resources.TemplateListResource;
import io.herald.ingest.resources.TemplateResource;
import io.herald.ingest.resources.UnexpectedExceptionMapper;
import io.herald.ingest.resources.WebApplicationExceptionMapper;
import io.herald.ingest.status.StatusView;
import io.herald.ingest.suppression.KafkaSuppressionStore;
import io.herald.ingest.suppression.SuppressionStore;
import io.herald.ingest.template.KafkaTemplateStore;
import io.herald.ingest.template.TemplateStore;
import io.herald.kafka.LocalStateGuard;
import io.herald.schema.BatchIntake;
import io.herald.schema.DeliveryStatus;
import io.herald.schema.HeraldSerdes;
import io.herald.schema.NotificationRequest;
import io.herald.schema.TopicSetup;
import io.herald.schema.Topics;
import io.herald.serde.SkipPoisonRecordsHandler;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.DispatcherType;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest service: {@code POST /v1/batches}, {@code GET /v1/batches/{id}}, {@code GET /v1/messages/{id}},
 * {@code /v1/templates/{id}} and {@code PUT/DELETE /v1/suppressions/{recipient}} on the application port; health
 * ({@code kafka}, {@code templates}, {@code status}, {@code bulk}) and metrics on the admin port: Dropwizard's
 * {@code /metrics} (JSON) and {@code /prometheus} (Prometheus text format, {@link PrometheusServlet}). Besides the HTTP
 * API it runs two Kafka Streams applications, the status view and the bulk loader, and the completion callback
 * sender. Run it as
 * {@code java -jar ingest-service/target/ingest-service.jar server ingest-service/config.yml}.
 */
public class IngestApplication extends Application<IngestConfiguration> {

    private static final Logger LOG = LoggerFactory.getLogger(IngestApplication.class);

    /** Where the console is served on the application port ({@code docs/console.md}). */
    public static final String CONSOLE_PATH = "/console/";

    /**
     * Runs a Dropwizard command, e.g. {@code server config.yml} or {@code check config.yml}.
     *
     * @param args the command line
     * @throws Exception if the command fails
     */
    public static void main(String[] args) throws Exception {
        new IngestApplication().run(args);
    }

    @Override
    public String getName() {
        return "herald-ingest";
    }

    @Override
    public void initialize(Bootstrap<IngestConfiguration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
    }

    @Override
    public void run(IngestConfiguration configuration, Environment environment) {
        // Only now: the same mapper read config.yml, whose -Ddw overrides are strings even for numbers.
        IngestJson.configure(environment.getObjectMapper());
        if (configuration.getServerFactory() instanceof AbstractServerFactory server) {
            // Dropwizard's mappers answer {code, message}; ours answer problem+json, whatever the YAML says.
            server.setRegisterDefaultExceptionMappers(false);
        }
        KafkaFactory kafka = configuration.getKafka();
        Admin admin = kafka.buildAdmin();
        environment.lifecycle().manage(new AutoCloseableManager(admin));
        if (kafka.isCreateTopics()) {
            Set<String> created = TopicSetup.ensureTopics(admin, kafka.getRequestsPartitions(),
                    kafka.getStatusPartitions(), kafka.durability(),
                    kafka.getStartupTimeout().toMilliseconds());
            LOG.info("Kafka topics created at startup: {}", created.isEmpty() ? "none (all existed)" : created);
        }

        PrometheusMeterRegistry meterRegistry = createMeterRegistry(environment);
        IngestMeters meters = new IngestMeters(meterRegistry);
        RequestPublisher publisher = createPublisher(configuration, environment, meterRegistry);
        TemplateStore templates = createTemplateStore(configuration, environment);
        PhoneNumberNormalizer normalizer = new PhoneNumberNormalizer(configuration.getDefaultRegion());
        BatchPreparer preparer = new BatchPreparer(
                new BatchLimits(configuration.getMaxRecipientsPerBatch(), configuration.getMaxTextLength(),
                        configuration.getMaxSegments(), configuration.getMaxScheduleAhead().toMilliseconds(),
                        configuration.getMaxEmailBodyLength(), configuration.getMaxRenderedCharsPerBatch()),
                normalizer, templates, Clock.systemUTC(), configuration.channelSet());
        CallbackKeys callbackKeys = new CallbackKeys(configuration.getCallbacks().getSigningKeys());
        ClientQuotas quotas = new ClientQuotas(environment.metrics(), TimeMeter.SYSTEM_NANOTIME);
        registerAuth(configuration.getAuth(), quotas, environment);
        environment.admin().addFilter("herald-no-admin-tasks", new NoAdminTasksFilter())
                .addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), true, "/tasks", "/tasks/*");
        CallbackFactory callbacks = configuration.getCallbacks();
        CallbackTargets callbackTargets = new CallbackTargets(callbacks.getAllowedNetworks(), callbacks.isAllowHttp(),
                callbacks.getAllowedHosts(), InetAddress::getAllByName);
        InFlightBytes inFlight = new InFlightBytes(configuration.getMaxInFlightBytes().toBytes());
        BatchIngestor ingestor = new BatchIngestor(preparer, publisher, callbackKeys, callbackTargets, quotas,
                environment.metrics(), meters, Clock.systemUTC(), inFlight);

        IdempotencyFactory idempotency = configuration.getIdempotency();
        SuppressionStore suppressions = createSuppressionStore(configuration, environment);
        // A dry run stops what the dispatcher would: the client's own entry or a shared one (no owner).
        DryRunSummary dryRuns = new DryRunSummary(configuration.getPricing(), (clientId, recipient) ->
                suppressions.contains(null, recipient) || suppressions.contains(clientId, recipient));
        BatchResource batchResource = new BatchResource(ingestor, idempotency.isEnabled()
                ? createIdempotencyStore(configuration, environment) : null, environment.getObjectMapper(),
                dryRuns);
        environment.jersey().register(batchResource);
        environment.jersey().register(new BatchAnswerCounter(meters));
        environment.jersey().register(new OpenApiResource());
        environment.lifecycle().addEventListener(MaskingRequestLog.installer());
        environment.lifecycle().addEventListener(ProblemErrorHandler.installer());
        environment.metrics().registerGauge("io.herald.ingest.inflight.bytes", inFlight::held);
        Gauge.builder("herald.ingest.inflight.bytes", inFlight, InFlightBytes::held)
                .description("Request body bytes held in memory now, of at most maxInFlightBytes")
                .baseUnit("bytes")
                .register(meterRegistry);
        // The console (docs/console.md): its page and scripts, and the WebJars it uses, on the application port.
        environment.servlets().addServlet("console", new AssetServlet("/console", CONSOLE_PATH, "index.html",
                StandardCharsets.UTF_8)).addMapping(CONSOLE_PATH + "*");
        environment.servlets().addServlet("console-vendor", new AssetServlet("/META-INF/resources/webjars",
                CONSOLE_PATH + "vendor/", null, StandardCharsets.UTF_8)).addMapping(CONSOLE_PATH + "vendor/*");
        environment.servlets().addFilter("console-headers", new ConsoleHeadersFilter())
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, CONSOLE_PATH + "*");
        environment.servlets().addFilter("request-body-limits",
                        new RequestBodyLimitFilter(configuration.getMaxRequestSize().toBytes(), inFlight))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
        Duration retryAfter = Duration.ofMillis(configuration.getRetryAfter().toMilliseconds());
        StatusView statusView = createStatusView(configuration, environment, admin, meterRegistry);
        for (String application : List.of(configuration.getStreams().getStatusApplicationId(),
                configuration.getStreams().getBulkApplicationId())) {
            FunctionCounter.builder("herald.streams.skipped.records", application, SkipPoisonRecordsHandler::skipped)
                    .tag("application", application)
                    .description("Records a Kafka Streams app skipped as unreadable (unknown schema id, wrong record "
                            + "type, not Avro)")
                    .register(meterRegistry);
        }
        StatusResource statusResource = new StatusResource(statusView,
                createBatchControlStore(configuration, environment), Clock.systemUTC(),
                Duration.ofMillis(kafka.getHealthCheckTimeout().toMilliseconds()).plusSeconds(3), retryAfter);
        environment.jersey().register(statusResource);
        batchResource.listFrom(new BatchListing(statusView, statusResource));
        environment.jersey().register(new BatchEventsResource(statusResource, environment.getObjectMapper()));
        if (configuration.getCallbacks().isEnabled()) {
            CallbackSender callbackSender = new CallbackSender(configuration.getCallbacks().buildConsumer(kafka),
                    Topics.BATCHES_COMPLETED, callbackKeys,
                    callbacks, callbackTargets, environment.getObjectMapper(), environment.metrics(),
                    Clock.systemUTC());
            environment.lifecycle().manage(callbackSender);
            environment.healthChecks().register("callbacks", new CallbackSenderHealthCheck(callbackSender));
            // Per-message status callbacks: the batcher gathers final events into POSTs, a second sender sends them.
            environment.lifecycle().manage(callbacks.buildStatusCallbackBatcher(kafka,
                    environment.getObjectMapper()));
            CallbackSender statusCallbackSender = new CallbackSender(callbacks.buildStatusCallbackConsumer(kafka),
                    Topics.STATUS_CALLBACKS, callbackKeys, callbacks, callbackTargets, environment.getObjectMapper(),
                    environment.metrics(), CallbackSender.STATUS_METERS, Clock.systemUTC());
            environment.lifecycle().manage(statusCallbackSender);
            environment.healthChecks().register("statusCallbacks",
                    new CallbackSenderHealthCheck(statusCallbackSender));
        }
        environment.jersey().register(new TemplateResource(templates, configuration.getMaxTextLength(),
                configuration.getMaxTemplatesPerClient()));
        environment.jersey().register(new TemplateListResource(templates));
        environment.jersey().register(new SmsInfoResource(configuration.getMaxTextLength()));
        environment.jersey().register(new SuppressionResource(normalizer, suppressions, environment.getObjectMapper(),
                Clock.systemUTC(), configuration.getMaxSuppressionsPerClient()));
        environment.jersey().register(new IngestExceptionMapper(retryAfter));
        environment.jersey().register(new JsonExceptionMapper());
        environment.jersey().register(new WebApplicationExceptionMapper());
        environment.jersey().register(new UnexpectedExceptionMapper());
        StreamsFactory streams = configuration.getStreams();
        List<StreamsApp> streamsApps = new ArrayList<>(List.of(statusView));
        if (streams.isBulkEnabled()) {
            BulkLoader bulk = new BulkLoader(BulkTopology.build(preparer, streams.getBulkDefaultFrom(),
                    streams.getBulkClientId(), HeraldSerdes.valueSerde(NotificationRequest.class,
                            kafka.getRegistryUrl()),
                    HeraldSerdes.valueSerde(BatchIntake.class, kafka.getRegistryUrl()), Clock.systemUTC()),
                    (host, port) -> streams.streamsConfig(kafka, streams.getBulkApplicationId(), "bulk",
                            streams.stateDir(host, port, "bulk")),
                    () -> LocalStateGuard.clusterId(admin, kafka.getStartupTimeout().toMilliseconds()),
                    meterRegistry);
            streamsApps.add(bulk);
            environment.lifecycle().addServerLifecycleListener(bulk);
            environment.healthChecks().register("bulk", new BulkLoaderHealthCheck(bulk));
        }
        environment.healthChecks().register("kafka", new KafkaHealthCheck(admin, Topics.REQUESTS,
                Duration.ofMillis(kafka.getHealthCheckTimeout().toMilliseconds())));
        // Managed last, so stopped first (Jetty stops beans in reverse order), once the requests in flight are done:
        // both Streams apps close in parallel, within streams.closeTimeout in all.
        environment.lifecycle().manage(new StreamsShutdown(streamsApps,
                Duration.ofMillis(streams.getCloseTimeout().toMilliseconds())));
    }

    /**
     * Creates the application's one Micrometer registry, serves it as {@code GET /prometheus} on the admin port
     * ({@link PrometheusServlet}) and binds the JVM's meters to it: memory, GC, threads, class loading, processor
     * and uptime. The environment's lifecycle closes the binders and the registry on shutdown.
     *
     * @param environment the environment, for the admin servlet and the lifecycle
     * @return the registry, for Herald's meters and the Kafka clients' ones
     */
    private static PrometheusMeterRegistry createMeterRegistry(Environment environment) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        environment.lifecycle().manage(new AutoCloseableManager(registry::close));
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        environment.lifecycle().manage(new AutoCloseableManager(gc));
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        environment.admin().addServlet("prometheus", new PrometheusServlet(registry)).addMapping("/prometheus");
        return registry;
    }

    /**
     * Binds a Kafka client's own metrics ({@code kafka_producer_*}, {@code kafka_consumer_*}, tagged with its
     * {@code client.id}) to the registry, until the environment stops.
     *
     * @param producer the producer
     * @param registry the registry
     * @param environment the environment, whose lifecycle unbinds them
     */
    private static void bindKafkaClientMetrics(Producer<?, ?> producer, MeterRegistry registry,
                                               Environment environment) {
        KafkaClientMetrics metrics = new KafkaClientMetrics(producer);
        metrics.bindTo(registry);
        environment.lifecycle().manage(new AutoCloseableManager(metrics));
    }

    /**
     * Puts the API behind keys and quotas ({@link ApiAuth}). With no key configured the service still starts, and
     * says at WARN that every request will get a 401.
     */
    private static void registerAuth(AuthFactory auth, ClientQuotas quotas, Environment environment) {
        ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(auth.buildKeyTable());
        if (authenticator.keyCount() == 0) {
            LOG.warn("No API key is configured (auth.clients): every request will get 401. Make one with"
                    + " ./herald apikey new CLIENT");
        } else {
            LOG.info("API clients: {} ({} keys)", auth.getClients().keySet(), authenticator.keyCount());
        }
        ApiAuth.providers(authenticator, auth.getRealm(), quotas).forEach(environment.jersey()::register);
    }

    /**
     * Creates the status view ({@link StatusView}, the Kafka Streams application {@code streams.statusApplicationId})
     * that answers {@code GET /v1/batches/{id}} and {@code GET /v1/messages/{id}}, with the health check
     * {@code status}. It starts once the HTTP server listens, with {@code application.server} set to this instance's
     * address ({@code streams.applicationServer}, or the application connector's host and port). When
     * {@code streams.statusEnabled} is false it is never started, and the endpoints answer 503. {@code run} hands it to
     * the {@link StreamsShutdown} that closes it.
     *
     * @param configuration the configuration
     * @param environment the environment, to start it once the server listens
     * @param admin an admin client, to read the Kafka cluster id
     * @param registry where the view's Kafka Streams metrics go while it runs
     * @return the view
     */
    protected StatusView createStatusView(IngestConfiguration configuration, Environment environment, Admin admin,
                                          MeterRegistry registry) {
        KafkaFactory kafka = configuration.getKafka();
        StreamsFactory streams = configuration.getStreams();
        StatusView view = new StatusView(HeraldSerdes.valueSerde(DeliveryStatus.class, kafka.getRegistryUrl()),
                HeraldSerdes.valueSerde(BatchIntake.class, kafka.getRegistryUrl()),
                () -> LocalStateGuard.clusterId(admin, kafka.getStartupTimeout().toMilliseconds()), registry);
        if (!streams.isStatusEnabled()) {
            return view;
        }
        environment.lifecycle().addServerLifecycleListener(new ServerLifecycleListener() {
            @Override
            public void serverStarted(Server server) {
                StreamsFactory.Endpoint endpoint = StreamsFactory.Endpoint.of(getPortDescriptorList(server));
                Map<String, Object> config = streams.streamsConfig(kafka, streams.getStatusApplicationId(), "status",
                        streams.stateDir(endpoint.host(), endpoint.port(), "status"));
                // One status the view cannot process is logged and skipped: it must not stop every later status.
                config.putIfAbsent(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                        LogAndContinueProcessingExceptionHandler.class.getName());
                view.start(streams.applicationServer(endpoint.host(), endpoint.port()), config);
            }
        });
        environment.healthChecks().register("status", new StatusViewHealthCheck(view));
        return view;
    }

    /**
     * Creates the idempotency key store: a {@link KafkaIdempotencyStore} over {@link Topics#IDEMPOTENCY}, started and
     * stopped by the environment's lifecycle, with the health check {@code idempotency} (unhealthy until it has loaded
     * the topic). Tests override it with an in-memory store.
     *
     * @param configuration the configuration
     * @param environment the environment, to manage the store's lifecycle and register its health check
     * @return the store
     */
    protected IdempotencyStore createIdempotencyStore(IngestConfiguration configuration, Environment environment) {
        KafkaIdempotencyStore store = KafkaIdempotencyStore.create(configuration.getKafka(),
                configuration.getIdempotency(), Clock.systemUTC());
        environment.lifecycle().manage(store);
        environment.healthChecks().register("idempotency", new TopicViewHealthCheck("idempotency keys", store));
        return store;
    }

    /**
     * Creates the named template store: a {@link KafkaTemplateStore} over {@link Topics#TEMPLATES}, started and stopped
     * by the environment's lifecycle, with the health check {@code templates} (unhealthy until it has loaded the
     * topic). Tests override it with an in-memory store.
     *
     * @param configuration the configuration
     * @param environment the environment, to manage the store's lifecycle and register its health check
     * @return the store
     */
    protected TemplateStore createTemplateStore(IngestConfiguration configuration, Environment environment) {
        KafkaTemplateStore store = KafkaTemplateStore.create(configuration.getKafka(), Clock.systemUTC());
        environment.lifecycle().manage(store);
        environment.healthChecks().register("templates", new TopicViewHealthCheck("templates", store));
        return store;
    }

    /**
     * Creates where accepted requests go. This one writes to {@link Topics#REQUESTS} with a Kafka producer that the
     * environment's lifecycle closes, its client metrics bound to {@code registry}; tests override it with a fake of
     * the port.
     *
     * @param configuration the configuration
     * @param environment the environment, to manage the producer's lifecycle
     * @param registry where the producer's client metrics ({@code kafka_producer_*}) go
     * @return the publisher
     */
    protected RequestPublisher createPublisher(IngestConfiguration configuration, Environment environment,
                                               MeterRegistry registry) {
        KafkaFactory kafka = configuration.getKafka();
        Producer<String, SpecificRecord> producer = kafka.buildProducer();
        KafkaRequestPublisher publisher = new KafkaRequestPublisher(producer, Topics::requestsTopic,
                kafka.ackTimeout(), Duration.ofMillis(kafka.getDeliveryTimeout().toMilliseconds()));
        environment.lifecycle().manage(publisher);
        bindKafkaClientMetrics(producer, registry, environment);
        return publisher;
    }

    /**
     * Creates the batch controls' store: a {@link KafkaBatchControlStore} over {@link Topics#BATCH_CONTROL} with its
     * own Kafka producer ({@code acks=all}) and reader, started and stopped by the environment's lifecycle, with the
     * health check {@code batch-control} (unhealthy until it has read the topic); tests override it.
     *
     * @param configuration the configuration
     * @param environment the environment, to manage the store's lifecycle
     * @return the store
     */
    protected BatchControlStore createBatchControlStore(IngestConfiguration configuration, Environment environment) {
        KafkaBatchControlStore store = KafkaBatchControlStore.create(configuration.getKafka());
        environment.lifecycle().manage(store);
        environment.healthChecks().register("batch-control", new TopicViewHealthCheck("batch controls", store));
        return store;
    }

    /**
     * Creates the suppression list's store: a {@link KafkaSuppressionStore} over {@link Topics#SUPPRESSIONS} with its
     * own Kafka producer ({@code acks=all}) and reader, started and stopped by the environment's lifecycle, with the
     * health check {@code suppressions} (unhealthy until it has read the list); tests override it with a fake of the
     * port.
     *
     * @param configuration the configuration
     * @param environment the environment, to manage the store's lifecycle
     * @return the store
     */
    protected SuppressionStore createSuppressionStore(IngestConfiguration configuration, Environment environment) {
        KafkaSuppressionStore store = KafkaSuppressionStore.create(configuration.getKafka());
        environment.lifecycle().manage(store);
        environment.healthChecks().register("suppressions", new TopicViewHealthCheck("suppression list", store));
        return store;
    }
}
