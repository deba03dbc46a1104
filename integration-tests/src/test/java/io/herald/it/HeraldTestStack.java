package io.herald.it;

import io.herald.auth.ApiKeys;
import io.herald.local.DispatcherProcess;
import io.herald.local.HeraldHome;
import io.herald.local.IngestServiceProcess;
import io.herald.local.LocalPorts;
import io.herald.local.LocalStack;
import io.herald.local.ProcessGroup;
import io.herald.local.SmscSimulatorProcess;
import io.herald.schema.TopicSetup;
import io.herald.schema.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline on real parts, as child processes on free ports of 127.0.0.1: a KRaft Kafka broker, the Apicurio
 * registry, the SMSC simulator, one ingest-service and {@value #DISPATCHERS} dispatchers in one consumer group. Work
 * files and every process's log are under {@code integration-tests/target/it-work}.
 */
public final class HeraldTestStack implements AutoCloseable {

    /** A second API client of the stack's ingest service, besides {@code local}. */
    static final String OTHER_CLIENT = "other-client";
    /** Its key. */
    static final String OTHER_CLIENT_KEY = ApiKeys.generate();
    /**
     * Where the tests' callback receivers listen: a loopback address of its own (Linux answers on all of 127/8), so
     * that the stack may allow it while callbacks to 127.0.0.1, where the stack's own ports are, stay refused.
     */
    static final String CALLBACK_RECEIVER_HOST = "127.0.0.2";

    /** Dispatcher processes started, all in one consumer group. */
    public static final int DISPATCHERS = 2;

    /** The dispatchers' consumer group. */
    public static final String GROUP_ID = "herald-dispatcher-it";

    private static final Logger LOG = LoggerFactory.getLogger(HeraldTestStack.class);

    private final ProcessGroup processes;
    private final LocalStack stack;
    private final SmscSimulatorProcess smsc;
    private final IngestServiceProcess ingest;
    private final List<DispatcherProcess> dispatchers;

    private HeraldTestStack(ProcessGroup processes, LocalStack stack, SmscSimulatorProcess smsc,
                            IngestServiceProcess ingest, List<DispatcherProcess> dispatchers) {
        this.processes = processes;
        this.stack = stack;
        this.smsc = smsc;
        this.ingest = ingest;
        this.dispatchers = dispatchers;
    }

    /** @return the folder the ITs' stacks work in: {@code herald.it.workDir}, else integration-tests/target/it-work */
    static Path workRoot(HeraldHome home) {
        return Path.of(System.getProperty("herald.it.workDir",
                home.root().resolve("integration-tests/target/it-work").toString()));
    }

    /**
     * Starts a KRaft broker and the registry on free ports in {@code work} and creates Herald's topics. The broker's
     * data of an earlier run is deleted first, with the dispatchers' receipt correlator stores, so that every test run
     * starts from empty topics; without Kafka storage, {@link LocalStack#start} also deletes the registry's data and
     * the other Streams state ({@link io.herald.local.StackData#prepare}).
     *
     * @param home the repository
     * @param work the work folder
     * @param processes stops them on close
     * @return the running broker and registry
     */
    static LocalStack startBrokerAndRegistry(HeraldHome home, Path work, ProcessGroup processes) {
        deleteRecursively(work.resolve("kafka-data"));
        deleteRecursively(work.resolve(DispatcherProcess.STATE_FOLDER));
        LocalStack stack = processes.add(LocalStack.start(home, LocalStack.Options.withFreePorts(work)));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers()))) {
            TopicSetup.ensureTopics(admin, Topics.DEFAULT_REQUESTS_PARTITIONS, Topics.DEFAULT_STATUS_PARTITIONS,
                    TopicSetup.Durability.of(1), 30_000);
        }
        return stack;
    }

    private static void deleteRecursively(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + folder, e);
        }
    }

    /**
     * Starts every process and waits until each is ready.
     *
     * @return the running stack
     * @throws io.herald.local.ChildProcessException if a process does not become ready (with its log tail)
     */
    public static HeraldTestStack start() {
        HeraldHome home = HeraldHome.locate();
        Path work = workRoot(home);
        long t0 = System.nanoTime();
        ProcessGroup processes = new ProcessGroup().stopOnShutdown();
        try {
            LocalStack stack = startBrokerAndRegistry(home, work, processes);
            SmscSimulatorProcess smsc = processes.add(SmscSimulatorProcess.start(home,
                    SmscSimulatorProcess.Options.in(work).smppPort(0).httpPort(0)));
            IngestServiceProcess ingest = processes.add(IngestServiceProcess.start(home,
                    testIngest(IngestServiceProcess.Options.in(work)
                            .kafka(stack.bootstrapServers(), stack.registryUrl()).port(0).adminPort(0))));
            List<DispatcherProcess> dispatchers = new ArrayList<>();
            for (int i = 1; i <= DISPATCHERS; i++) {
                dispatchers.add(processes.add(DispatcherProcess.start(home,
                        DispatcherProcess.Options.in(work).name("dispatcher-" + i).instanceId("it-dispatcher-" + i)
                                .kafka(stack.bootstrapServers(), stack.registryUrl())
                                .smpp(smsc).smtp(LocalPorts.HOST, smsc.smtpPort())
                                .groupId(GROUP_ID).adminPort(0))));
            }
            LOG.info("Herald test stack ready in {} ms: kafka={} registry={} ingest={} smsc={}",
                    (System.nanoTime() - t0) / 1_000_000, stack.bootstrapServers(), stack.registryUrl(),
                    ingest.url(), smsc.smppPort());
            return new HeraldTestStack(processes, stack, smsc, ingest, List.copyOf(dispatchers));
        } catch (RuntimeException e) {
            processes.close();
            throw e;
        }
    }

    /** @return {@code 127.0.0.1:PORT} of the Kafka broker */
    public String bootstrapServers() {
        return stack.bootstrapServers();
    }

    /** @return the registry's base URL, {@code http://127.0.0.1:PORT} */
    public String registryUrl() {
        return stack.registryUrl();
    }

    /** @return the ingest-service's base URL, {@code http://127.0.0.1:PORT} */
    public String ingestUrl() {
        return ingest.url();
    }

    /**
     * @param options options of an ingest service of this stack
     * @return them, with a second API client, {@value #OTHER_CLIENT}, whose key is {@link #OTHER_CLIENT_KEY} (tests
     *     of tenancy ask with it for the batches of client {@code local}), and completion callbacks allowed to
     *     {@value #CALLBACK_RECEIVER_HOST} over plain http, where the tests' callback receivers listen; every other
     *     loopback or private address stays refused, as in production
     */
    static IngestServiceProcess.Options testIngest(IngestServiceProcess.Options options) {
        return options.override("auth.clients." + OTHER_CLIENT + ".keyHashes", ApiKeys.hash(OTHER_CLIENT_KEY))
                .override("callbacks.allowHttp", "true")
                .override("callbacks.allowedNetworks", CALLBACK_RECEIVER_HOST + "/32");
    }

    /** @return the stack's ingest service */
    IngestServiceProcess ingest() {
        return ingest;
    }

    /** @return the API key of client {@code local} on the stack's ingest service */
    String ingestApiKey() {
        return ingest.apiKey();
    }

    /** @return a client of the ingest-service, with the stack's API key */
    IngestClient ingestClient() {
        return IngestClient.of(ingest);
    }

    /** @return the SMSC simulator */
    public SmscSimulatorProcess smsc() {
        return smsc;
    }

    /** @return the dispatcher processes */
    public List<DispatcherProcess> dispatchers() {
        return dispatchers;
    }

    /** Stops the dispatchers, ingest, the simulator, the registry and Kafka, in that order. */
    @Override
    public void close() {
        processes.close();
    }
}
