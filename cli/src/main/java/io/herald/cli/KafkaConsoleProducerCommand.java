package io.herald.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code herald kafka-console-producer ARGS…}: Kafka's own {@code org.apache.kafka.tools.ConsoleProducer} (kafka-tools
 * of the root pom's {@code kafka.version}) in a child JVM with the arguments verbatim, stdin, stdout and stderr passed
 * through; exits with its exit code. {@code --help} is the tool's own.
 */
@Command(name = "kafka-console-producer",
        description = {"Runs Kafka's own kafka-console-producer (org.apache.kafka.tools.ConsoleProducer)",
            "with the arguments as given: no Kafka distribution needed. E.g.",
            "  ./herald kafka-console-producer --bootstrap-server 127.0.0.1:19092 \\",
            "      --topic notify.bulk < lines.jsonl",
            "--help prints the tool's own options."})
public final class KafkaConsoleProducerCommand implements Callable<Integer> {

    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        return KafkaTool.CONSOLE_PRODUCER.run(args);
    }
}
