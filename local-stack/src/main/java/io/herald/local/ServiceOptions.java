package io.herald.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Options a Herald service (the ingest-service, a dispatcher) shares beyond {@link ProcessOptions}: the Kafka cluster
 * and schema registry it uses, and its admin (health, metrics) port.
 *
 * <table>
 *   <caption>Service options</caption>
 *   <tr><th>Name</th><th>Description</th></tr>
 *   <tr><td>kafka(bootstrap, registry)</td><td>Kafka {@code bootstrap.servers} and the registry's base URL
 *       (required)</td></tr>
 *   <tr><td>adminPort</td><td>health and metrics port; 0 picks a free one</td></tr>
 * </table>
 *
 * @param <SELF> the concrete options type, which the fluent setters return
 */
public abstract class ServiceOptions<SELF extends ServiceOptions<SELF>> extends ProcessOptions<SELF> {

    private String bootstrapServers;
    private String registryUrl;
    private int adminPort;

    ServiceOptions(Path workDir, String name, String maxHeap, Duration startupTimeout, Duration stopTimeout,
                   int adminPort) {
        super(workDir, name, maxHeap, startupTimeout, stopTimeout);
        this.adminPort = adminPort;
    }

    /**
     * @param bootstrapServers Kafka {@code bootstrap.servers}
     * @param registryUrl the registry's base URL, {@code http://127.0.0.1:R}
     * @return this
     */
    public SELF kafka(String bootstrapServers, String registryUrl) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        return self();
    }

    /** @param port admin port, 0 for a free one @return this */
    public SELF adminPort(int port) {
        this.adminPort = port;
        return self();
    }

    /**
     * @return Kafka {@code bootstrap.servers}
     * @throws NullPointerException if {@link #kafka(String, String)} was not called
     */
    String bootstrapServers() {
        return Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    }

    /**
     * @return the registry's base URL
     * @throws NullPointerException if {@link #kafka(String, String)} was not called
     */
    String registryUrl() {
        return Objects.requireNonNull(registryUrl, "registryUrl");
    }

    /** @return the configured admin port, 0 for a free one */
    int adminPort() {
        return adminPort;
    }
}
