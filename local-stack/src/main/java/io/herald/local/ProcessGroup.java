package io.herald.local;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes one run started, stopped in reverse start order by {@link #close()}: services before the
 * infrastructure they need (dispatchers, then ingest, then the simulator, the registry, Kafka). Optionally also
 * stopped by a JVM shutdown hook, so that Ctrl-C or SIGTERM on the CLI does not leave children behind.
 * Thread-safe; {@link #close()} is idempotent.
 */
public final class ProcessGroup implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessGroup.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private Thread shutdownHook;

    /**
     * Adds a started process (or a {@link LocalStack}); it is stopped before everything added earlier.
     *
     * @param process the process
     * @param <T> its type
     * @return {@code process}
     */
    public synchronized <T extends AutoCloseable> T add(T process) {
        started.push(process);
        return process;
    }

    /**
     * Registers a JVM shutdown hook that calls {@link #close()}; {@link #close()} removes it again.
     *
     * @return this
     */
    public synchronized ProcessGroup stopOnShutdown() {
        if (shutdownHook == null) {
            shutdownHook = new Thread(this::stopAll, "herald-stop-children");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        return this;
    }

    /** @return what was started, in reverse start order (the order {@link #close()} stops them) */
    public synchronized List<AutoCloseable> processes() {
        return new ArrayList<>(started);
    }

    /** Stops every process in reverse start order; a failure to stop one does not keep the others running. */
    @Override
    public void close() {
        synchronized (this) {
            if (shutdownHook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException alreadyShuttingDown) {
                    // the hook runs (or ran) stopAll itself
                }
                shutdownHook = null;
            }
        }
        stopAll();
    }

    private void stopAll() {
        while (true) {
            AutoCloseable next;
            synchronized (this) {
                next = started.poll();
            }
            if (next == null) {
                return;
            }
            try {
                next.close();
            } catch (Exception e) {
                LOG.warn("could not stop {}: {}", next, e.toString());
            }
        }
    }
}
