package io.herald.smsc.push;

import com.eatthepath.pushy.apns.server.MockApnsServer;
import com.eatthepath.pushy.apns.server.MockApnsServerBuilder;
import io.herald.smsc.PortInUseException;
import io.herald.smsc.push.ApnsServerCertificate.Identity;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.Closeable;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's APNs server: Pushy's own {@link MockApnsServer}, HTTP/2 over TLS (ALPN h2 offered) with the
 * generated server identity ({@code apns-server.pem}, see {@link PushCredentials}), token-based authentication only
 * (per Apple's "Establishing a token-based connection to APNs": no client certificate is needed, none is checked),
 * every request checked and recorded by {@link ApnsPushHandler}. A client such as Pushy's {@code ApnsClient} connects
 * with {@code setApnsServer("127.0.0.1", port)}, {@code setTrustedServerCertificateChain(apns-server.pem)} and
 * {@code setSigningKey(ApnsSigningKey.loadFromPkcs8File(apns-auth-key.p8, "HRLDTEAM01", "HRLDKEY001"))}.
 *
 * <p>Pushy's {@code start(port)} binds every interface; to bind only the configured host, the server's Netty
 * bootstrap is bound directly (read by reflection from Pushy 0.15's {@code BaseHttp2Server}). Should a later Pushy
 * lack it, the server falls back to {@code start(port)}, every interface, with a warning.
 */
public final class ApnsServer implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(ApnsServer.class);
    private static final long TIMEOUT_SECONDS = 10;

    private final PushCredentials credentials;
    private final PushSink sink;
    private final PushFaults faults;
    private final Clock clock;
    private NioEventLoopGroup eventLoop;
    private MockApnsServer server;
    private Channel channel;
    private int port;

    /**
     * @param credentials where the signing key and the server identity are made sure of
     * @param sink        where accepted notifications and rejections go
     * @param faults      the injected faults
     * @param clock       the time of arrival
     */
    public ApnsServer(PushCredentials credentials, PushSink sink, PushFaults faults, Clock clock) {
        this.credentials = credentials;
        this.sink = sink;
        this.faults = faults;
        this.clock = clock;
    }

    /**
     * Makes sure of the signing key and the server identity, builds the mock server, binds it and writes
     * {@value PushCredentials#APNS_PROPERTIES_FILE} with the port.
     *
     * @param host address to bind
     * @param port port to bind, 0 for a free one
     * @throws PortInUseException when the port is taken
     * @throws IOException        when the credentials cannot be made or read, TLS cannot be set up or the server
     *                            cannot bind
     */
    public void start(String host, int port) throws IOException {
        credentials.ensureApns();
        ApnsPushHandler handler = new ApnsPushHandler(credentials.apnsVerificationKey(), sink, faults, clock);
        AtomicInteger n = new AtomicInteger();
        eventLoop = new NioEventLoopGroup(1, r -> {
            Thread t = new Thread(r, "smsc-apns-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Identity identity = credentials.apnsServerIdentity();
        server = new MockApnsServerBuilder()
                .setServerCredentials(new X509Certificate[] {identity.certificate()}, identity.privateKey(), null)
                .setHandlerFactory(sslSession -> handler)
                .setUseAlpn(true)
                .setEventLoopGroup(eventLoop)
                .build();
        this.port = bind(host, port);
        credentials.writeApnsProperties(this.port);
    }

    private int bind(String host, int requestedPort) throws IOException {
        ServerBootstrap bootstrap = bootstrapOf(server);
        if (bootstrap == null) {
            LOG.warn("Pushy's MockApnsServer has no bootstrap field: the APNs server binds every interface");
            try {
                return server.start(requestedPort).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw bindFailure(host, requestedPort, e.getCause());
            } catch (InterruptedException | TimeoutException e) {
                Thread.currentThread().interrupt();
                throw new IOException("the APNs server did not start", e);
            }
        }
        ChannelFuture bound = bootstrap.bind(host, requestedPort).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw bindFailure(host, requestedPort, bound.cause());
        }
        channel = bound.channel();
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    private static IOException bindFailure(String host, int port, Throwable cause) {
        if (cause instanceof BindException) {
            return new PortInUseException(host, port, cause);
        }
        return new IOException("the APNs server cannot bind " + host + ":" + port + ": " + cause, cause);
    }

    private static ServerBootstrap bootstrapOf(MockApnsServer server) {
        try {
            Field field = MockApnsServer.class.getSuperclass().getDeclaredField("bootstrap");
            field.setAccessible(true);
            return field.get(server) instanceof ServerBootstrap bootstrap ? bootstrap : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** @return the bound port */
    public int port() {
        return port;
    }

    /** Closes the listener and every connection. Idempotent. */
    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            channel = null;
        }
        if (server != null) {
            try {
                server.shutdown().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("The APNs server did not stop cleanly", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server = null;
        }
        if (eventLoop != null) {
            eventLoop.shutdownGracefully(0, TIMEOUT_SECONDS, TimeUnit.SECONDS).awaitUninterruptibly();
            eventLoop = null;
        }
    }
}
