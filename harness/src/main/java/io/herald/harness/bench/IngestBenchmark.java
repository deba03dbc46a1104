package io.herald.harness.bench;

import io.herald.ingest.api.BatchRequest;
import io.herald.ingest.api.RecipientRequest;
import io.herald.ingest.client.IngestClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code POST /v1/batches} throughput and latency: {@code batches} batches of {@code batchSize} recipients (distinct
 * random Norwegian mobiles, one variable each, a one-segment GSM text), sent by {@code clients} concurrent clients,
 * each waiting for its 202 before its next batch. Recipients per second from the first POST to the last 202, and
 * the p50 and p99 of the requests' latencies.
 */
public final class IngestBenchmark {


    /** One run's figures. */
    public record Result(long recipients, double recipientsPerSecond, double p50Ms, double p99Ms) {
    }

    private final URI endpoint;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Random random;

    public IngestBenchmark(String ingestUrl, String apiKey, long seed) {
        this.endpoint = URI.create(ingestUrl + "/v1/batches");
        this.authorization = "Bearer " + apiKey;
        this.random = new Random(seed);
    }

    /**
     * @param batchSize recipients per batch
     * @param batches batches in all
     * @param clients concurrent clients
     * @return the run's figures
     * @throws IllegalStateException if a batch is not answered 202
     */
    public Result run(int batchSize, int batches, int clients) throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            bodies.add(body(batchSize));
        }
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                workers.add(pool.submit(() -> {
                    for (int b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
                        long t0 = System.nanoTime();
                        post(bodies.get(b));
                        latencies.add(System.nanoTime() - t0);
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        long recipients = (long) batchSize * batches;
        return new Result(recipients, recipients / seconds, Figures.percentile(sorted, 0.50) / 1e6,
                Figures.percentile(sorted, 0.99) / 1e6);
    }

    private void post(byte[] body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/json").header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("ingest answered " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(300, response.body().length())));
        }
    }

    private byte[] body(int size) {
        List<RecipientRequest> recipients = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            recipients.add(new RecipientRequest(String.format(Locale.ROOT, "+479%07d", random.nextInt(10_000_000)),
                    Map.of("n", Integer.toString(i)), null));
        }
        return IngestClient.requestBody(new BatchRequest("HERALD", "Bench {{n}}: your code is 4711", recipients, null,
                null));
    }
}
