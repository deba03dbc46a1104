package io.herald.dispatcher.send.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK {@link HttpClient} of a gateway that speaks HTTP (an SMS provider's API, FCM), on daemon threads of its own:
 * HTTP/2 over TLS (ALPN), HTTP/1.1 keep-alive over plain {@code http}, no redirects followed (a redirect from a
 * gateway is an answer, not a new address to send the message to).
 */
public final class GatewayHttpClient implements AutoCloseable {

    private final ExecutorService executor;
    private final HttpClient client;

    /**
     * @param threadPrefix the threads' name, e.g. {@code fcm-gateway}; each gets {@code -N}
     * @param url the gateway's URL: its scheme chooses HTTP/2 ({@code https}) or HTTP/1.1
     * @param connectTimeoutMs TCP (and TLS) connect timeout, in ms
     */
    public GatewayHttpClient(String threadPrefix, URI url, int connectTimeoutMs) {
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, threadPrefix + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        boolean tls = "https".equalsIgnoreCase(url.getScheme());
        this.client = HttpClient.newBuilder()
                .version(tls ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(connectTimeoutMs))
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    /** @return the client */
    public HttpClient client() {
        return client;
    }

    /** Stops the client's threads; requests in flight may still complete. */
    @Override
    public void close() {
        executor.shutdown();
    }
}
