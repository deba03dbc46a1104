package io.herald.harness.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Submits recipients to the ingest-service's {@code POST /v1/batches} in batches, several requests at a time.
 *
 * <p>Each request carries an {@code Idempotency-Key} header (a random UUID per batch), kept across its retries, so
 * that a retry of a batch that was accepted is answered with the first 202 and writes nothing. A batch answered 409,
 * 429 or 503, or not answered at all (a network error or timeout), is retried (after {@code Retry-After} seconds if
 * given, else 1 s × attempt), up to {@value #MAX_ATTEMPTS} attempts. A 503 after a partial write ({@code acknowledged}
 * above 0) is not retried, since the retry would send those messages twice; it fails the submission, as any other
 * non-202 answer does, with the problem details the service returned. (A retried 503 without acknowledged records
 * may still duplicate some: records Kafka had not acknowledged are written if it comes back within
 * {@code kafka.deliveryTimeout}; see docs/api.md.)
 *
 * <p>Counters are live: the demo reads {@link #accepted()}, {@link #rejected()} and {@link #batchIds()} while
 * batches are still being submitted.
 */
public final class BatchSubmitter implements AutoCloseable {

    /** Attempts per batch when the service answers 409, 429 or 503, or does not answer. */
    public static final int MAX_ATTEMPTS = 5;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

    private final URI endpoint;
    private final String from;
    private final String text;
    private final Map<String, String> fields;
    private final String authorization;
    private final HttpClient http;
    private final ExecutorService pool;
    private final Set<String> batchIds = ConcurrentHashMap.newKeySet();
    private final Set<Integer> rejectedRows = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong firstPostNanos = new AtomicLong(Long.MIN_VALUE);

    /**
     * @param ingestUrl the ingest-service's base URL, e.g. {@code http://127.0.0.1:18080}
     * @param apiKey the API key sent as {@code Authorization: Bearer}
     * @param from the sender (alphanumeric, up to 11 characters, or a number)
     * @param text the template, with {@code {{var}}} placeholders filled from each recipient's vars
     * @param concurrency how many requests may be in flight at once, at least 1
     */
    public BatchSubmitter(String ingestUrl, String apiKey, String from, String text, int concurrency) {
        this(ingestUrl, apiKey, from, text, Map.of(), concurrency);
    }

    /**
     * @param ingestUrl the ingest-service's base URL, e.g. {@code http://127.0.0.1:18080}
     * @param apiKey the API key sent as {@code Authorization: Bearer}
     * @param from the sender: for SMS alphanumeric (up to 11 characters) or a number; for e-mail an address
     * @param text the template, with {@code {{var}}} placeholders filled from each recipient's vars
     * @param fields more top-level fields of every batch, e.g. {@code channel}, {@code subject}, {@code html}; null
     *     values are left out
     * @param concurrency how many requests may be in flight at once, at least 1
     */
    public BatchSubmitter(String ingestUrl, String apiKey, String from, String text, Map<String, String> fields,
                          int concurrency) {
        this.endpoint = URI.create(ingestUrl + "/v1/batches");
        this.authorization = "Bearer " + apiKey;
        this.from = from;
        this.text = text;
        this.fields = new LinkedHashMap<>(fields);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "herald-demo-submit");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Submits every recipient, {@code batchSize} per request, and waits until every batch is answered.
     *
     * @param recipients the recipients, in order
     * @param batchSize recipients per request, at least 1
     * @throws IllegalStateException if a batch is refused (non-202 after retries) or the service does not answer
     */
    public void submitAll(List<Recipient> recipients, int batchSize) {
        List<Future<?>> futures = new ArrayList<>();
        for (int start = 0; start < recipients.size(); start += batchSize) {
            List<Recipient> batch = recipients.subList(start, Math.min(recipients.size(), start + batchSize));
            int index = start / batchSize;
            int first = start;
            futures.add(pool.submit(() -> submit(index, first, batch)));
        }
        try {
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            futures.forEach(f -> f.cancel(true));
            throw new IllegalStateException("interrupted while submitting batches", e);
        }
    }

    private void submit(int index, int first, List<Recipient> batch) {
        byte[] body = body(batch);
        String idempotencyKey = UUID.randomUUID().toString();
        for (int attempt = 1; ; attempt++) {
            HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .header("Authorization", authorization)
                    .header("Idempotency-Key", idempotencyKey)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            firstPostNanos.compareAndSet(Long.MIN_VALUE, System.nanoTime());
            HttpResponse<String> response = send(request, index, attempt < MAX_ATTEMPTS);
            if (response == null) {
                sleep(TimeUnit.SECONDS.toMillis(attempt));
                continue;
            }
            int status = response.statusCode();
            if (status == 202) {
                record(index, first, response.body());
                return;
            }
            if ((status == 409 || status == 429 || status == 503 && !partiallyWritten(response.body()))
                    && attempt < MAX_ATTEMPTS) {
                sleep(retryAfterMs(response, attempt));
                continue;
            }
            throw new IllegalStateException("ingest refused batch " + index + " with HTTP " + status + ": "
                    + abbreviate(response.body()));
        }
    }

    private byte[] body(List<Recipient> batch) {
        ObjectNode root = JSON.createObjectNode();
        root.put("from", from);
        root.put("text", text);
        fields.forEach((name, value) -> {
            if (value != null) {
                root.put(name, value);
            }
        });
        ArrayNode recipients = root.putArray("recipients");
        for (Recipient r : batch) {
            ObjectNode node = recipients.addObject();
            node.put("to", r.to());
            ObjectNode vars = node.putObject("vars");
            r.vars().forEach(vars::put);
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return whether a 503 problem says that some of the batch's records were written ({@code acknowledged} > 0) */
    private static boolean partiallyWritten(String problem) {
        try {
            return JSON.readTree(problem).path("acknowledged").asLong(0) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** @return the answer; null after a network error if {@code mayRetry} (the caller retries with the same key) */
    private HttpResponse<String> send(HttpRequest request, int index, boolean mayRetry) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            if (mayRetry) {
                return null;
            }
            throw new IllegalStateException("ingest at " + endpoint + " did not answer batch " + index + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while submitting batch " + index, e);
        }
    }

    private void record(int index, int first, String body) {
        try {
            JsonNode json = JSON.readTree(body);
            String batchId = json.path("batchId").asText(null);
            if (batchId == null || !json.has("accepted")) {
                throw new IllegalStateException("ingest answered batch " + index
                        + " with 202 but without batchId and accepted: " + abbreviate(body));
            }
            batchIds.add(batchId);
            accepted.addAndGet(json.path("accepted").asLong());
            rejected.addAndGet(json.path("rejected").size());
            for (JsonNode rejection : json.path("rejected")) {
                rejectedRows.add(first + rejection.path("index").asInt());
            }
        } catch (IOException e) {
            throw new IllegalStateException("ingest answered batch " + index + " with invalid JSON", e);
        }
    }

    private static long retryAfterMs(HttpResponse<?> response, int attempt) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return java.util.Optional.of(Long.parseLong(v.trim()) * 1000);
            } catch (NumberFormatException e) {
                return java.util.Optional.empty();
            }
        }).orElse(1000L * attempt);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 500 ? body.substring(0, 500) + "…" : body;
    }

    /** @return positions, in the list given to {@link #submitAll}, of the recipients ingest rejected so far */
    public Set<Integer> rejectedRows() {
        return Set.copyOf(rejectedRows);
    }

    /** @return the batch ids ingest returned so far */
    public Set<String> batchIds() {
        return Set.copyOf(batchIds);
    }

    /** @return messages accepted so far */
    public long accepted() {
        return accepted.get();
    }

    /** @return recipients rejected so far */
    public long rejected() {
        return rejected.get();
    }

    /** @return {@link System#nanoTime()} when the first POST was sent, or {@link Long#MIN_VALUE} if none yet */
    public long firstPostNanos() {
        return firstPostNanos.get();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
