package io.herald.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code herald kafka-consumer-groups ARGS…}: Kafka's own
 * {@code org.apache.kafka.tools.consumer.group.ConsumerGroupCommand} in a child JVM with the arguments verbatim, stdin,
 * stdout and stderr passed through; exits with its exit code. For a consumer group's lag and for resetting its offsets
 * without a Kafka distribution (docs/operations.md).
 */
@Command(name = "kafka-consumer-groups",
        description = {"Runs Kafka's own kafka-consumer-groups",
            "(org.apache.kafka.tools.consumer.group.ConsumerGroupCommand) with the arguments as given. E.g.",
            "  ./herald kafka-consumer-groups --bootstrap-server 127.0.0.1:19092 \\",
            "      --describe --group herald-dispatcher",
            "--help prints the tool's own options."})
public final class KafkaConsumerGroupsCommand implements Callable<Integer> {

    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        return KafkaTool.CONSUMER_GROUPS.run(args);
    }
}
