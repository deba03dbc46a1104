package io.herald.dispatcher;

import io.herald.dispatcher.config.DispatcherConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar dispatcher/target/dispatcher.jar dispatcher.properties}: runs one dispatcher until SIGTERM/SIGINT.
 * Keys are documented in {@link DispatcherConfig}; any of them can be set through {@code HERALD_DISPATCHER_<KEY>}.
 *
 * <p>Exit codes: 0 after a signal, 1 after a fatal error (e.g. a status that Kafka did not acknowledge), 2 for bad
 * usage or configuration.
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
        Runtime.getRuntime().addShutdownHook(new Thread(dispatcher::stop, "shutdown"));
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
    }
}
