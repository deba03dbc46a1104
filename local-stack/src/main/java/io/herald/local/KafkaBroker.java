package io.herald.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * A single-node Kafka 4.3.1 broker in KRaft mode (one process is both broker and controller), run from
 * {@code local-servers/target/kafka/lib} as {@code java -cp lib/* kafka.Kafka server.properties}.
 *
 * <p>Files under the work folder: {@code config/server.properties}, {@code config/kafka-log4j2.properties} (WARN and
 * above to stdout, i.e. to {@code logs/kafka.log}), {@code kafka-data/} (the log dirs and KRaft metadata). Storage is
 * formatted ({@code kafka.tools.StorageTool format}) only when {@code kafka-data/meta.properties} is absent, so a
 * restart on the same work folder keeps its topics, records and committed offsets. The records' schema ids are only
 * readable with the registry database that goes with them: {@link LocalStack} starts both through
 * {@link StackData#prepare(Path)}, which deletes {@code registry-data/} when storage is about to be formatted.
 *
 * <p>Ready when an {@link Admin} {@code describeCluster} lists a node.
 */
public final class KafkaBroker extends LocalProcess {

    /** The broker's node id (and the controller's). */
    public static final int NODE_ID = 1;

    private static final String STORAGE_TOOL = "kafka.tools.StorageTool";

    private final int port;

    private KafkaBroker(ChildProcess process, int port) {
        super(process);
        this.port = port;
    }

    /**
     * Formats storage if needed, starts the broker and waits until it answers.
     *
     * @param home where {@code local-servers/target/kafka/lib} is
     * @param options ports, work folder, heap, extra broker properties
     * @return the running broker
     * @throws PortInUseException if the broker or controller port is taken
     * @throws MissingArtifactException if the Kafka classpath folder is not built
     * @throws ChildProcessException if formatting fails or the broker is not ready within the startup timeout
     */
    public static KafkaBroker start(HeraldHome home, Options options) {
        Path lib = home.kafkaLib();
        Path workDir = options.workDir().toAbsolutePath();
        int port = LocalPorts.resolve(options.port);
        int controllerPort = LocalPorts.resolve(options.controllerPort);
        LocalPorts.requireFree(port, ServicePort.KAFKA);
        LocalPorts.requireFree(controllerPort, ServicePort.KAFKA_CONTROLLER);
        String classpath = lib.resolve("*").toString();
        try {
            Path configDir = Files.createDirectories(workDir.resolve("config"));
            Path dataDir = workDir.resolve("kafka-data");
            Path serverProperties = configDir.resolve("server.properties");
            writeServerProperties(serverProperties, serverProperties(port, controllerPort, dataDir,
                    options.brokerProperties));
            Path log4j = configDir.resolve("kafka-log4j2.properties");
            Files.writeString(log4j, LOG4J2_CONFIG, StandardCharsets.UTF_8);
            String log4jOption = "-Dlog4j2.configurationFile=" + log4j;
            if (!Files.exists(dataDir.resolve("meta.properties"))) {
                format(classpath, log4jOption, workDir, serverProperties, options);
            }
            JavaCommand command = JavaCommand.mainClass(classpath, "kafka.Kafka")
                    .jvmOption(log4jOption)
                    .args(serverProperties.toString());
            String bootstrap = LocalPorts.HOST + ":" + port;
            ChildProcess process = options.startChild(command, () -> clusterAnswers(bootstrap));
            return new KafkaBroker(process, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Kafka configuration under " + workDir, e);
        }
    }

    /**
     * The broker settings the stack writes, before {@code overrides} are applied.
     *
     * @param port the PLAINTEXT listener port
     * @param controllerPort the CONTROLLER listener port
     * @param dataDir {@code log.dirs}
     * @param overrides extra or replacing settings, e.g. {@code log.retention.ms}
     * @return the settings, in file order
     */
    static Map<String, String> serverProperties(int port, int controllerPort, Path dataDir,
                                                Map<String, String> overrides) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + LocalPorts.HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + LocalPorts.HOST + ":" + port + ",CONTROLLER://" + LocalPorts.HOST + ":"
                + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + LocalPorts.HOST + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "12");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // A local stack keeps little: a day of records, at most 1 GiB per partition.
        p.put("log.retention.hours", "24");
        p.put("log.retention.bytes", Long.toString(1L << 30));
        p.putAll(overrides);
        return p;
    }

    private static void writeServerProperties(Path file, Map<String, String> settings) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# Written by Herald's local stack (io.herald.local.KafkaBroker); rewritten on every start.");
        settings.forEach((key, value) -> lines.add(key + "=" + value));
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private static void format(String classpath, String log4jOption, Path workDir, Path serverProperties,
                               Options options) throws IOException {
        Path log = workDir.resolve("logs").resolve(options.name() + "-format.log");
        Files.createDirectories(log.getParent());
        String clusterId = runTool(List.of("random-uuid"), classpath, log4jOption, workDir, log).trim();
        List<String> lines = clusterId.lines().filter(l -> !l.isBlank()).toList();
        clusterId = lines.isEmpty() ? "" : lines.get(lines.size() - 1).trim();
        if (clusterId.isEmpty()) {
            throw new ChildProcessException(options.name(), log, "StorageTool random-uuid printed no cluster id", null);
        }
        runTool(List.of("format", "-t", clusterId, "-c", serverProperties.toString()), classpath, log4jOption,
                workDir, log);
    }

    private static String runTool(List<String> args, String classpath, String log4jOption, Path workDir, Path log)
            throws IOException {
        List<String> command = JavaCommand.mainClass(classpath, STORAGE_TOOL).maxHeap("256m")
                .jvmOption(log4jOption).args(args).build();
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Files.writeString(log, String.join(" ", command) + System.lineSeparator() + output, StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new ChildProcessException("kafka-storage", log, "StorageTool " + args.get(0)
                        + " did not finish within 2 minutes; see " + log, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new ChildProcessException("kafka-storage", log, "interrupted while formatting storage", e);
        }
        if (process.exitValue() != 0) {
            throw new ChildProcessException("kafka-storage", log, "StorageTool " + args.get(0) + " failed with code "
                    + process.exitValue() + ":" + System.lineSeparator() + output, null);
        }
        return output;
    }

    private static boolean clusterAnswers(String bootstrap) throws Exception {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        try (Admin admin = Admin.create(config)) {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000)).nodes()
                    .get(4, TimeUnit.SECONDS).isEmpty();
        }
    }

    /** @return {@code 127.0.0.1:PORT}, for {@code bootstrap.servers} */
    public String bootstrapServers() {
        return LocalPorts.HOST + ":" + port;
    }

    /** @return the PLAINTEXT listener port */
    public int port() {
        return port;
    }

    private static final String LOG4J2_CONFIG = String.join(System.lineSeparator(),
            "# Written by Herald's local stack: the broker logs WARN and above to stdout, which goes to "
                    + "logs/kafka.log.",
            "status = warn",
            "appender.stdout.type = Console",
            "appender.stdout.name = STDOUT",
            "appender.stdout.layout.type = PatternLayout",
            "appender.stdout.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = WARN",
            "rootLogger.appenderRef.stdout.ref = STDOUT",
            "# One INFO line that says the broker is up.",
            "logger.server.name = kafka.server.KafkaRaftServer",
            "logger.server.level = INFO",
            "");

    /**
     * Options of {@link KafkaBroker#start(HeraldHome, Options)}.
     *
     * <table>
     *   <caption>Options</caption>
     *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
     *   <tr><td>workDir</td><td>(required)</td><td>work folder: config/, kafka-data/, logs/, run/</td></tr>
     *   <tr><td>port</td><td>19092</td><td>PLAINTEXT listener port; 0 picks a free one</td></tr>
     *   <tr><td>controllerPort</td><td>19093</td><td>KRaft CONTROLLER listener port; 0 picks a free one</td></tr>
     *   <tr><td>maxHeap</td><td>512m</td><td>-Xmx of the broker JVM</td></tr>
     *   <tr><td>brokerProperties</td><td>none</td><td>extra server.properties entries, replacing the stack's</td></tr>
     *   <tr><td>jvmOptions</td><td>none</td><td>extra JVM options</td></tr>
     *   <tr><td>startupTimeout</td><td>90 s</td><td>how long to wait until the broker answers</td></tr>
     *   <tr><td>stopTimeout</td><td>30 s</td><td>how long to wait after SIGTERM before SIGKILL</td></tr>
     *   <tr><td>name</td><td>kafka</td><td>name of the log (logs/NAME.log) and pid (run/NAME.pid) files</td></tr>
     * </table>
     */
    public static final class Options extends ProcessOptions<Options> {
        /** Default PLAINTEXT port. */
        public static final int DEFAULT_PORT = 19092;
        /** Default CONTROLLER port. */
        public static final int DEFAULT_CONTROLLER_PORT = 19093;

        private int port = DEFAULT_PORT;
        private int controllerPort = DEFAULT_CONTROLLER_PORT;
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();

        private Options(Path workDir) {
            super(workDir, "kafka", "512m", Duration.ofSeconds(90), Duration.ofSeconds(30));
        }

        /** @param workDir the work folder @return options with defaults and that folder */
        public static Options in(Path workDir) {
            return new Options(workDir);
        }

        @Override
        protected Options self() {
            return this;
        }

        /** @param port PLAINTEXT listener port, 0 for a free one @return this */
        public Options port(int port) {
            this.port = port;
            return this;
        }

        /** @param port CONTROLLER listener port, 0 for a free one @return this */
        public Options controllerPort(int port) {
            this.controllerPort = port;
            return this;
        }

        /** @param key a broker setting @param value its value @return this */
        public Options brokerProperty(String key, String value) {
            brokerProperties.put(key, value);
            return this;
        }
    }
}
