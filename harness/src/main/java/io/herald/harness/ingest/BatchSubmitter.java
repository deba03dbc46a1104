package io.herald.harness.ingest;

import io.herald.ingest.api.BatchAccepted;
import io.herald.ingest.api.BatchRequest;
import io.herald.ingest.api.Problem;
import io.herald.ingest.api.RecipientRequest;
import io.herald.ingest.api.Rejection;
import io.herald.ingest.client.IngestApiException;
import io.herald.ingest.client.IngestClient;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

    private final IngestClient client;
    private final BatchRequest template;
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
        this(ingestUrl, apiKey, new BatchRequest(from, text, null, null, null), concurrency);
    }

    /**
     * @param ingestUrl the ingest-service's base URL, e.g. {@code http://127.0.0.1:18080}
     * @param apiKey the API key sent as {@code Authorization: Bearer}
     * @param template every batch's fields but its recipients ({@code from}, {@code text}, {@code channel},
     *     {@code subject}, {@code html}, …); its recipients are ignored
     * @param concurrency how many requests may be in flight at once, at least 1
     */
    public BatchSubmitter(String ingestUrl, String apiKey, BatchRequest template, int concurrency) {
        this.client = IngestClient.create(URI.create(ingestUrl), apiKey, REQUEST_TIMEOUT);
        this.template = template;
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
        BatchRequest request = withRecipients(batch);
        String idempotencyKey = UUID.randomUUID().toString();
        for (int attempt = 1; ; attempt++) {
            firstPostNanos.compareAndSet(Long.MIN_VALUE, System.nanoTime());
            try {
                record(index, first, client.submit(request, idempotencyKey));
                return;
            } catch (UncheckedIOException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new IllegalStateException("ingest at " + client.baseUrl() + " did not answer batch "
                            + index + ": " + e.getCause(), e);
                }
                sleep(TimeUnit.SECONDS.toMillis(attempt)); // the retry carries the same key
            } catch (IngestApiException e) {
                int status = e.status();
                boolean written = e.problem().map(Problem::acknowledged).filter(n -> n > 0).isPresent();
                if ((status == 409 || status == 429 || status == 503 && !written) && attempt < MAX_ATTEMPTS) {
                    sleep(e.retryAfter().map(Duration::toMillis).orElse(1000L * attempt));
                    continue;
                }
                throw new IllegalStateException("ingest refused batch " + index + " with HTTP " + status + ": "
                        + e.problem().map(BatchSubmitter::describe).orElse("no problem document"), e);
            }
        }
    }

    private BatchRequest withRecipients(List<Recipient> batch) {
        return template.withRecipients(batch.stream()
                .map(r -> new RecipientRequest(r.to(), r.vars(), null, r.platform())).toList());
    }

    private static String describe(Problem problem) {
        return problem.type() + " " + problem.detail()
                + (problem.acknowledged() == null ? "" : " (acknowledged " + problem.acknowledged() + " of "
                        + problem.total() + ")");
    }

    private void record(int index, int first, BatchAccepted answer) {
        if (answer.batchId() == null) {
            throw new IllegalStateException("ingest answered batch " + index + " with 202 but without batchId");
        }
        batchIds.add(answer.batchId());
        accepted.addAndGet(answer.accepted());
        List<Rejection> rejections = answer.rejected() == null ? List.of() : answer.rejected();
        rejected.addAndGet(rejections.size());
        for (Rejection rejection : rejections) {
            rejectedRows.add(first + rejection.index());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
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
