package io.herald.local;

/** A port the local stack was asked to listen on is already taken on 127.0.0.1. */
public class PortInUseException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final int port;
    private final ServicePort service;

    /**
     * @param port the TCP port
     * @param service what was to listen on it
     * @param cause the bind error, or null
     */
    public PortInUseException(int port, ServicePort service, Throwable cause) {
        super("port " + port + " (" + service.description() + ") on " + LocalPorts.HOST + " is already in use",
                cause);
        this.port = port;
        this.service = service;
    }

    /** @return the TCP port that is taken */
    public int port() {
        return port;
    }

    /** @return what was to listen on it */
    public ServicePort service() {
        return service;
    }
}
