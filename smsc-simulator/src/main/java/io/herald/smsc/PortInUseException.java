package io.herald.smsc;

import java.io.IOException;

/** Thrown by {@link SmscSimulator#start()} when a listener cannot bind because its port is taken. */
public final class PortInUseException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String host;
    private final int port;

    public PortInUseException(String host, int port, Throwable cause) {
        super("port " + port + " on " + host + " is already in use", cause);
        this.host = host;
        this.port = port;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }
}
