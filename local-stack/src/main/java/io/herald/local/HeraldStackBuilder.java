package io.herald.local;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * What a {@link HeraldStack} starts: its builder, from {@link HeraldStack#builder(HeraldHome, Path)}. Every port is 0
 * (a free one) unless set.
 *
 * <table>
 *   <caption>Stack options</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>kafkaPorts, registryPort</td><td>free</td><td>Kafka PLAINTEXT and controller ports, registry HTTP
 *       port</td></tr>
 *   <tr><td>kafkaAndRegistryApart</td><td>false</td><td>start (and time) Kafka and the registry as two steps,
 *       rather than one</td></tr>
 *   <tr><td>deleteAllDataFirst</td><td>no</td><td>delete all the work folder's data first, and say so</td></tr>
 *   <tr><td>deleteKafkaDataFirst</td><td>false</td><td>start from empty topics: delete {@code kafka-data/}
 *       and the dispatchers' receipt stores before starting</td></tr>
 *   <tr><td>withoutSmsc</td><td>no</td><td>start no simulator</td></tr>
 *   <tr><td>smscPorts, smscOptions</td><td>free, none</td><td>the simulator's SMPP, HTTP and SMTP ports (SMTP -1:
 *       none) and changes to its options, kept across its restarts</td></tr>
 *   <tr><td>ingest, ingestPorts, ingestOptions</td><td>false, free, none</td><td>whether to start one
 *       ingest-service, its ports, changes to its options</td></tr>
 *   <tr><td>dispatchers, groupId, dispatcherAdminPort</td><td>0, the dispatcher's default group, free</td><td>
 *       dispatchers in the group, named {@code dispatcher-N}; the n-th admin port is the first + n - 1</td></tr>
 *   <tr><td>senderThreads, email, push, classDataSharing</td><td>the dispatcher's default, false, false, false
 *       </td><td>{@code sender.threads}; whether the dispatchers also send e-mail to the simulator's SMTP port;
 *       whether they also send push to its APNs and FCM servers (and ingest takes push batches); whether they start
 *       with a class-data archive ({@link ClassDataArchive})</td></tr>
 *   <tr><td>dispatcherOptions</td><td>none</td><td>changes to dispatcher {@code index}'s options</td></tr>
 *   <tr><td>progress</td><td>none</td><td>where "starting X …" and "X ready in T s" lines go, and their
 *       prefix</td></tr>
 * </table>
 */
public final class HeraldStackBuilder {
    final HeraldHome home;
    final Path workDir;
    int kafkaPort;
    int controllerPort;
    int registryPort;
    boolean kafkaAndRegistryApart;
    boolean deleteKafkaData;
    String deleteAllDataWhy;
    boolean smsc = true;
    int smppPort;
    int smscHttpPort;
    int smtpPort;
    UnaryOperator<SmscSimulatorProcess.Options> smscOptions = UnaryOperator.identity();
    boolean ingest;
    int ingestPort;
    int ingestAdminPort;
    UnaryOperator<IngestServiceProcess.Options> ingestOptions = UnaryOperator.identity();
    int dispatchers;
    String groupId = DispatcherProcess.Options.DEFAULT_GROUP_ID;
    int dispatcherAdminPort;
    int senderThreads;
    boolean email;
    boolean push;
    int fcmPort;
    int apnsPort;
    boolean classDataSharing;
    BiConsumer<Integer, DispatcherProcess.Options> dispatcherOptions = (index, options) -> { };
    PrintStream info;
    String prefix = "";

    HeraldStackBuilder(HeraldHome home, Path workDir) {
        this.home = Objects.requireNonNull(home, "home");
        this.workDir = Objects.requireNonNull(workDir, "workDir");
    }

    /** @param kafka PLAINTEXT port @param controller KRaft controller port @return this */
    public HeraldStackBuilder kafkaPorts(int kafka, int controller) {
        this.kafkaPort = kafka;
        this.controllerPort = controller;
        return this;
    }

    /** @param port the registry's HTTP port @return this */
    public HeraldStackBuilder registryPort(int port) {
        this.registryPort = port;
        return this;
    }

    /** Starts and times Kafka and the registry as two steps (two pairs of progress lines). @return this */
    public HeraldStackBuilder kafkaAndRegistryApart() {
        this.kafkaAndRegistryApart = true;
        return this;
    }

    /**
     * Deletes the broker's data of an earlier run, with the dispatchers' receipt correlator stores, so that the
     * run starts from empty topics; without Kafka storage, the registry's data and the other Streams state go
     * too ({@link StackData#prepare}).
     *
     * @return this
     */
    public HeraldStackBuilder deleteKafkaDataFirst() {
        this.deleteKafkaData = true;
        return this;
    }

    /**
     * Deletes the work folder's data before starting ({@link StackData#deleteAll(Path)}: Kafka's records, the
     * registry's schemas, the services' Kafka Streams state), and says so on a progress line.
     *
     * @param why what asked for it, the start of the progress line, e.g. {@code --fresh}
     * @return this
     * @see StackData#deleteAllDescribed(Path)
     */
    public HeraldStackBuilder deleteAllDataFirst(String why) {
        this.deleteAllDataWhy = Objects.requireNonNull(why);
        return this;
    }

    /**
     * @param smpp SMPP port
     * @param http HTTP API port
     * @param smtp SMTP port, 0 for a free one, {@link SmscSimulatorProcess.Options#SMTP_OFF} for none
     * @return this
     */
    public HeraldStackBuilder smscPorts(int smpp, int http, int smtp) {
        this.smppPort = smpp;
        this.smscHttpPort = http;
        this.smtpPort = smtp;
        return this;
    }

    /**
     * Starts no simulator: Kafka, the registry and the topics only (and ingest, if asked), for tests that send
     * nothing.
     *
     * @return this
     */
    public HeraldStackBuilder withoutSmsc() {
        this.smsc = false;
        return this;
    }

    /** @param adjust changes to the simulator's options (name, heap, latency, …) @return this */
    public HeraldStackBuilder smscOptions(UnaryOperator<SmscSimulatorProcess.Options> adjust) {
        this.smscOptions = Objects.requireNonNull(adjust);
        return this;
    }

    /** @param start whether to start one ingest-service @return this */
    public HeraldStackBuilder ingest(boolean start) {
        this.ingest = start;
        return this;
    }

    /** @param port REST port @param adminPort admin port @return this */
    public HeraldStackBuilder ingestPorts(int port, int adminPort) {
        this.ingestPort = port;
        this.ingestAdminPort = adminPort;
        return this;
    }

    /** @param adjust changes to the ingest-service's options @return this */
    public HeraldStackBuilder ingestOptions(UnaryOperator<IngestServiceProcess.Options> adjust) {
        this.ingestOptions = Objects.requireNonNull(adjust);
        return this;
    }

    /** @param count dispatchers to start in the group, 0 or more @return this */
    public HeraldStackBuilder dispatchers(int count) {
        this.dispatchers = count;
        return this;
    }

    /** @param groupId the dispatchers' consumer group @return this */
    public HeraldStackBuilder groupId(String groupId) {
        this.groupId = Objects.requireNonNull(groupId);
        return this;
    }

    /** @param firstPort admin port of dispatcher-1; the n-th uses this + n - 1; 0: a free one each @return this */
    public HeraldStackBuilder dispatcherAdminPort(int firstPort) {
        this.dispatcherAdminPort = firstPort;
        return this;
    }

    /** @param threads each dispatcher's {@code sender.threads}, 0 for its default @return this */
    public HeraldStackBuilder senderThreads(int threads) {
        this.senderThreads = threads;
        return this;
    }

    /** Gives each dispatcher an e-mail gateway on the simulator's SMTP port, beside SMPP. @return this */
    public HeraldStackBuilder email() {
        this.email = true;
        return this;
    }

    /**
     * Runs the simulator's APNs and FCM servers, gives each dispatcher gateways {@code apns} and {@code fcm} to them,
     * and lets ingest accept push batches ({@code channels: [sms, email, push]}).
     *
     * @param fcm the FCM server's port, 0 for a free one
     * @param apns the APNs server's port, 0 for a free one
     * @return this
     */
    public HeraldStackBuilder push(int fcm, int apns) {
        this.push = true;
        this.fcmPort = fcm;
        this.apnsPort = apns;
        return this;
    }

    /** {@link #push(int, int)} on free ports. @return this */
    public HeraldStackBuilder push() {
        return push(0, 0);
    }

    /** Starts the dispatchers with a class-data archive in {@code <home>/.herald/cds}. @return this */
    public HeraldStackBuilder classDataSharing() {
        this.classDataSharing = true;
        return this;
    }

    /**
     * @param adjust changes to dispatcher {@code index}'s (0-based) options, after the stack's; kept across its
     *     restarts
     * @return this
     */
    public HeraldStackBuilder dispatcherOptions(BiConsumer<Integer, DispatcherProcess.Options> adjust) {
        this.dispatcherOptions = Objects.requireNonNull(adjust);
        return this;
    }

    /**
     * @param info where progress lines go (e.g. stderr), null for none
     * @param prefix what each line starts with, e.g. {@code "herald: "}
     * @return this
     */
    public HeraldStackBuilder progress(PrintStream info, String prefix) {
        this.info = info;
        this.prefix = Objects.requireNonNull(prefix);
        return this;
    }

    /**
     * Starts every member in order, each ready before the next; on a failure, stops what was started and
     * rethrows.
     *
     * @return the running stack
     * @throws PortInUseException if a configured port is taken
     * @throws MissingArtifactException if a module or {@code local-servers} is not built
     * @throws ChildProcessException if a member does not become ready (with its log tail)
     * @throws UncheckedIOException if old data cannot be deleted
     * @throws IllegalStateException if dispatchers are asked for {@link #withoutSmsc()}
     * @throws WorkFolderInUseException with {@link #deleteAllDataFirst}, if a process started from the work
     *     folder still runs; nothing was deleted or started then
     */
    public HeraldStack start() {
        if (!smsc && dispatchers > 0) {
            throw new IllegalStateException("dispatchers need the simulator: drop withoutSmsc() or dispatchers("
                    + dispatchers + ")");
        }
        if (info != null) {
            info.println(prefix + "work folder " + workDir + " (logs in " + workDir.resolve("logs") + ")");
        }
        if (deleteAllDataWhy != null) {
            String deleted = StackData.deleteAllDescribed(workDir);
            if (info != null) {
                info.println(prefix + deleteAllDataWhy + ": " + deleted);
            }
        }
        return HeraldStack.start(home, this);
    }
}
