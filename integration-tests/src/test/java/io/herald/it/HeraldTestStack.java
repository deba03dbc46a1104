package io.herald.it;

import io.herald.auth.ApiKeys;
import io.herald.local.DispatcherProcess;
import io.herald.local.HeraldHome;
import io.herald.local.HeraldStack;
import io.herald.local.HeraldStackBuilder;
import io.herald.local.IngestServiceProcess;
import io.herald.local.SmscSimulatorProcess;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline on real parts, as child processes on free ports of 127.0.0.1 ({@link HeraldStack}): a KRaft Kafka
 * broker, the Apicurio registry, the SMSC simulator, one ingest-service and {@value #DISPATCHERS} dispatchers in one
 * consumer group, from empty topics. Work files and every process's log are under
 * {@code integration-tests/target/it-work}.
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
    /** The callback signing key of {@value #OTHER_CLIENT}. */
    static final String OTHER_CALLBACK_KEY = "other-client-callback-key-for-the-tests-only";

    /** Dispatcher processes started, all in one consumer group. */
    public static final int DISPATCHERS = 2;

    /** The dispatchers' consumer group. */
    public static final String GROUP_ID = "herald-dispatcher-it";

    private static final Logger LOG = LoggerFactory.getLogger(HeraldTestStack.class);

    private final HeraldStack stack;

    private HeraldTestStack(HeraldStack stack) {
        this.stack = stack;
    }

    /** @return the folder the ITs' stacks work in: {@code herald.it.workDir}, else integration-tests/target/it-work */
    static Path workRoot(HeraldHome home) {
        return Path.of(System.getProperty("herald.it.workDir",
                home.root().resolve("integration-tests/target/it-work").toString()));
    }

    /**
     * @param home the repository
     * @param work the work folder
     * @return a builder of a stack that starts from empty topics ({@link HeraldStackBuilder#deleteKafkaDataFirst()}):
     *     Kafka, the registry and the simulator on free ports, Herald's topics, no ingest and no dispatchers
     */
    static HeraldStackBuilder builder(HeraldHome home, Path work) {
        return HeraldStack.builder(home, work).deleteKafkaDataFirst();
    }

    /**
     * Starts every process and waits until each is ready.
     *
     * @return the running stack
     * @throws io.herald.local.ChildProcessException if a process does not become ready (with its log tail)
     */
    public static HeraldTestStack start() {
        HeraldHome home = HeraldHome.locate();
        long t0 = System.nanoTime();
        HeraldStack stack = builder(home, workRoot(home)).ingest(true).ingestOptions(HeraldTestStack::testIngest)
                .dispatchers(DISPATCHERS).groupId(GROUP_ID).email().push()
                .dispatcherOptions((index, options) -> options.instanceId("it-dispatcher-" + (index + 1)))
                .start();
        LOG.info("Herald test stack ready in {} ms: kafka={} registry={} ingest={} smsc={}",
                (System.nanoTime() - t0) / 1_000_000, stack.bootstrapServers(), stack.registryUrl(),
                stack.ingest().url(), stack.smsc().smppPort());
        return new HeraldTestStack(stack);
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
        return stack.ingest().url();
    }

    /**
     * @param options options of an ingest service of this stack
     * @return them, with a second API client, {@value #OTHER_CLIENT}, whose key is {@link #OTHER_CLIENT_KEY} (tests
     *     of tenancy ask with it for the batches of client {@code local}) and whose callback signing key is
     *     {@value #OTHER_CALLBACK_KEY}, and completion callbacks allowed to
     *     {@value #CALLBACK_RECEIVER_HOST} over plain http, where the tests' callback receivers listen; every other
     *     loopback or private address stays refused, as in production
     */
    static IngestServiceProcess.Options testIngest(IngestServiceProcess.Options options) {
        return options.override("auth.clients." + OTHER_CLIENT + ".keyHashes", ApiKeys.hash(OTHER_CLIENT_KEY))
                .override("callbacks.signingKeys." + OTHER_CLIENT, OTHER_CALLBACK_KEY)
                .override("callbacks.allowHttp", "true")
                .override("callbacks.allowedNetworks", CALLBACK_RECEIVER_HOST + "/32");
    }

    /** @return the stack's ingest service */
    IngestServiceProcess ingest() {
        return stack.ingest();
    }

    /** @return the API key of client {@code local} on the stack's ingest service */
    String ingestApiKey() {
        return stack.ingest().apiKey();
    }

    /** @return a client of the ingest-service, with the stack's API key */
    IngestHttp ingestHttp() {
        return IngestHttp.of(stack.ingest());
    }

    /** @return the SMSC simulator */
    public SmscSimulatorProcess smsc() {
        return stack.smsc();
    }

    /**
     * Crashes dispatcher {@code index} with SIGKILL and waits until it is gone; {@link #restartDispatcher} brings it
     * back. A test that kills one restarts it before it ends, since the stack is shared.
     *
     * @param index 0-based, in start order
     */
    void killDispatcher(int index) {
        stack.killDispatcher(index);
    }

    /** @param index 0-based: starts that dispatcher again as it first started, and waits until it is healthy */
    void restartDispatcher(int index) {
        stack.restartDispatcher(index);
    }

    /** @return the dispatcher processes */
    public List<DispatcherProcess> dispatchers() {
        return stack.dispatchers();
    }

    /** Stops the dispatchers, ingest, the simulator, the registry and Kafka, in that order. */
    @Override
    public void close() {
        stack.close();
    }
}
