package io.herald.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The root of a Herald checkout and the built artifacts the local stack runs from it.
 *
 * <p>The root is found, in this order, from the system property {@value #HOME_PROPERTY}, the environment variable
 * {@value #HOME_ENV}, or by walking up from the current directory to the first directory that holds both
 * {@code pom.xml} and {@code schemas/}. The {@code ./herald} script passes {@code -Dherald.home}; Maven passes it to
 * tests through Surefire and Failsafe.
 *
 * <p>Every artifact accessor checks that the file exists and throws {@link MissingArtifactException} otherwise, so a
 * caller fails before it starts anything.
 */
public final class HeraldHome {

    /** System property naming the repository root. */
    public static final String HOME_PROPERTY = "herald.home";

    /** Environment variable naming the repository root, used when the system property is not set. */
    public static final String HOME_ENV = "HERALD_HOME";

    /** The Apicurio Registry server jar, relative to the root. */
    public static final String REGISTRY_RUNNER_JAR =
            "local-servers/target/apicurio/apicurio-registry-app-2.6.13.Final-runner.jar";

    private final Path root;

    private HeraldHome(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /**
     * Locates the root from {@value #HOME_PROPERTY}, {@value #HOME_ENV} or the current directory.
     *
     * @return the located home
     * @throws IllegalStateException if none of the three names a directory with {@code pom.xml} and {@code schemas/}
     */
    public static HeraldHome locate() {
        return locate(System.getProperty(HOME_PROPERTY), System.getenv(HOME_ENV),
                Path.of("").toAbsolutePath());
    }

    /**
     * Locates the root from explicit inputs; {@link #locate()} passes the real ones.
     *
     * @param property value of {@value #HOME_PROPERTY}, or null or blank if unset
     * @param env value of {@value #HOME_ENV}, or null or blank if unset
     * @param cwd the directory to walk up from when both are unset
     * @return the located home
     * @throws IllegalStateException if the named directory is not a Herald checkout, or none is found above {@code cwd}
     */
    static HeraldHome locate(String property, String env, Path cwd) {
        if (property != null && !property.isBlank()) {
            return checked(Path.of(property), "system property " + HOME_PROPERTY);
        }
        if (env != null && !env.isBlank()) {
            return checked(Path.of(env), "environment variable " + HOME_ENV);
        }
        for (Path dir = cwd.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (isCheckout(dir)) {
                return new HeraldHome(dir);
            }
        }
        throw new IllegalStateException("cannot find the Herald checkout: no directory with pom.xml and schemas/ at or"
                + " above " + cwd.toAbsolutePath() + "; set -D" + HOME_PROPERTY + " or " + HOME_ENV);
    }

    /**
     * A home rooted at a given directory, for tests and embedders.
     *
     * @param root a Herald checkout
     * @return the home
     * @throws IllegalStateException if {@code root} has no {@code pom.xml} and {@code schemas/}
     */
    public static HeraldHome of(Path root) {
        return checked(root, "the given path");
    }

    private static HeraldHome checked(Path dir, String source) {
        if (!isCheckout(dir)) {
            throw new IllegalStateException(source + " names " + dir.toAbsolutePath()
                    + ", which is not a Herald checkout (no pom.xml and schemas/ there)");
        }
        return new HeraldHome(dir);
    }

    private static boolean isCheckout(Path dir) {
        return Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("schemas"));
    }

    /** @return the absolute, normalized repository root */
    public Path root() {
        return root;
    }

    /** @return {@code <root>/.herald}, the demo's default work folder (not checked) */
    public Path defaultWorkDir() {
        return root.resolve(".herald");
    }

    /** @return {@code <root>/.herald/cds}: the class-data archives of local dispatchers ({@link ClassDataArchive}) */
    public Path classDataFolder() {
        return defaultWorkDir().resolve("cds");
    }

    /** @return {@code local-servers/target/kafka/lib}: the Kafka 4.3.1 broker classpath folder */
    public Path kafkaLib() {
        return existing("local-servers/target/kafka/lib");
    }

    /** @return the Apicurio Registry 2.6.13.Final runner jar */
    public Path registryJar() {
        return existing(REGISTRY_RUNNER_JAR);
    }

    /** @return {@code smsc-simulator/target/smsc-simulator.jar} */
    public Path smscSimulatorJar() {
        return existing("smsc-simulator/target/smsc-simulator.jar");
    }

    /** @return {@code ingest-service/target/ingest-service.jar} */
    public Path ingestServiceJar() {
        return existing("ingest-service/target/ingest-service.jar");
    }

    /** @return {@code ingest-service/config.yml}, the ingest-service's Dropwizard configuration */
    public Path ingestServiceConfig() {
        return existing("ingest-service/config.yml");
    }

    /** @return {@code dispatcher/target/dispatcher.jar} */
    public Path dispatcherJar() {
        return existing("dispatcher/target/dispatcher.jar");
    }

    /**
     * Resolves a path under the root that must exist.
     *
     * @param relative a path relative to the root
     * @return the absolute path
     * @throws MissingArtifactException if nothing is there
     */
    public Path existing(String relative) {
        Path path = root.resolve(relative);
        if (!Files.exists(path)) {
            throw new MissingArtifactException(path);
        }
        return path;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeraldHome other && root.equals(other.root);
    }

    @Override
    public int hashCode() {
        return Objects.hash(root);
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
