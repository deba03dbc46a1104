package io.herald.harness.chaos;

import io.herald.ingest.api.BatchRequest;
import io.herald.ingest.api.RecipientRequest;
import io.herald.ingest.client.IngestClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * What ingest answers while Kafka is down, and after: a one-recipient batch without {@code Idempotency-Key} and one
 * with a key, sent while the broker is stopped, must each get a 503 with {@code Retry-After} (within about
 * {@code kafka.maxBlock}, not hang); once the broker is back, the keyed batch retried with its key is accepted (202),
 * and retried again is replayed ({@code Idempotent-Replayed: true}). The recipient is none of the scenario's, so the
 * probe does not change its counts.
 */
final class IngestOutageProbe {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(90);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI endpoint;
    private final String authorization;
    private final String key = "chaos-probe-" + UUID.randomUUID();
    private final byte[] body;

    /**
     * @param ingestUrl ingest's base URL
     * @param apiKey the API key
     * @param recipient the probe's recipient (E.164), none of the scenario's
     */
    IngestOutageProbe(String ingestUrl, String apiKey, String recipient) {
        this.endpoint = URI.create(ingestUrl + "/v1/batches");
        this.authorization = "Bearer " + apiKey;
        this.body = IngestClient.requestBody(new BatchRequest("HERALD", "chaos probe",
                List.of(new RecipientRequest(recipient, null, null)), null, null));
    }

    /**
     * Sends both batches while the broker is down and notes {@code outageStatus}, {@code outageKeyedStatus} (the HTTP
     * statuses), {@code outageAnswerMs} (the slower answer's time) and {@code outageRetryAfter} (1 if both had
     * {@code Retry-After}, else 0).
     *
     * @param context where the figures go
     */
    void whileDown(FaultContext context) throws InterruptedException {
        long t0 = System.nanoTime();
        HttpResponse<String> plain = post(null);
        long plainMs = (System.nanoTime() - t0) / 1_000_000;
        t0 = System.nanoTime();
        HttpResponse<String> keyed = post(key);
        long keyedMs = (System.nanoTime() - t0) / 1_000_000;
        context.note("outageStatus", status(plain));
        context.note("outageKeyedStatus", status(keyed));
        context.note("outageAnswerMs", Math.max(plainMs, keyedMs));
        context.note("outageRetryAfter", hasRetryAfter(plain) && hasRetryAfter(keyed) ? 1 : 0);
        context.info().printf(Locale.ROOT, "chaos: ingest while Kafka is down: %d in %d ms, with a key %d in %d ms%n",
                status(plain), plainMs, status(keyed), keyedMs);
    }

    /**
     * Retries the keyed batch (following {@code Retry-After}) until it is accepted, then once more, and notes
     * {@code recoveredStatus} (202 once accepted) and {@code replayed} (1 if the second answer was a replay of the
     * same body).
     *
     * @param context where the figures go
     */
    void afterRestart(FaultContext context) throws InterruptedException {
        long deadline = System.nanoTime() + RECOVERY_TIMEOUT.toNanos();
        HttpResponse<String> accepted = post(key);
        StringBuilder attempts = new StringBuilder().append(status(accepted));
        while (status(accepted) != 202 && System.nanoTime() < deadline) {
            Thread.sleep(Math.max(1, accepted == null ? 1 : retryAfterSeconds(accepted)) * 1000L);
            accepted = post(key);
            attempts.append(' ').append(status(accepted));
        }
        context.info().printf(Locale.ROOT, "chaos: ingest after the restart, the keyed batch's answers: %s (0: no"
                + " answer)%s%n", attempts, status(accepted) == 202 || accepted == null ? ""
                : "; the last one: " + accepted.body());
        HttpResponse<String> again = post(key);
        boolean replayed = status(again) == 202 && accepted != null && again.body().equals(accepted.body())
                && again.headers().firstValue("Idempotent-Replayed").orElse("").equals("true");
        context.note("recoveredStatus", status(accepted));
        context.note("replayed", replayed ? 1 : 0);
        context.info().printf(Locale.ROOT, "chaos: ingest after the restart: %d, retried again: %d%s%n",
                status(accepted), status(again), replayed ? " (replayed)" : "");
    }

    /** @return the answer, or null if there was none (a network error) */
    private HttpResponse<String> post(String idempotencyKey) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (idempotencyKey != null) {
            request.header(BatchRequest.IDEMPOTENCY_KEY_HEADER, idempotencyKey);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return null;
        }
    }

    private static int status(HttpResponse<String> response) {
        return response == null ? 0 : response.statusCode();
    }

    private static boolean hasRetryAfter(HttpResponse<String> response) {
        return response != null && response.headers().firstValue("Retry-After").isPresent();
    }

    private static long retryAfterSeconds(HttpResponse<String> response) {
        try {
            return Long.parseLong(response.headers().firstValue("Retry-After").orElse("1"));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
