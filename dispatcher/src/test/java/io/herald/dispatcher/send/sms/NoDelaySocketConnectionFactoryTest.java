package io.herald.dispatcher.send.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.jsmpp.session.connection.Connection;
import org.junit.jupiter.api.Test;

class NoDelaySocketConnectionFactoryTest {

    private final NoDelaySocketConnectionFactory factory = new NoDelaySocketConnectionFactory(2_000);

    @Test
    void theSocketHasNagleOffAndKeepAliveOn() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket socket = factory.open("127.0.0.1", server.getLocalPort())) {
            assertThat(socket.isConnected()).isTrue();
            assertThat(socket.getTcpNoDelay()).as("TCP_NODELAY").isTrue();
            assertThat(socket.getKeepAlive()).as("SO_KEEPALIVE").isTrue();
        }
    }

    @Test
    void theConnectionWritesToThePeer() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Connection connection = factory.createConnection("127.0.0.1", server.getLocalPort());
            try (Socket peer = server.accept()) {
                connection.getOutputStream().write(new byte[] {0, 0, 0, 16});
                connection.getOutputStream().flush();
                assertThat(peer.getInputStream().readNBytes(4)).containsExactly(0, 0, 0, 16);
            } finally {
                connection.close();
            }
            assertThat(connection.isOpen()).isFalse();
        }
    }

    @Test
    void aRefusedConnectIsAnIOException() throws IOException {
        int port;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
        }
        assertThatThrownBy(() -> factory.createConnection("127.0.0.1", port)).isInstanceOf(IOException.class);
    }

    @Test
    void aNegativeConnectTimeoutIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new NoDelaySocketConnectionFactory(-1))
                .withMessageContaining("connectTimeoutMs");
    }
}
