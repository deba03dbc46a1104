package io.herald.dispatcher;

import io.herald.dispatcher.config.DispatcherConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * {@code java -jar dispatcher/target/dispatcher.jar dispatcher.properties}: runs one dispatcher until SIGTERM/SIGINT.
 * Keys are documented in {@link DispatcherConfig}; any of them can be set through {@code HERALD_DISPATCHER_<KEY>}.
 *
 * <p>Exit codes: 0 after SIGTERM or SIGINT, once it has stopped fetching, drained its in-flight sends (within
 * {@code shutdown.timeout.ms}), committed and unbound; 1 after a fatal error (e.g. a status that Kafka did not
 * acknowledge); 2 for bad usage or configuration.
 */
public final class DispatcherMain {

    private static final Logger LOG = LoggerFactory.getLogger(DispatcherMain.class);

    private DispatcherMain() {
    }

    public static void main(String[] args) {
        if (args.length != 1 || !Files.isRegularFile(Path.of(args[0]))) {
            System.err.println("Usage: java -jar dispatcher.jar DISPATCHER.properties");
            System.err.println("Keys: " + DispatcherConfig.keys() + ", kafka.*, consumer.*, producer.*");
            System.exit(2);
        }
        DispatcherConfig config;
        try {
            config = DispatcherConfig.load(Path.of(args[0]), System.getenv());
        } catch (ConfigException | IOException e) {
            System.err.println("Invalid configuration " + args[0] + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        Dispatcher dispatcher;
        try {
            dispatcher = Dispatcher.create(config);
        } catch (IOException | RuntimeException e) {
            LOG.error("Could not start the dispatcher", e);
            System.exit(2);
            return;
        }
        // Any other way out (System.exit, a signal not handled below) still stops the dispatcher.
        Runtime.getRuntime().addShutdownHook(new Thread(dispatcher::stop, "shutdown"));
        handleSignal("TERM", dispatcher);
        handleSignal("INT", dispatcher);
        dispatcher.start();
        Throwable fatal;
        try {
            fatal = dispatcher.awaitTermination();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (fatal != null) {
            LOG.error("Dispatcher stopped on a fatal error; exiting with status 1");
            dispatcher.stop();
            System.exit(1);
        }
        // Stopped by a signal: its handler is still closing (unbind, producer); wait for it before main ends.
        dispatcher.stop();
    }

    /**
     * Replaces the JVM's handler of a signal (which runs the shutdown hooks and exits with 128 + the signal's number,
     * 143 for SIGTERM) with a graceful stop that exits 0: stop fetching, drain in-flight sends within
     * {@code shutdown.timeout.ms}, commit, unbind, then {@code System.exit(0)}. An orchestrator (Kubernetes, systemd,
     * compose) then sees a clean exit.
     *
     * @param name the signal's name without {@code SIG}, e.g. {@code TERM}
     * @param dispatcher the dispatcher to stop
     */
    private static void handleSignal(String name, Dispatcher dispatcher) {
        try {
            Signal.handle(new Signal(name), signal -> {
                LOG.info("SIG{} received: stopping (drain, commit, unbind)", name);
                dispatcher.stop();
                LOG.info("Stopped after SIG{}; exiting with status 0", name);
                System.exit(0);
            });
        } catch (IllegalArgumentException e) {
            // The JVM runs with -Xrs, or the platform has no such signal: the shutdown hook stops the dispatcher.
            LOG.warn("Cannot handle SIG{} ({}); it will exit with 128 + its number after the shutdown hook", name,
                    e.getMessage());
        }
    }
}
