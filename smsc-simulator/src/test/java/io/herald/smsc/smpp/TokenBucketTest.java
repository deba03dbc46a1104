package io.herald.smsc.smpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final AtomicLong nanos = new AtomicLong();

    @Test
    void shouldAllowOneSecondsWorthThenRefuse() {
        // given
        TokenBucket bucket = new TokenBucket(3, nanos::get);

        // when / then
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isFalse();
    }

    @Test
    void shouldRefillAtTheRate() {
        // given: an empty bucket of 10/s
        TokenBucket bucket = new TokenBucket(10, nanos::get);
        for (int i = 0; i < 10; i++) {
            bucket.tryAcquire();
        }

        // when: 250 ms pass
        nanos.addAndGet(250_000_000L);

        // then: 2.5 tokens came back
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isFalse();
    }

    @Test
    void shouldNeverRefuseWithoutACap() {
        TokenBucket bucket = new TokenBucket(0, nanos::get);
        for (int i = 0; i < 1000; i++) {
            assertThat(bucket.tryAcquire()).isTrue();
        }
    }
}
