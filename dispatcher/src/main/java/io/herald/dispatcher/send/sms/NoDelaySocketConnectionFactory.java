package io.herald.dispatcher.send.sms;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.jsmpp.session.connection.Connection;
import org.jsmpp.session.connection.ConnectionFactory;
import org.jsmpp.session.connection.socket.SocketConnection;

/**
 * Opens the SMPP session's TCP connection with {@code TCP_NODELAY} set and a bounded connect.
 *
 * <p>jSMPP's own {@code SocketConnectionFactory} (3.0.2) leaves Nagle's algorithm on. A session with a window of more
 * than one then holds each {@code submit_sm} written while an earlier one is unacknowledged until the SMSC's next
 * segment (at best its {@code submit_sm_resp}, at worst a delayed ACK of up to 40 ms on Linux) comes back: a PDU is
 * one small write, so every message but the first of a burst waited for about one SMSC round trip before it left.
 * Measured with the SMSC simulator answering after 20 ms, 16 in flight: 560 msg/s of a possible 800 before, see
 * docs/benchmarks.md for after.
 */
final class NoDelaySocketConnectionFactory implements ConnectionFactory {

    private final int connectTimeoutMs;

    /** @param connectTimeoutMs how long a TCP connect may take, in ms; 0 waits as long as the OS does */
    NoDelaySocketConnectionFactory(int connectTimeoutMs) {
        if (connectTimeoutMs < 0) {
            throw new IllegalArgumentException("connectTimeoutMs must be >= 0, was " + connectTimeoutMs);
        }
        this.connectTimeoutMs = connectTimeoutMs;
    }

    /**
     * @throws IOException when the host is unknown, refuses or does not answer within the connect timeout
     */
    @Override
    public Connection createConnection(String host, int port) throws IOException {
        Socket socket = open(host, port);
        try {
            return new SocketConnection(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** @return a connected socket with {@code TCP_NODELAY} and {@code SO_KEEPALIVE} set */
    Socket open(String host, int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(new InetSocketAddress(host, port), connectTimeoutMs);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }
}
