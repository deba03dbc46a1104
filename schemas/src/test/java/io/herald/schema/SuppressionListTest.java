package io.herald.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** SuppressionList against Kafka's MockConsumer: initial load to the end offsets, tombstones, live additions. */
class SuppressionListTest {

    private static final TopicPartition P0 = new TopicPartition(Topics.SUPPRESSIONS, 0);
    private static final TopicPartition P1 = new TopicPartition(Topics.SUPPRESSIONS, 1);
    private static final Instant AT = Instant.parse("2026-11-27T10:00:00Z");

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final SuppressionList list = new SuppressionList(consumer, Topics.SUPPRESSIONS);

    private void topicWithEnds(long end0, long end1) {
        consumer.updatePartitions(Topics.SUPPRESSIONS, List.of(
                new PartitionInfo(Topics.SUPPRESSIONS, 0, null, null, null),
                new PartitionInfo(Topics.SUPPRESSIONS, 1, null, null, null)));
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.updateEndOffsets(Map.of(P0, end0, P1, end1));
    }

    private static ConsumerRecord<byte[], byte[]> add(TopicPartition tp, long offset, String recipient) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, recipient.getBytes(StandardCharsets.UTF_8),
                new SuppressionEntry(recipient, SuppressionEntry.SOURCE_API, null, AT).toJson());
    }

    private static ConsumerRecord<byte[], byte[]> tombstone(TopicPartition tp, long offset, String recipient) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, recipient.getBytes(StandardCharsets.UTF_8),
                null);
    }

    @Test
    void isLoadedOnlyOnceEveryPartitionWasReadToItsEndOffset() {
        // given two partitions holding 2 and 1 entries
        topicWithEnds(2, 1);
        list.assignAll();
        assertThat(list.isLoaded()).isFalse();
        // when only partition 0 was read
        consumer.addRecord(add(P0, 0, "+4791234567"));
        consumer.addRecord(add(P0, 1, "+4791234568"));
        list.pollOnce();
        // then its entries count but the list is not loaded yet
        assertThat(list.isSuppressed("+4791234567")).isTrue();
        assertThat(list.isSuppressed("+4791234568")).isTrue();
        assertThat(list.isLoaded()).isFalse();
        assertThat(list.state()).isEqualTo("LOADING");
        // when partition 1 was read too
        consumer.addRecord(add(P1, 0, "+4791234569"));
        list.pollOnce();
        // then it is loaded
        assertThat(list.isLoaded()).isTrue();
        assertThat(list.state()).isEqualTo("LOADED");
        assertThat(list.size()).isEqualTo(3);
        assertThat(list.isSuppressed("+4798765432")).isFalse();
        assertThat(list.isSuppressed(null)).isFalse();
    }

    @Test
    void anEmptyTopicIsLoadedAtOnce() {
        topicWithEnds(0, 0);

        list.assignAll();

        assertThat(list.isLoaded()).isTrue();
        assertThat(list.size()).isZero();
    }

    @Test
    void aTombstoneRemovesTheRecipient() {
        // given a loaded list with one entry
        topicWithEnds(1, 0);
        list.assignAll();
        consumer.addRecord(add(P0, 0, "+4791234567"));
        list.pollOnce();
        assertThat(list.isSuppressed("+4791234567")).isTrue();
        // when a tombstone for it arrives
        consumer.addRecord(tombstone(P0, 1, "+4791234567"));
        list.pollOnce();
        // then it is no longer suppressed
        assertThat(list.isSuppressed("+4791234567")).isFalse();
        assertThat(list.size()).isZero();
    }

    @Test
    void anUnreadableValueStillSuppressesItsKey() {
        topicWithEnds(1, 0);
        list.assignAll();
        consumer.addRecord(new ConsumerRecord<>(Topics.SUPPRESSIONS, 0, 0,
                "+4791234567".getBytes(StandardCharsets.UTF_8), "not json".getBytes(StandardCharsets.UTF_8)));

        list.pollOnce();

        assertThat(list.isSuppressed("+4791234567")).isTrue();
        assertThat(list.isLoaded()).isTrue();
    }

    @Test
    void eachOwnersEntryIsItsOwnAndATombstoneRemovesOnlyItsKeysEntry() {
        // given a shared entry (an MO STOP) and two clients' entries for one recipient
        topicWithEnds(3, 0);
        list.assignAll();
        consumer.addRecord(add(P0, 0, "+4791234567"));
        consumer.addRecord(owned(P0, 1, "shop", "+4791234567"));
        consumer.addRecord(owned(P0, 2, "bank", "+4791234567"));
        list.pollOnce();
        assertThat(list.size()).isEqualTo(3);
        assertThat(list.entries().count("shop")).isEqualTo(1);
        assertThat(list.entries().count(null)).isEqualTo(1);
        // when the shared and shop's entries are tombstoned
        consumer.addRecord(tombstone(P0, 3, "+4791234567"));
        consumer.addRecord(tombstone(P0, 4, "shop +4791234567"));
        list.pollOnce();
        // then bank's entry still suppresses the recipient
        assertThat(list.isSuppressed("+4791234567")).isTrue();
        assertThat(list.entries().contains("bank", "+4791234567")).isTrue();
        assertThat(list.entries().contains("shop", "+4791234567")).isFalse();
        assertThat(list.entries().contains(null, "+4791234567")).isFalse();
        assertThat(list.entries().count("shop")).isZero();
        // and when bank's goes too, nothing does
        consumer.addRecord(tombstone(P0, 5, "bank +4791234567"));
        list.pollOnce();
        assertThat(list.isSuppressed("+4791234567")).isFalse();
        assertThat(list.size()).isZero();
    }

    @Test
    void aKeyThatNamesNoRecipientIsSkipped() {
        topicWithEnds(2, 0);
        list.assignAll();
        consumer.addRecord(new ConsumerRecord<>(Topics.SUPPRESSIONS, 0, 0,
                "shop two words".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8)));
        consumer.addRecord(new ConsumerRecord<>(Topics.SUPPRESSIONS, 0, 1, null,
                "{}".getBytes(StandardCharsets.UTF_8)));

        list.pollOnce();

        assertThat(list.size()).isZero();
        assertThat(list.isLoaded()).isTrue();
    }

    private static ConsumerRecord<byte[], byte[]> owned(TopicPartition tp, long offset, String clientId,
                                                        String recipient) {
        SuppressionEntry entry = new SuppressionEntry(recipient, SuppressionEntry.SOURCE_API, null, AT, clientId);
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, entry.key(), entry.toJson());
    }

    @Test
    void runningListLoadsAndSeesALiveAdditionWellWithinFiveSeconds() throws Exception {
        // given a topic with one entry and the list running on its own thread
        topicWithEnds(1, 0);
        consumer.schedulePollTask(() -> consumer.addRecord(add(P0, 0, "+4791234567")));
        Thread thread = new Thread(list, "suppression-list-test");
        thread.start();
        try {
            // then it loads
            assertThat(list.awaitLoaded(5000)).isTrue();
            assertThat(list.isSuppressed("+4791234567")).isTrue();
            // when a suppression is added while it runs
            consumer.schedulePollTask(() -> consumer.addRecord(add(P1, 0, "+4798765432")));
            // then it is seen well within 5 s
            await().atMost(Duration.ofSeconds(2))
                    .untilAsserted(() -> assertThat(list.isSuppressed("+4798765432")).isTrue());
        } finally {
            list.stop();
            thread.join(5000);
        }
        // and stop() ends the thread and closes the consumer
        assertThat(thread.isAlive()).isFalse();
        assertThat(consumer.closed()).isTrue();
    }
}
