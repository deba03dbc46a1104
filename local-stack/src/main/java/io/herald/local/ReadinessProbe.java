package io.herald.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Tells whether a started child process is ready to serve. {@link ChildProcess} calls it repeatedly until it answers
 * true, the process exits, or the startup timeout passes.
 */
@FunctionalInterface
public interface ReadinessProbe {

    /**
     * Checks once. Must return within a few seconds.
     *
     * @return true if the process is ready
     * @throws Exception any failure, taken as "not ready yet"; the last one is reported if the start times out
     */
    boolean isReady() throws Exception;

    /**
     * A probe that is ready when {@code GET url} answers HTTP 200 within 2 s.
     *
     * @param url the health URL, e.g. {@code http://127.0.0.1:18089/healthcheck}
     * @return the probe
     */
    static ReadinessProbe httpOk(URI url) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET().build();
        return () -> {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + url + " answered " + response.statusCode());
            }
            return true;
        };
    }

    /** A probe that is ready at once, for processes with nothing to wait for. */
    static ReadinessProbe immediately() {
        return () -> true;
    }
}
