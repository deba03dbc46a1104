package io.herald.it.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.dispatcher.config.DispatcherConfig;
import io.herald.it.deployment.DeploymentFiles.Container;
import io.herald.smsc.SmscSimulatorMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import picocli.CommandLine;

/**
 * What one of Herald's three images does when run with a container's command line and environment, read from the
 * code's own configuration: the ports it listens on, the port and paths of its health checks, the address it binds
 * and which {@code HERALD_*} variables it reads.
 *
 * @param name the image's directory under docker/: {@code ingest-service}, {@code dispatcher} or
 *     {@code smsc-simulator}
 * @param ports TCP ports it listens on, by role (e.g. {@code api}, {@code admin}, {@code smpp})
 * @param healthPort the port of its health checks
 * @param healthPaths the paths its health port serves that a probe may use
 * @param bindHost the address its listeners bind to
 * @param readsVariable whether it reads a {@code HERALD_*} variable: a key of its configuration, or a variable of its
 *     module's logback.xml (e.g. {@code HERALD_LOG_LEVEL})
 * @param dispatcherConfig the dispatcher's configuration (image file and environment), or null for the others
 */
record HeraldService(String name, Map<String, Integer> ports, int healthPort, Set<String> healthPaths,
                     String bindHost, Predicate<String> readsVariable, DispatcherConfig dispatcherConfig) {

    /** Dropwizard's admin servlet: {@code /healthcheck} runs the health checks, {@code /ping} answers pong. */
    static final Set<String> DROPWIZARD_ADMIN_PATHS = Set.of("/healthcheck", "/ping");
    /** The simulator's ControlApi health path. */
    static final Set<String> SIMULATOR_HEALTH_PATHS = Set.of("/health");
    /** AdminServer's paths; DeploymentFilesTest asks a running AdminServer that it serves them. */
    static final Set<String> DISPATCHER_ADMIN_PATHS = Set.of("/health", "/health/ready", "/health/live", "/stats",
            "/metrics");
    /** Where each service serves its Prometheus metrics, on its admin (health) port. */
    static final Map<String, String> METRICS_PATHS = Map.of("dispatcher", "/metrics", "ingest-service", "/prometheus");

    /**
     * @param container a container whose image is built from one of Herald's Dockerfiles
     * @return what it runs
     * @throws IllegalArgumentException for another image
     * @throws org.apache.kafka.common.config.ConfigException if the dispatcher's configuration is invalid
     */
    static HeraldService of(Container container) {
        String name = container.dockerfile().service();
        HeraldService service = switch (name) {
            case "ingest-service" -> ingest(container);
            case "dispatcher" -> dispatcher(container);
            case "smsc-simulator" -> simulator(container);
            default -> throw new IllegalArgumentException(container.where() + ": no model of image " + name);
        };
        Path logback = DeploymentFiles.ROOT.resolve(name).resolve("src/main/resources/logback.xml");
        Set<String> logging = Files.isRegularFile(logback) ? DeploymentFiles.variables(logback) : Set.of();
        return new HeraldService(service.name, service.ports, service.healthPort, service.healthPaths,
                service.bindHost, service.readsVariable.or(logging::contains), service.dispatcherConfig);
    }

    /**
     * @param container a container of a Herald image
     * @return the file of the build context that the image copies to where the command line names it (its last
     *     argument), e.g. ingest-service/config.yml for {@code server /etc/herald/ingest.yml}
     */
    static Path configFile(Container container) {
        String inImage = container.cmd().get(container.cmd().size() - 1);
        String source = container.dockerfile().copies().get(inImage);
        if (source == null) {
            throw new AssertionError(container.where() + ": the command line names " + inImage + ", which "
                    + container.dockerfile().path() + " does not COPY");
        }
        return DeploymentFiles.ROOT.resolve(source);
    }

    private static HeraldService ingest(Container container) {
        Path file = configFile(container);
        Set<String> variables = DeploymentFiles.variables(file);
        JsonNode server = DeploymentFiles.substitutedYaml(file, container.env()).path("server");
        JsonNode api = server.path("applicationConnectors").path(0);
        JsonNode admin = server.path("adminConnectors").path(0);
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("api", api.path("port").asInt());
        ports.put("admin", admin.path("port").asInt());
        String bindHost = api.path("bindHost").asText();
        if (!bindHost.equals(admin.path("bindHost").asText())) {
            throw new AssertionError(file + ": the API and admin connectors bind different hosts");
        }
        return new HeraldService("ingest-service", ports, ports.get("admin"), DROPWIZARD_ADMIN_PATHS, bindHost,
                variables::contains, null);
    }

    private static HeraldService dispatcher(Container container) {
        DispatcherConfig config;
        try {
            config = DispatcherConfig.load(configFile(container), container.env());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int admin = config.getInt(DispatcherConfig.ADMIN_PORT_CONFIG);
        return new HeraldService("dispatcher", Map.of("admin", admin), admin, DISPATCHER_ADMIN_PATHS,
                config.getString(DispatcherConfig.ADMIN_HOST_CONFIG),
                variable -> !DispatcherConfig.environmentOverrides(Map.of(variable, "x")).isEmpty(), config);
    }

    private static HeraldService simulator(Container container) {
        CommandLine cli = new CommandLine(new SmscSimulatorMain());
        cli.parseArgs(container.cmd().toArray(String[]::new));
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("smpp", cli.getCommandSpec().findOption("--smpp-port").getValue());
        ports.put("http", cli.getCommandSpec().findOption("--http-port").getValue());
        return new HeraldService("smsc-simulator", ports, ports.get("http"), SIMULATOR_HEALTH_PATHS,
                cli.getCommandSpec().findOption("--host").getValue(), variable -> false, null);
    }

    /**
     * @param option e.g. {@code --system-id}
     * @return the simulator's value of that option given the container's command line (its default if not given)
     */
    static String simulatorOption(Container container, String option) {
        CommandLine cli = new CommandLine(new SmscSimulatorMain());
        cli.parseArgs(container.cmd().toArray(String[]::new));
        return String.valueOf((Object) cli.getCommandSpec().findOption(option).getValue());
    }
}
