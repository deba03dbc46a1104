package io.herald.harness.bench;

import io.herald.local.JavaCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The ingest benchmark's baseline: Kafka's own {@code org.apache.kafka.tools.ProducerPerformance} (kafka-tools, in a
 * child JVM with the CLI's classpath) writing as many records, of the size of Herald's requests, to a topic with as
 * many partitions as {@code notify.requests}, with ingest's producer settings ({@code acks=all}, idempotence,
 * {@code compression.type=lz4}, {@code linger.ms=5}).
 */
public final class ProducerPerformanceBaseline {

    /** The summary line: {@code N records sent, X records/sec (Y MB/sec), A ms avg latency, M ms max latency, …}. */
    private static final Pattern SUMMARY = Pattern.compile(
            "(\\d+) records sent, ([\\d.]+) records/sec .*?, [\\d.]+ ms avg latency, [\\d.]+ ms max latency, (\\d+) ms"
                    + " 50th, \\d+ ms 95th, (\\d+) ms 99th");

    /** One run's figures. */
    public record Result(long records, double recordsPerSecond, double p50Ms, double p99Ms) {
    }

    private final String bootstrapServers;
    private final String topic;

    public ProducerPerformanceBaseline(String bootstrapServers, String topic, int partitions) throws Exception {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all()
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * @param bootstrapServers the broker
     * @param topic a topic with Herald's records, e.g. {@code notify.requests}
     * @return the mean size of the last (up to) 1,000 values on it, in bytes, if it has any
     */
    public static Optional<Integer> meanValueSize(String bootstrapServers, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            consumer.seek(partition, Math.max(0, end - 1000));
            long bytes = 0;
            int count = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    bytes += record.serializedValueSize();
                    count++;
                }
            }
            return count == 0 ? Optional.empty() : Optional.of((int) (bytes / count));
        }
    }

    /**
     * @param records records to write
     * @param recordSize each record's value size, in bytes
     * @return the run's figures, from the tool's summary line
     * @throws IllegalStateException if the tool failed or printed no summary
     */
    public Result run(long records, int recordSize) throws IOException, InterruptedException {
        List<String> command = JavaCommand.mainClass(System.getProperty("java.class.path"),
                "org.apache.kafka.tools.ProducerPerformance").maxHeap("512m").args(
                "--topic", topic, "--num-records", Long.toString(records), "--record-size",
                Integer.toString(recordSize), "--throughput", "-1", "--producer-props",
                "bootstrap.servers=" + bootstrapServers, "acks=all", "enable.idempotence=true",
                "compression.type=lz4", "linger.ms=5").build();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                output.add(line);
            }
        }
        int exit = process.waitFor();
        for (int i = output.size() - 1; i >= 0; i--) {
            Matcher m = SUMMARY.matcher(output.get(i));
            if (m.find()) {
                return new Result(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)),
                        Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)));
            }
        }
        throw new IllegalStateException("ProducerPerformance exited " + exit + " without a summary: "
                + String.join(" | ", output.subList(Math.max(0, output.size() - 5), output.size())));
    }
}
