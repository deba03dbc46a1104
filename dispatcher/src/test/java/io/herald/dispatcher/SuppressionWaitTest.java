package io.herald.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The poll loops never start before the suppression list is loaded, however long it takes; a stop ends the wait. */
class SuppressionWaitTest {

    @Test
    void waitsPastTheWarningIntervalUntilTheListIsLoaded() throws Exception {
        // given a list that is loaded at its 8th wait of 100 ms, and a WARN every 100 ms
        AtomicInteger waits = new AtomicInteger();

        // when the dispatcher waits for it
        boolean loaded = Dispatcher.awaitLoaded(timeoutMs -> waits.incrementAndGet() >= 8, () -> false, 100,
                () -> "LOADING", "notify.suppressions");

        // then it returned only once the list was loaded, not when the first interval passed
        assertThat(loaded).isTrue();
        assertThat(waits).hasValue(8);
    }

    @Test
    void aStopEndsTheWaitWithoutDispatching() throws Exception {
        AtomicBoolean stopping = new AtomicBoolean();
        AtomicInteger waits = new AtomicInteger();

        boolean loaded = Dispatcher.awaitLoaded(timeoutMs -> {
            if (waits.incrementAndGet() == 3) {
                stopping.set(true);
            }
            return false;
        }, stopping::get, 100, () -> "LOADING", "notify.suppressions");

        assertThat(loaded).isFalse();
        assertThat(waits).hasValue(3);
    }
}
