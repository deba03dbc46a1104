package io.herald.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StreamsShutdownTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<String> calls = new ArrayList<>();

    /** A Streams app that records the calls and takes {@code closeTakes} of the clock to close (or the wait given). */
    private final class FakeApp implements StreamsApp {
        private final String name;
        private final Duration closeTakes;

        FakeApp(String name, Duration closeTakes) {
            this.name = name;
            this.closeTakes = closeTakes;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void beginClose() {
            calls.add("begin " + name);
        }

        @Override
        public boolean awaitClose(Duration timeout) {
            calls.add("await " + name + " " + timeout.toMillis());
            boolean closed = closeTakes.compareTo(timeout) <= 0;
            nanos.addAndGet((closed ? closeTakes : timeout).toNanos());
            return closed;
        }
    }

    @Test
    void shouldBeginClosingEveryAppBeforeWaitingForAny() {
        // given two apps that close at once
        StreamsShutdown shutdown = new StreamsShutdown(List.of(new FakeApp("status view", Duration.ZERO),
                new FakeApp("bulk loader", Duration.ZERO)), Duration.ofSeconds(5), nanos::get);

        // when the service stops
        shutdown.stop();

        // then both began to close before the first wait
        assertThat(calls).containsExactly("begin status view", "begin bulk loader", "await status view 5000",
                "await bulk loader 5000");
    }

    @Test
    void shouldWaitForAllOfThemWithinOneBudget() {
        // given a status view whose stream thread stays busy, and a bulk loader that takes 1 s to close
        StreamsShutdown shutdown = new StreamsShutdown(List.of(new FakeApp("status view", Duration.ofMinutes(1)),
                new FakeApp("bulk loader", Duration.ofSeconds(1))), Duration.ofSeconds(5), nanos::get);
        long start = nanos.get();

        // when the service stops
        shutdown.stop();

        // then the busy one gets the budget, the other one what is left of it (nothing), and stop() takes 5 s in all
        assertThat(calls).containsExactly("begin status view", "begin bulk loader", "await status view 5000",
                "await bulk loader 0");
        assertThat(Duration.ofNanos(nanos.get() - start)).isEqualTo(Duration.ofSeconds(5));
    }
}
