package io.herald.local;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Apicurio Registry 2.6.13.Final with in-memory storage (schemas are lost when it stops), run as
 * {@code java -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=P -jar apicurio-registry-app-…-runner.jar} with the
 * work folder as working directory. It serves the Apicurio API at {@code /apis/registry/v2} and the
 * Confluent-compatible API at {@code /apis/ccompat/v7}. Ready when {@code GET /health/ready} answers 200.
 */
public final class SchemaRegistry extends LocalProcess {

    private final int port;

    private SchemaRegistry(ChildProcess process, int port) {
        super(process);
        this.port = port;
    }

    /**
     * Starts the registry and waits until it is ready.
     *
     * @param home where the registry jar is
     * @param options port, work folder, heap
     * @return the running registry
     * @throws PortInUseException if the port is taken
     * @throws MissingArtifactException if {@code local-servers} is not built
     * @throws ChildProcessException if it is not ready within the startup timeout
     */
    public static SchemaRegistry start(HeraldHome home, Options options) {
        Path jar = home.registryJar();
        int port = LocalPorts.resolve(options.port);
        LocalPorts.requireFree(port, ServicePort.REGISTRY);
        List<String> command = JavaCommand.jar(jar)
                .maxHeap(options.maxHeap)
                .jvmOption("-Dquarkus.http.host=" + LocalPorts.HOST)
                .jvmOption("-Dquarkus.http.port=" + port)
                // Quarkus otherwise also opens a management or debug port on some profiles; keep one port.
                .jvmOption("-Dquarkus.management.enabled=false")
                .jvmOptions(options.jvmOptions)
                .build();
        ChildProcess process = ChildProcess.start(ChildProcess.Spec.builder(options.name, command)
                .workDir(options.workDir)
                .readiness(ReadinessProbe.httpOk(URI.create(baseUrl(port) + "/health/ready")))
                .startupTimeout(options.startupTimeout)
                .stopTimeout(options.stopTimeout)
                .build());
        return new SchemaRegistry(process, port);
    }

    private static String baseUrl(int port) {
        return "http://" + LocalPorts.HOST + ":" + port;
    }

    /** @return the base URL, {@code http://127.0.0.1:PORT}, as {@code HeraldSerdes} and the services take it */
    public String url() {
        return baseUrl(port);
    }

    /** @return the HTTP port */
    public int port() {
        return port;
    }

    /**
     * Options of {@link SchemaRegistry#start(HeraldHome, Options)}.
     *
     * <table>
     *   <caption>Options</caption>
     *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
     *   <tr><td>workDir</td><td>(required)</td><td>work folder: working directory, logs/, run/</td></tr>
     *   <tr><td>port</td><td>18081</td><td>HTTP port; 0 picks a free one</td></tr>
     *   <tr><td>maxHeap</td><td>256m</td><td>-Xmx of the registry JVM</td></tr>
     *   <tr><td>jvmOptions</td><td>none</td><td>extra JVM options, e.g. {@code -Dquarkus.log.level=DEBUG}</td></tr>
     *   <tr><td>startupTimeout</td><td>60 s</td><td>how long to wait for {@code /health/ready}</td></tr>
     *   <tr><td>stopTimeout</td><td>15 s</td><td>how long to wait after SIGTERM before SIGKILL</td></tr>
     *   <tr><td>name</td><td>registry</td><td>name of the log and pid files</td></tr>
     * </table>
     */
    public static final class Options {
        /** Default HTTP port. */
        public static final int DEFAULT_PORT = 18081;

        private Path workDir;
        private int port = DEFAULT_PORT;
        private String maxHeap = "256m";
        private final List<String> jvmOptions = new ArrayList<>();
        private Duration startupTimeout = Duration.ofSeconds(60);
        private Duration stopTimeout = Duration.ofSeconds(15);
        private String name = "registry";

        /** @param workDir the work folder @return options with defaults and that folder */
        public static Options in(Path workDir) {
            Options options = new Options();
            options.workDir = Objects.requireNonNull(workDir);
            return options;
        }

        /** @param port HTTP port, 0 for a free one @return this */
        public Options port(int port) {
            this.port = port;
            return this;
        }

        /** @param maxHeap -Xmx value @return this */
        public Options maxHeap(String maxHeap) {
            this.maxHeap = maxHeap;
            return this;
        }

        /** @param option a JVM option @return this */
        public Options jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        /** @param timeout startup timeout @return this */
        public Options startupTimeout(Duration timeout) {
            this.startupTimeout = timeout;
            return this;
        }

        /** @param timeout wait after SIGTERM before SIGKILL @return this */
        public Options stopTimeout(Duration timeout) {
            this.stopTimeout = timeout;
            return this;
        }

        /** @param name log and pid file name @return this */
        public Options name(String name) {
            this.name = name;
            return this;
        }
    }
}
