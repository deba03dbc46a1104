package io.herald.it;

import io.herald.schema.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer group's progress on {@code notify.requests} as the broker sees it, through the Admin API: log end
 * offsets ({@code listOffsets(latest)}), the group's committed offsets ({@code listConsumerGroupOffsets}) and its
 * members ({@code describeConsumerGroups}).
 */
final class GroupOffsets {

    private final Admin admin;
    private final String groupId;

    GroupOffsets(Admin admin, String groupId) {
        this.admin = admin;
        this.groupId = groupId;
    }

    /** @return the partitions of {@code notify.requests} */
    List<TopicPartition> partitions() throws ExecutionException, InterruptedException {
        return admin.describeTopics(List.of(Topics.REQUESTS)).allTopicNames().get().get(Topics.REQUESTS)
                .partitions().stream().map(p -> new TopicPartition(Topics.REQUESTS, p.partition())).toList();
    }

    /** @return the log end offset of every partition of {@code notify.requests} */
    Map<TopicPartition, Long> endOffsets() throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicPartition tp : partitions()) {
            latest.put(tp, OffsetSpec.latest());
        }
        Map<TopicPartition, Long> ends = new TreeMap<>(GroupOffsets::compare);
        admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /** @return the group's committed offset per partition of {@code notify.requests}; absent if none committed */
    Map<TopicPartition, Long> committed() throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, Long> committed = new TreeMap<>(GroupOffsets::compare);
        offsets.forEach((tp, om) -> {
            if (om != null && tp.topic().equals(Topics.REQUESTS)) {
                committed.put(tp, om.offset());
            }
        });
        return committed;
    }

    /**
     * @return per partition, log end offset minus committed offset (the whole log when nothing was committed)
     */
    Map<TopicPartition, Long> lag() throws ExecutionException, InterruptedException {
        Map<TopicPartition, Long> committed = committed();
        Map<TopicPartition, Long> lag = new TreeMap<>(GroupOffsets::compare);
        endOffsets().forEach((tp, end) -> lag.put(tp, end - committed.getOrDefault(tp, 0L)));
        return lag;
    }

    /**
     * Commits the log end offsets of the three priority lanes' topics for the group, which must have no members: a
     * new group then starts where the topics end now, without re-reading what earlier tests wrote.
     */
    void startAtEnd() throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(Topics.REQUEST_LANES).allTopicNames().get().forEach((topic, description) ->
                description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()),
                        OffsetSpec.latest())));
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) -> offsets.put(tp,
                new OffsetAndMetadata(info.offset())));
        admin.alterConsumerGroupOffsets(groupId, offsets).all().get();
    }

    /** @return the group's members, by Kafka client id, with the partitions assigned to each */
    Map<String, Set<TopicPartition>> members() throws ExecutionException, InterruptedException {
        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId)).describedGroups()
                .get(groupId).get();
        Map<String, Set<TopicPartition>> members = new TreeMap<>();
        for (MemberDescription member : group.members()) {
            members.put(member.clientId(), Set.copyOf(member.assignment().topicPartitions()));
        }
        return members;
    }

    /** @return {@code members()} with only the partition numbers, for messages */
    static String describe(Map<String, Set<TopicPartition>> members) {
        return members.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().stream()
                        .map(TopicPartition::partition).sorted().toList())
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static int compare(TopicPartition a, TopicPartition b) {
        int byTopic = a.topic().compareTo(b.topic());
        return byTopic != 0 ? byTopic : Integer.compare(a.partition(), b.partition());
    }
}
