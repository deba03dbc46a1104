package io.herald.cli;

import io.herald.local.HeraldHome;
import io.herald.local.HeraldStack;
import io.herald.local.HeraldStackBuilder;
import io.herald.local.IngestServiceProcess;
import io.herald.local.LocalProcess;
import io.herald.local.SmscSimulatorProcess;
import java.io.PrintStream;
import java.util.Optional;

/**
 * The stack of {@code demo}, {@code stack}, {@code bulk-load} and {@code bench}: a {@link HeraldStack} with the
 * command's ports and work folder ({@link StackOptions}), progress lines on stderr as {@code herald: …}, the
 * dispatchers with e-mail and class-data sharing.
 */
final class DemoStack {

    private DemoStack() {
    }

    /** What to start beyond Kafka, the registry and the simulator. */
    record Services(boolean ingest, int ingestPort, int ingestAdminPort, int dispatchers, int dispatcherAdminPort,
                    String groupId, int senderThreads) {
        static Services none() {
            return new Services(false, 0, 0, 0, 0, null, 0);
        }
    }

    /**
     * Starts the stack in the work folder of {@code options}; with {@code --fresh}, deletes that folder's data first.
     *
     * @param home the Herald checkout
     * @param options work folder, {@code --fresh}, ports
     * @param services what to start beyond Kafka, the registry and the simulator
     * @param info where progress lines go (stderr)
     * @return the running stack
     * @throws io.herald.local.WorkFolderInUseException with {@code --fresh}, if a process started from the work folder
     *     still runs; nothing was deleted or started then
     */
    static HeraldStack start(HeraldHome home, StackOptions options, Services services, PrintStream info) {
        HeraldStackBuilder stack = options.withPush(options.stack(home)).progress(info, "herald: ")
                .ingest(services.ingest()).ingestPorts(services.ingestPort(), services.ingestAdminPort())
                .dispatchers(services.dispatchers()).dispatcherAdminPort(services.dispatcherAdminPort())
                .senderThreads(services.senderThreads()).email().classDataSharing();
        if (services.groupId() != null) {
            stack.groupId(services.groupId());
        }
        return stack.start();
    }

    /**
     * @param stack a running stack
     * @return the first of its members that is no longer alive, if any
     */
    static Optional<LocalProcess> firstDead(HeraldStack stack) {
        return stack.dead().stream().findFirst();
    }

    /** Prints the endpoints, one {@code name: address} per line, as documented in docs/demo.md. */
    static void printEndpoints(HeraldStack stack, PrintStream out) {
        IngestServiceProcess ingest = stack.ingest();
        if (ingest != null) {
            out.println("ingest: " + ingest.url());
            out.println("console: " + ingest.url() + "/console/");
            out.println("api-key: " + ingest.apiKey());
            out.println("api-key-limited: " + ingest.limitedApiKey());
        }
        SmscSimulatorProcess smsc = stack.smsc();
        out.println("kafka: " + stack.bootstrapServers());
        out.println("registry: " + stack.registryUrl());
        out.println("smsc: 127.0.0.1:" + smsc.smppPort());
        if (smsc.smtpPort() > 0) {
            out.println("smtp: 127.0.0.1:" + smsc.smtpPort());
        }
        if (smsc.pushEnabled()) {
            out.println("apns: https://127.0.0.1:" + smsc.pushEndpoints().apnsPort());
            out.println("fcm: http://127.0.0.1:" + smsc.pushEndpoints().fcmPort());
            out.println("push-credentials: " + smsc.pushEndpoints().credentialsDir());
        }
        out.flush();
    }
}
