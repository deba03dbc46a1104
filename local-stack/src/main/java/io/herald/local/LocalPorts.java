package io.herald.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Arrays;

/** Checks TCP ports on the loopback address, where every local-stack process listens. */
public final class LocalPorts {

    /** The address every local-stack process binds to. */
    public static final String HOST = "127.0.0.1";

    private LocalPorts() {
    }

    /**
     * Checks that a port can be bound on {@value #HOST} right now (with {@code SO_REUSEADDR}, as Kafka and Jetty bind,
     * so a port in TIME_WAIT after a restart counts as free).
     *
     * @param port a TCP port, 1–65535
     * @param service what is to listen on it, for the message
     * @throws PortInUseException if the port is taken
     */
    public static void requireFree(int port, ServicePort service) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
        } catch (IOException e) {
            throw new PortInUseException(port, service, e);
        }
    }

    /**
     * Resolves a configured port: 0 means "pick a free one".
     *
     * @param port a configured port, or 0
     * @return {@code port}, or a free port if it was 0
     */
    static int resolve(int port) {
        return port == 0 ? FreePorts.pick() : port;
    }

    /**
     * Resolves configured ports at once: every 0 becomes a free port, all of them distinct.
     *
     * @param ports configured ports, 0 for "a free one"; -1 and other values are kept
     * @return the ports, in the same order, with every 0 replaced
     */
    static int[] resolveAll(int... ports) {
        int[] resolved = ports.clone();
        int zeros = (int) Arrays.stream(ports).filter(port -> port == 0).count();
        int[] free = zeros == 0 ? new int[0] : FreePorts.pick(zeros);
        for (int i = 0, next = 0; i < resolved.length; i++) {
            if (resolved[i] == 0) {
                resolved[i] = free[next++];
            }
        }
        return resolved;
    }

    /**
     * @param port a TCP port on {@value #HOST}
     * @return the base URL {@code http://127.0.0.1:PORT}
     */
    static String httpUrl(int port) {
        return "http://" + HOST + ":" + port;
    }
}
