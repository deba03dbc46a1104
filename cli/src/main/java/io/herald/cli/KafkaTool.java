package io.herald.cli;

import io.herald.local.JavaCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.util.List;

/**
 * Kafka's own command-line tools from kafka-tools (on the CLI's classpath), each run in a child JVM, so that no Kafka
 * distribution is needed and a tool that ends with {@code Exit.exit} ends only itself. The child gets the CLI's
 * classpath ({@code java.class.path}) and the arguments verbatim.
 */
enum KafkaTool {

    /** {@code kafka-console-producer}: one record per line of stdin. */
    CONSOLE_PRODUCER("org.apache.kafka.tools.ConsoleProducer"),
    /** {@code kafka-console-consumer}: one line per record on stdout. */
    CONSOLE_CONSUMER("org.apache.kafka.tools.consumer.ConsoleConsumer"),
    /** {@code kafka-consumer-groups}: describe a group's lag, reset its offsets (docs/operations.md). */
    CONSUMER_GROUPS("org.apache.kafka.tools.consumer.group.ConsumerGroupCommand");

    private final String mainClass;

    KafkaTool(String mainClass) {
        this.mainClass = mainClass;
    }

    /** @return the tool's main class, e.g. {@code org.apache.kafka.tools.ConsoleProducer} */
    String mainClass() {
        return mainClass;
    }

    /**
     * Starts the tool.
     *
     * @param args the tool's arguments, verbatim
     * @param stdin where its stdin comes from, e.g. {@link Redirect#INHERIT} or {@code Redirect.from(file)}
     * @param stdout where its stdout goes
     * @return the running child process
     * @throws UncheckedIOException if the JVM cannot be started
     */
    Process start(List<String> args, Redirect stdin, Redirect stdout) {
        List<String> command = JavaCommand.mainClass(System.getProperty("java.class.path"), mainClass)
                .maxHeap("256m").args(args).build();
        try {
            return new ProcessBuilder(command).redirectInput(stdin).redirectOutput(stdout)
                    .redirectError(Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + mainClass, e);
        }
    }

    /**
     * Runs the tool to its end with this process's stdin, stdout and stderr.
     *
     * @param args the tool's arguments, verbatim
     * @return the tool's exit code
     * @throws InterruptedException if interrupted while waiting (the child is destroyed)
     */
    int run(List<String> args) throws InterruptedException {
        Process process = start(args, Redirect.INHERIT, Redirect.INHERIT);
        try {
            return process.waitFor();
        } finally {
            process.destroy();
        }
    }
}
