package io.herald.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Picks free TCP ports on the loopback address, for tests and for options whose port is 0. */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * Picks distinct ports that are free right now, by binding port 0 several times at once. Another process may
     * take one before the caller binds it; tests accept that small race.
     *
     * @param count how many ports, at least 1
     * @return {@code count} distinct free ports
     */
    public static int[] pick(int count) {
        List<ServerSocket> sockets = new ArrayList<>(count);
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                sockets.add(socket);
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getByName(LocalPorts.HOST), 0));
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pick free ports on " + LocalPorts.HOST, e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a listening socket we own does not fail in practice
                }
            }
        }
    }

    /**
     * @return one free port, as {@link #pick(int)} with 1
     */
    public static int pick() {
        return pick(1)[0];
    }

}
