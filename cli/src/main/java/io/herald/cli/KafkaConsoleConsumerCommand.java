package io.herald.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code herald kafka-console-consumer ARGS…}: Kafka's own {@code org.apache.kafka.tools.consumer.ConsoleConsumer} in a
 * child JVM with the arguments verbatim, stdin, stdout and stderr passed through; exits with its exit code. For
 * reading {@code notify.bulk.rejected} without a Kafka distribution (docs/bulk-load.md).
 */
@Command(name = "kafka-console-consumer",
        description = {"Runs Kafka's own kafka-console-consumer",
            "(org.apache.kafka.tools.consumer.ConsoleConsumer) with the arguments as given. E.g.",
            "  ./herald kafka-console-consumer --bootstrap-server 127.0.0.1:19092 \\",
            "      --topic notify.bulk.rejected --from-beginning \\",
            "      --consumer-property isolation.level=read_committed",
            "--help prints the tool's own options."})
public final class KafkaConsoleConsumerCommand implements Callable<Integer> {

    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        return KafkaTool.CONSOLE_CONSUMER.run(args);
    }
}
