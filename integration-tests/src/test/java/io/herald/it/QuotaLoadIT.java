package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.local.IngestServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Load shedding on the real stack: 200 concurrent connections of the client {@code limited} (2 requests/s) hammer the
 * ingest service; they get 429s with {@code Retry-After}, and at most the quota passes. Meanwhile a client within its
 * quota ({@code local}) keeps being served: every one of its requests is answered, none with a 429 or a 5xx.
 */
@ExtendWith(HeraldStackExtension.class)
class QuotaLoadIT {

    private static final int CLIENTS = 200;
    private static final Duration LOAD = Duration.ofSeconds(10);
    /** A request that takes longer than this counts as not answered. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(15);

    @Test
    void clientsOverTheQuotaGet429sWhileAClientWithinItIsServed(HeraldTestStack stack) throws Exception {
        // given 200 threads of the limited client, each with its own connection, and one client within its quota
        IngestServiceProcess ingest = stack.ingest();
        String body = IngestHttp.batch("HERALD", "Load", List.of(new IngestHttp.Recipient("+4791234567", Map.of())))
                .toString();
        Map<Integer, AtomicLong> limitedStatuses = new ConcurrentHashMap<>();
        AtomicLong withoutRetryAfter = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        CountDownLatch start = new CountDownLatch(1);
        long end = System.nanoTime() + LOAD.toNanos();
        List<Future<?>> hammers = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            hammers.add(pool.submit(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpRequest request = post(ingest, ingest.limitedApiKey(), body);
                start.await();
                while (System.nanoTime() < end) {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    limitedStatuses.computeIfAbsent(response.statusCode(), s -> new AtomicLong()).incrementAndGet();
                    if (response.statusCode() == 429 && response.headers().firstValue("Retry-After").isEmpty()) {
                        withoutRetryAfter.incrementAndGet();
                    }
                }
                return null;
            }));
        }

        // when they all send as fast as they are answered, and the other client sends a batch every 200 ms
        start.countDown();
        HttpClient calm = HttpClient.newHttpClient();
        Map<Integer, Long> calmStatuses = new ConcurrentHashMap<>();
        long calmRequests = 0;
        while (System.nanoTime() < end) {
            HttpResponse<String> response = calm.send(post(ingest, ingest.apiKey(), body),
                    HttpResponse.BodyHandlers.ofString());
            calmStatuses.merge(response.statusCode(), 1L, Long::sum);
            calmRequests++;
            Thread.sleep(200);
        }
        for (Future<?> hammer : hammers) {
            hammer.get(ANSWER_TIMEOUT.toSeconds() + LOAD.toSeconds(), TimeUnit.SECONDS);
        }
        pool.shutdown();

        // then the limited client got 429s with Retry-After, and no more than its quota passed
        long accepted = count(limitedStatuses, 202);
        long limited = count(limitedStatuses, 429);
        assertThat(limitedStatuses.keySet()).as("%s", limitedStatuses).containsOnly(202, 429);
        assertThat(limited).as("%s", limitedStatuses).isGreaterThan(CLIENTS);
        assertThat(withoutRetryAfter).hasValue(0);
        // 2 per second over the load, plus the full bucket at the start, plus a second of slack for the last answers
        long quota = IngestServiceProcess.LIMITED_REQUESTS_PER_SECOND;
        assertThat(accepted).as("%s", limitedStatuses).isLessThanOrEqualTo(quota * (LOAD.toSeconds() + 2));

        // and every request of the client within its quota was answered and accepted
        assertThat(calmRequests).isGreaterThan(0);
        assertThat(calmStatuses).as("statuses of the client within its quota").containsOnlyKeys(202);
    }

    private static HttpRequest post(IngestServiceProcess ingest, String apiKey, String body) {
        return HttpRequest.newBuilder(URI.create(ingest.url() + "/v1/batches"))
                .timeout(ANSWER_TIMEOUT)
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    private static long count(Map<Integer, AtomicLong> statuses, int status) {
        AtomicLong count = statuses.get(status);
        return count == null ? 0 : count.get();
    }
}
