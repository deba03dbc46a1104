package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.schema.SuppressionEntry;
import io.herald.schema.SuppressionKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A suppression list of 5,000,000 entries, written to the real broker, loads into a {@link
 * io.herald.schema.SuppressionList} in a JVM of its own with a 256 MiB heap (a third of the heap the k8s manifests
 * give a dispatcher): the list keeps its keys compactly ({@link io.herald.schema.SuppressionSet}), where a map of
 * entries (its form before) needed over 700 MiB and ended in OutOfMemoryError. Lookups still answer exactly.
 */
@ExtendWith(HeraldStackExtension.class)
class SuppressionListScaleIT {

    private static final int ENTRIES = 5_000_000;
    private static final int TOMBSTONES = 1_000;
    private static final String HEAP = "256m";

    @TempDir
    Path work;

    @Test
    void fiveMillionEntriesLoadWithinA256MiBHeap(HeraldTestStack stack) throws Exception {
        // given a compacted topic like notify.suppressions with 5,000,000 entries, a tenth of them a client's, and
        // the first 1,000 then removed again
        String topic = "it.suppressions.scale." + Long.toString(System.nanoTime(), 36);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get(30, TimeUnit.SECONDS);
            try {
                write(stack.bootstrapServers(), topic);

                // when a child JVM with a 256 MiB heap loads it, and looks up a removed, a shared, a client's and an
                // unknown recipient
                String output = probe(stack.bootstrapServers(), topic, recipient(0), recipient(ENTRIES - 2),
                        recipient(TOMBSTONES + 9), recipient(ENTRIES + 1));

                // then it loaded every live entry, answers exactly, and holds the list in well under its heap
                Matcher loaded = Pattern.compile("loaded entries=(\\d+) heapAfterGc=(\\d+) suppressed=(\\S+)")
                        .matcher(output);
                assertThat(loaded.find()).as(output).isTrue();
                System.out.println("SuppressionListScaleIT: " + loaded.group());
                assertThat(Integer.parseInt(loaded.group(1))).isEqualTo(ENTRIES - TOMBSTONES);
                assertThat(loaded.group(3)).isEqualTo("false,true,true,false");
                assertThat(Long.parseLong(loaded.group(2))).as("heap after GC, bytes").isLessThan(160L << 20);
            } finally {
                admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static String recipient(int i) {
        return "+4740" + (1_000_000 + i);
    }

    /** Entry i is shared, or client "shop"'s when i ends in 9 (as recipient(TOMBSTONES + 9) does). */
    private static String key(int i) {
        return SuppressionKeys.key(i % 10 == 9 ? "shop" : null, recipient(i));
    }

    private static void write(String bootstrapServers, String topic) throws Exception {
        byte[] value = new SuppressionEntry(recipient(0), SuppressionEntry.SOURCE_MO_STOP, null,
                Instant.parse("2026-12-06T10:00:00Z")).toJson();
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < ENTRIES + TOMBSTONES && failure.get() == null; i++) {
                String key = key(i < ENTRIES ? i : i - ENTRIES);
                producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                        i < ENTRIES ? value : null), (metadata, error) -> {
                            if (error != null) {
                                failure.compareAndSet(null, error);
                            }
                        });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private String probe(String bootstrapServers, String topic, String... recipients) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + HEAP, "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                SuppressionListProbe.class.getName(), bootstrapServers, topic));
        command.addAll(List.of(recipients));
        Path output = work.resolve("probe.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the probe did not end within 5 minutes: " + Files.readString(output));
        }
        String printed = Files.readString(output);
        assertThat(process.exitValue()).as("probe exit code; it printed: %s", printed).isZero();
        return printed;
    }
}
