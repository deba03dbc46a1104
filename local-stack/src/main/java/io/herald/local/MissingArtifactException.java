package io.herald.local;

import java.nio.file.Path;

/** A built artifact the local stack needs (a jar, a classpath folder, a config file) is not there. */
public class MissingArtifactException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient Path path;

    /**
     * @param path the absolute path that does not exist
     */
    public MissingArtifactException(Path path) {
        super(path + " is missing; build it with ./mvnw -B install -DskipTests (from the repository root)");
        this.path = path;
    }

    /** @return the path that does not exist */
    public Path path() {
        return path;
    }
}
