package io.herald.local;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

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
        JavaCommand command = JavaCommand.jar(jar)
                .jvmOption("-Dquarkus.http.host=" + LocalPorts.HOST)
                .jvmOption("-Dquarkus.http.port=" + port)
                // Quarkus otherwise also opens a management or debug port on some profiles; keep one port.
                .jvmOption("-Dquarkus.management.enabled=false");
        ChildProcess process = options.startChild(command,
                ReadinessProbe.httpOk(URI.create(LocalPorts.httpUrl(port) + "/health/ready")));
        return new SchemaRegistry(process, port);
    }

    /** @return the base URL, {@code http://127.0.0.1:PORT}, as {@code HeraldSerdes} and the services take it */
    public String url() {
        return LocalPorts.httpUrl(port);
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
    public static final class Options extends ProcessOptions<Options> {
        /** Default HTTP port. */
        public static final int DEFAULT_PORT = 18081;

        private int port = DEFAULT_PORT;

        private Options(Path workDir) {
            super(workDir, "registry", "256m", Duration.ofSeconds(60), Duration.ofSeconds(15));
        }

        /** @param workDir the work folder @return options with defaults and that folder */
        public static Options in(Path workDir) {
            return new Options(workDir);
        }

        @Override
        protected Options self() {
            return this;
        }

        /** @param port HTTP port, 0 for a free one @return this */
        public Options port(int port) {
            this.port = port;
            return this;
        }
    }
}
