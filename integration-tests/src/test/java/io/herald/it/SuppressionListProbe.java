package io.herald.it;

import io.herald.schema.SuppressionList;
import java.lang.management.ManagementFactory;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A child JVM for {@link SuppressionListScaleIT}: loads a suppression topic into a {@link SuppressionList}, as a
 * dispatcher does, then prints one line
 * {@code loaded entries=N heapAfterGc=BYTES suppressed=true,false,…} (one flag per recipient argument) and exits 0.
 *
 * <p>Arguments: bootstrap servers, topic, then the recipients to look up.
 */
public final class SuppressionListProbe {

    private SuppressionListProbe() {
    }

    /**
     * @param args bootstrap servers, topic, recipients
     * @throws InterruptedException if interrupted while loading
     */
    public static void main(String[] args) throws InterruptedException {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0],
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        SuppressionList list = new SuppressionList(consumer, args[1]);
        Thread reader = new Thread(list, "suppression-list");
        reader.start();
        if (!list.awaitLoaded(300_000)) {
            System.out.println("not loaded within 300 s: " + list.size() + " entries");
            System.exit(3);
        }
        StringBuilder flags = new StringBuilder();
        for (int i = 2; i < args.length; i++) {
            flags.append(i == 2 ? "" : ",").append(list.isSuppressed(args[i]));
        }
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.println("loaded entries=" + list.size() + " heapAfterGc=" + heap + " suppressed=" + flags);
        list.stop();
        reader.join(10_000);
    }
}
