package io.herald.ingest.callback;

import io.herald.ingest.callback.CallbackSender.Callback;
import io.herald.ingest.callback.CallbackSender.Outcome;
import io.herald.ingest.core.CallbackTargets;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * Sends one signed callback POST ({@link CallbackSignature}) to where {@link CallbackTargets} allow: the HTTP client
 * resolves hosts only through {@link CallbackTargets#resolve(String)} (no address the operator did not allow, checked
 * again at connect time), follows no redirect, retries nothing itself and never reads the response body. A POST is
 * bounded as a whole by {@code timeout}: a receiver that trickles its answer is cut. Thread-safe.
 */
final class CallbackPoster {

    private final CallbackTargets targets;
    private final io.dropwizard.util.Duration timeout;
    private final Clock clock;
    private final CloseableHttpClient http;
    /** Cancels a POST that runs past {@code timeout}. */
    private final ScheduledExecutorService deadlines;

    /**
     * @param targets where callbacks may go; its resolver is the HTTP client's
     * @param connections the connection pool's size, total and per host: one per worker thread
     * @param timeout the longest a POST may take, connect to last header ({@code callbacks.timeout})
     * @param clock the signatures' time
     */
    CallbackPoster(CallbackTargets targets, int connections, io.dropwizard.util.Duration timeout, Clock clock) {
        this.targets = targets;
        this.timeout = timeout;
        this.clock = clock;
        Timeout httpTimeout = Timeout.ofMilliseconds(timeout.toMilliseconds());
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new TargetResolver(targets))
                        // a connection for every worker, whatever the host: no worker waits for another's
                        .setMaxConnTotal(connections)
                        .setMaxConnPerRoute(connections)
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(httpTimeout)
                                .setSocketTimeout(httpTimeout).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(httpTimeout).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableContentCompression()
                .setUserAgent("Herald-Callbacks/1")
                .build();
        this.deadlines = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "herald-callback-deadlines");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** One POST, bounded by {@code timeout} as a whole. */
    Outcome post(Callback callback) {
        Optional<String> refused = targets.problem(callback.clientId(), callback.url());
        if (refused.isPresent()) {
            return new Outcome(false, false, 0, "refused: callbackUrl " + refused.get(), Optional.empty());
        }
        HttpPost request = new HttpPost(callback.url());
        request.setHeader(CallbackSender.EVENT_HEADER, callback.event());
        request.setHeader(CallbackSender.DELIVERY_HEADER, callback.delivery());
        request.setHeader(CallbackSignature.HEADER,
                CallbackSignature.sign(callback.key(), clock.instant().getEpochSecond(), callback.body()));
        request.setEntity(new ByteArrayEntity(callback.body(),
                ContentType.APPLICATION_JSON.withCharset((String) null)));
        ScheduledFuture<?> deadline = deadlines.schedule(request::cancel, timeout.toMilliseconds(),
                TimeUnit.MILLISECONDS);
        // The body is never read: closing the response drops the connection instead of draining what a receiver
        // may trickle for ever.
        try (ClassicHttpResponse response = http.executeOpen(null, request, null)) {
            int status = response.getCode();
            if (status >= 200 && status < 300) {
                return new Outcome(true, false, status, "HTTP " + status, Optional.empty());
            }
            boolean retryable = status == 408 || status == 429 || status >= 500;
            Header header = response.getFirstHeader("Retry-After");
            Optional<Duration> retryAfter = Optional.ofNullable(header).map(Header::getValue)
                    .filter(value -> value.matches("\\d{1,6}")).map(value -> Duration.ofSeconds(Long.parseLong(value)));
            return new Outcome(false, retryable, status, "HTTP " + status, retryAfter);
        } catch (CallbackTargets.RefusedAddressException e) {
            return new Outcome(false, false, 0, "refused: callbackUrl " + e.getMessage(), Optional.empty());
        } catch (IOException e) {
            String reason = request.isCancelled() ? "no answer within " + timeout
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            return new Outcome(false, true, 0, reason, Optional.empty());
        } finally {
            deadline.cancel(false);
        }
    }

    /** Aborts the POSTs in flight (closes their connections); {@link #post} fails from then on. */
    void abort() {
        http.close(CloseMode.IMMEDIATE);
    }

    /** Stops the deadline timer and closes the HTTP client at once. */
    void close() {
        deadlines.shutdownNow();
        http.close(CloseMode.IMMEDIATE);
    }

    /** The HTTP client's only resolver: {@link CallbackTargets#resolve(String)}. */
    private record TargetResolver(CallbackTargets targets) implements DnsResolver {

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            return targets.resolve(host);
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    }
}
