package io.herald.local;

/**
 * A running Herald service (the ingest-service, a dispatcher): a {@link LocalProcess} with an admin port that serves
 * health checks and metrics.
 */
public abstract class ServiceProcess extends LocalProcess {

    private final int adminPort;

    ServiceProcess(ChildProcess process, int adminPort) {
        super(process);
        this.adminPort = adminPort;
    }

    /** @return the admin (health checks, metrics) base URL, {@code http://127.0.0.1:PORT} */
    public String adminUrl() {
        return LocalPorts.httpUrl(adminPort);
    }

    /** @return the admin port */
    public int adminPort() {
        return adminPort;
    }
}
