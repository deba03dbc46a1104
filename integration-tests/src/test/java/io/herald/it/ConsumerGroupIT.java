package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.schema.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Several dispatcher processes join one consumer group and split the partitions of the three priority lanes' topics
 * between them.
 */
@ExtendWith(HeraldStackExtension.class)
class ConsumerGroupIT {

    @Test
    void everyDispatcherProcessOwnsPartitionsAndTogetherTheyOwnAll(HeraldTestStack stack) {
        // given the test stack's dispatcher processes, one consumer group
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers()))) {
            // when the group has settled
            await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(HeraldTestStack.GROUP_ID))
                        .describedGroups().get(HeraldTestStack.GROUP_ID).get();

                // then each process is a member once per priority lane, each member with partitions of its own
                // lane's topic, and each lane's 12 are owned exactly once
                assertThat(group.members()).hasSize(HeraldTestStack.DISPATCHERS * Topics.REQUEST_LANES.size());
                List<TopicPartition> owned = new ArrayList<>();
                for (MemberDescription member : group.members()) {
                    assertThat(member.assignment().topicPartitions()).as("partitions of %s", member.clientId())
                            .isNotEmpty().extracting(TopicPartition::topic).containsOnly(member.assignment()
                                    .topicPartitions().iterator().next().topic());
                    owned.addAll(member.assignment().topicPartitions());
                }
                for (String lane : Topics.REQUEST_LANES) {
                    assertThat(owned.stream().filter(tp -> tp.topic().equals(lane))).as(lane).doesNotHaveDuplicates()
                            .hasSize(Topics.DEFAULT_REQUESTS_PARTITIONS);
                }
                assertThat(owned).allMatch(tp -> Topics.isRequestTopic(tp.topic()));
            });
        }
    }
}
