package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.local.DispatcherProcess;
import io.herald.local.HeraldHome;
import io.herald.local.HeraldStack;
import io.herald.local.IngestServiceProcess;
import io.herald.local.LocalProcess;
import io.herald.local.SmscMessage;
import io.herald.local.SmscSimulatorProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;

/**
 * A stack of a test class's own, for tests that must not share {@code notify.requests} with the shared
 * {@link HeraldTestStack} (whose dispatchers would consume, and send, the records these tests write): its own KRaft
 * broker and registry, Herald's topics, and one SMSC simulator, as child processes on free ports of 127.0.0.1 in
 * {@code ${herald.it.workDir}/FOLDER}. The test starts its dispatchers itself; {@link #close()} stops every process,
 * dispatchers first.
 */
final class IsolatedStack implements AutoCloseable {

    private final HeraldStack stack;

    private IsolatedStack(HeraldStack stack) {
        this.stack = stack;
    }

    /**
     * @param folder the work folder's name under {@code herald.it.workDir}
     * @param smscOptions adjusts the simulator's options (heap, latency, …) before it starts
     * @return the running broker, registry (with Herald's topics) and simulator
     */
    static IsolatedStack start(String folder, UnaryOperator<SmscSimulatorProcess.Options> smscOptions) {
        HeraldHome home = HeraldHome.locate();
        return new IsolatedStack(HeraldTestStack.builder(home, HeraldTestStack.workRoot(home).resolve(folder))
                .smscOptions(smscOptions).start());
    }

    String bootstrapServers() {
        return stack.bootstrapServers();
    }

    String registryUrl() {
        return stack.registryUrl();
    }

    SmscSimulatorProcess smsc() {
        return stack.smsc();
    }

    Path work() {
        return stack.workDir();
    }

    /** @return a new admin client of the broker; the caller closes it */
    Admin admin() {
        return stack.admin();
    }

    /**
     * @param instanceId the dispatcher's instance id, also the name of its config and log files
     * @param groupId its consumer group
     * @return options for a dispatcher of this stack: its Kafka, registry and simulator, a free admin port
     */
    DispatcherProcess.Options dispatcherOptions(String instanceId, String groupId) {
        return stack.dispatcherOptions(instanceId).instanceId(instanceId).groupId(groupId);
    }

    /**
     * Starts a dispatcher and waits until it is healthy; {@link #close()} stops it if the test does not.
     *
     * @param options its options
     * @return the running dispatcher
     */
    DispatcherProcess startDispatcher(DispatcherProcess.Options options) {
        return stack.startDispatcher(options);
    }

    /**
     * Starts another SMSC simulator (one that refuses, or answers slowly) and waits until it is healthy; {@link #close()}
     * stops it.
     *
     * @param options adjusts its options (name, error rate, …); ports are free ones
     * @return the running simulator
     */
    SmscSimulatorProcess startSmsc(UnaryOperator<SmscSimulatorProcess.Options> options) {
        return stack.startSmsc(options);
    }

    /**
     * @param name the ingest service's name (log and pid files)
     * @return options for an ingest service of this stack: its Kafka and registry, free ports, its Kafka Streams state
     *     in {@code work/<name>-state} (so that a restart with the same options finds it)
     */
    IngestServiceProcess.Options ingestOptions(String name) {
        return stack.ingestOptions(name).override("streams.stateDir", work().resolve(name + "-state").toString());
    }

    /**
     * Starts an ingest service and waits until it is healthy; {@link #close()} stops it if the test does not.
     *
     * @param options its options
     * @return the running service
     */
    IngestServiceProcess startIngest(IngestServiceProcess.Options options) {
        return stack.startIngest(options);
    }

    /**
     * @return the Herald message ids (TLV 0x1F01) of every message the simulator received, with how often each
     *     was received
     */
    Map<String, Integer> receivedIds() {
        Map<String, Integer> ids = new HashMap<>();
        for (SmscMessage message : stack.smsc().messages(null)) {
            if (message.heraldMessageId() != null) {
                ids.merge(message.heraldMessageId(), 1, Integer::sum);
            }
        }
        return ids;
    }

    /**
     * @param dispatcher a running dispatcher
     * @return its {@code GET /stats}
     */
    static JsonNode stats(DispatcherProcess dispatcher) throws IOException, InterruptedException {
        return dispatcher.stats();
    }

    /**
     * Sends a signal with {@code kill}, e.g. STOP (freeze) or CONT (resume). Linux/Unix only, as the local stack.
     *
     * @param pid the process
     * @param signal the signal's name without {@code SIG}
     */
    static void signal(long pid, String signal) {
        assertThat(LocalProcess.signal(pid, signal)).as("kill -%s %d", signal, pid).isZero();
    }

    /** Stops every process this stack started: dispatchers, the simulator, the registry, the broker. */
    @Override
    public void close() {
        stack.close();
    }
}
