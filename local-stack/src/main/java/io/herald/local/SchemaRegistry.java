package io.herald.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Apicurio Registry 2.6.13.Final, run as
 * {@code java -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=P -DREGISTRY_DATASOURCE_URL=… -jar
 * apicurio-registry-app-…-runner.jar} with the work folder as working directory. It serves the Apicurio API at
 * {@code /apis/registry/v2} and the Confluent-compatible API at {@code /apis/ccompat/v7}. Ready when
 * {@code GET /health/ready} answers 200.
 *
 * <p>Its "in-memory" app stores schemas in H2 through SQL; by default the stack points that H2 at a file,
 * {@code jdbc:h2:file:WORK/registry-data/registry;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0}, so schemas and their ids
 * live in {@code registry-data/registry.mv.db} as long as Kafka's records that name them ({@link StackData} deletes
 * both together). {@code WRITE_DELAY=0} commits every registration to the file at once, so a {@code kill -9} right
 * after one loses nothing; {@code DB_CLOSE_ON_EXIT=FALSE} leaves closing the database to the registry's own shutdown.
 * {@link Options#inMemory()} keeps H2 in memory instead: schemas are lost when the registry stops.
 */
public final class SchemaRegistry extends LocalProcess {

    /** The H2 database's name in the data folder: its file is {@code registry.mv.db}. */
    public static final String DATABASE_NAME = "registry";

    private final int port;

    private SchemaRegistry(ChildProcess process, int port) {
        super(process);
        this.port = port;
    }

    /**
     * Starts the registry and waits until it is ready.
     *
     * @param home where the registry jar is
     * @param options port, work folder, storage, heap
     * @return the running registry
     * @throws PortInUseException if the port is taken
     * @throws MissingArtifactException if {@code local-servers} is not built
     * @throws ChildProcessException if it is not ready within the startup timeout
     * @throws UncheckedIOException if the data folder cannot be created
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
        if (options.persistent) {
            Path dataDir = options.dataDir();
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the registry's data folder " + dataDir, e);
            }
            command.jvmOption("-DREGISTRY_DATASOURCE_URL=" + datasourceUrl(dataDir));
        }
        ChildProcess process = options.startChild(command,
                ReadinessProbe.httpOk(URI.create(LocalPorts.httpUrl(port) + "/health/ready")));
        return new SchemaRegistry(process, port);
    }

    /**
     * The JDBC URL of a registry database kept in a folder.
     *
     * @param dataDir the folder; its absolute path must not contain {@code ;}, which separates H2's settings
     * @return {@code jdbc:h2:file:DIR/registry;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0}
     * @throws IllegalArgumentException if the path contains {@code ;}
     */
    static String datasourceUrl(Path dataDir) {
        String dir = dataDir.toAbsolutePath().normalize().toString();
        if (dir.contains(";")) {
            throw new IllegalArgumentException("the registry's data folder " + dir + " contains ';', which H2 reads"
                    + " as a settings separator; use another work folder");
        }
        return "jdbc:h2:file:" + dir + "/" + DATABASE_NAME + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }

    /**
     * @param dataDir the registry's data folder
     * @return the H2 database file in it, {@code DIR/registry.mv.db}, which exists once the registry has started
     */
    static Path databaseFile(Path dataDir) {
        return dataDir.resolve(DATABASE_NAME + ".mv.db");
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
     *   <tr><td>workDir</td><td>(required)</td><td>work folder: working directory, registry-data/, logs/, run/</td>
     *       </tr>
     *   <tr><td>port</td><td>18081</td><td>HTTP port; 0 picks a free one</td></tr>
     *   <tr><td>storage</td><td>persistent</td><td>persistent: an H2 file in {@code workDir/registry-data/}
     *       ({@code registry.mv.db}), kept across restarts; {@link #inMemory()}: H2 in memory, schemas lost when the
     *       registry stops</td></tr>
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
        private boolean persistent = true;

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

        /**
         * Keeps schemas in memory only, as Apicurio's in-memory app does by default: they and their ids are lost when
         * the registry stops, so records written before a restart may name ids that are gone or that now belong to
         * other schemas. For callers whose Kafka data does not outlive the registry.
         *
         * @return this
         */
        public Options inMemory() {
            this.persistent = false;
            return this;
        }

        /** @return true if schemas are kept in {@link #dataDir()} (the default), false if in memory only */
        public boolean persistent() {
            return persistent;
        }

        /** @return the folder of the registry's database, {@code workDir/registry-data} */
        public Path dataDir() {
            return workDir().toAbsolutePath().resolve(StackData.REGISTRY_DATA);
        }
    }
}
