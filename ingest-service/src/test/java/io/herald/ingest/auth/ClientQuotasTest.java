package io.herald.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import io.github.bucket4j.TimeMeter;
import io.herald.ingest.core.InvalidBatchException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClientQuotasTest {

    private final AtomicLong nanos = new AtomicLong();
    private final MetricRegistry metrics = new MetricRegistry();
    private final ClientQuotas quotas = new ClientQuotas(metrics, new TimeMeter() {
        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    });
    private final ApiClient acme = new ApiClient("acme", new ApiClient.Quota(2, 600));
    private final ApiClient other = new ApiClient("other", new ApiClient.Quota(2, 600));

    @Test
    void shouldShedRequestsOverTheRateAndSayWhenATokenIsBack() {
        quotas.acquireRequest(acme);
        quotas.acquireRequest(acme);

        assertThatThrownBy(() -> quotas.acquireRequest(acme))
                .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(500));
                    assertThat(e.getMessage()).contains("2 requests per second");
                });
        quotas.acquireRequest(other); // each client has its own bucket
        nanos.addAndGet(Duration.ofMillis(500).toNanos());
        quotas.acquireRequest(acme);
        assertThat(metrics.meter("io.herald.ingest.quota.requests.rejected").getCount()).isEqualTo(1);
    }

    @Test
    void shouldTakeRecipientsGiveThemBackAndRefuseABatchLargerThanTheBucket() {
        quotas.acquireRecipients(acme, 500);

        assertThatThrownBy(() -> quotas.acquireRecipients(acme, 101))
                .isInstanceOfSatisfying(QuotaExceededException.class, e ->
                        // 100 tokens left, 1 more needed at 10 per second
                        assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(100)));
        quotas.releaseRecipients(acme, 400);
        quotas.acquireRecipients(acme, 500);
        assertThatThrownBy(() -> quotas.acquireRecipients(acme, 601))
                .isInstanceOfSatisfying(InvalidBatchException.class, e ->
                        assertThat(e.errors()).extracting("pointer").containsExactly("/recipients"));
    }

    @Test
    void shouldStartAFreshBucketWhenAClientsQuotaChanges() {
        quotas.acquireRequest(acme);
        quotas.acquireRequest(acme);

        ApiClient raised = new ApiClient("acme", new ApiClient.Quota(5, 600));
        for (int i = 0; i < 5; i++) {
            quotas.acquireRequest(raised);
        }
        assertThatThrownBy(() -> quotas.acquireRequest(raised)).isInstanceOf(QuotaExceededException.class);
    }
}
