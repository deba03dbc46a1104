package io.herald.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Builds the command line of a child JVM: the {@code java} of the JVM that runs this code ({@code java.home}), a
 * heap size, JVM options, then {@code -jar JAR} or {@code -cp CLASSPATH MAIN}, then program arguments.
 */
public final class JavaCommand {

    private final List<String> jvmOptions = new ArrayList<>();
    private final List<String> launch;
    private final List<String> arguments = new ArrayList<>();
    private String heap;

    private JavaCommand(List<String> launch) {
        this.launch = launch;
    }

    /**
     * @param jar an executable jar (its manifest names Main-Class and Class-Path)
     * @return a builder for {@code java … -jar JAR …}
     */
    public static JavaCommand jar(Path jar) {
        return new JavaCommand(List.of("-jar", jar.toString()));
    }

    /**
     * @param classpath a classpath, e.g. {@code /path/lib/*}
     * @param mainClass the fully qualified main class
     * @return a builder for {@code java … -cp CLASSPATH MAIN …}
     */
    public static JavaCommand mainClass(String classpath, String mainClass) {
        return new JavaCommand(List.of("-cp", classpath, mainClass));
    }

    /**
     * @param maxHeap the maximum heap, in {@code -Xmx} syntax (e.g. {@code 512m}), or null for the JVM default
     * @return this
     */
    public JavaCommand maxHeap(String maxHeap) {
        this.heap = maxHeap;
        return this;
    }

    /**
     * @param option one JVM option, e.g. {@code -Dquarkus.http.port=18081}
     * @return this
     */
    public JavaCommand jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    /**
     * @param options JVM options, in order
     * @return this
     */
    public JavaCommand jvmOptions(Collection<String> options) {
        jvmOptions.addAll(options);
        return this;
    }

    /**
     * @param args program arguments, in order
     * @return this
     */
    public JavaCommand args(String... args) {
        arguments.addAll(List.of(args));
        return this;
    }

    /**
     * @param args program arguments, in order
     * @return this
     */
    public JavaCommand args(Collection<String> args) {
        arguments.addAll(args);
        return this;
    }

    /** @return the full command line, starting with the path of the {@code java} executable */
    public List<String> build() {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable().toString());
        if (heap != null) {
            command.add("-Xmx" + heap);
        }
        command.addAll(jvmOptions);
        command.addAll(launch);
        command.addAll(arguments);
        return List.copyOf(command);
    }

    /** @return {@code ${java.home}/bin/java} */
    public static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
