package io.herald.ingest.kafka;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the service's Kafka Streams applications in parallel, within one time budget ({@code streams.closeTimeout}).
 * Managed last in {@code IngestApplication.run}, it is stopped first of the managed objects, once Jetty has let
 * the requests in flight finish.
 *
 * <p>Each application begins to close at once ({@link StreamsApp#beginClose()}: commit, leave the group); then each is
 * waited for until the one deadline. Closing one after the other would wait up to the budget for each, and a stream
 * thread busy with a long batch of records (one registry round trip per record, say) can take far longer than that to
 * notice. One that has not stopped by the deadline is left to end with the process: under {@code exactly_once_v2} its
 * open transaction is aborted, and its records are processed again by the partitions' next owner, so a bounded close
 * loses nothing; the group moves its partitions once the member's session times out. Its local state has no
 * checkpoint, so the next start here restores its stores from the changelogs ({@code LocalStateGuard}).
 */
public final class StreamsShutdown implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsShutdown.class);

    private final List<StreamsApp> apps;
    private final Duration timeout;
    private final LongSupplier nanoTime;

    /**
     * @param apps the applications, closed in parallel
     * @param timeout how long {@link #stop()} waits for all of them, in all
     */
    public StreamsShutdown(List<StreamsApp> apps, Duration timeout) {
        this(apps, timeout, System::nanoTime);
    }

    /**
     * @param apps the applications, closed in parallel
     * @param timeout how long {@link #stop()} waits for all of them, in all
     * @param nanoTime the monotonic clock of the deadline, in ns
     */
    StreamsShutdown(List<StreamsApp> apps, Duration timeout, LongSupplier nanoTime) {
        this.apps = List.copyOf(apps);
        this.timeout = timeout;
        this.nanoTime = nanoTime;
    }

    /** Nothing: each application starts on its own, once the server is bound. */
    @Override
    public void start() {
    }

    /**
     * Begins to close every application, then waits for each until {@code timeout} after the first began; logs at WARN
     * each one left running.
     */
    @Override
    public void stop() {
        long deadline = nanoTime.getAsLong() + timeout.toNanos();
        apps.forEach(StreamsApp::beginClose);
        for (StreamsApp app : apps) {
            long remainingNs = Math.max(0, deadline - nanoTime.getAsLong());
            if (!app.awaitClose(Duration.ofNanos(remainingNs))) {
                LOG.warn("The {} did not close within {} ms (streams.closeTimeout); leaving it to end with the process:"
                        + " its uncommitted work is aborted and done again by the partitions' next owner", app.name(),
                        TimeUnit.NANOSECONDS.toMillis(timeout.toNanos()));
            }
        }
    }
}
