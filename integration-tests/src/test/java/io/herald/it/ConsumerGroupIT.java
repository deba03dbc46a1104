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

/** Several dispatcher processes join one consumer group and split notify.requests' partitions between them. */
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

                // then each process is a member with partitions of its own, and all 12 are owned exactly once
                assertThat(group.members()).hasSize(HeraldTestStack.DISPATCHERS);
                List<TopicPartition> owned = new ArrayList<>();
                for (MemberDescription member : group.members()) {
                    assertThat(member.assignment().topicPartitions()).as("partitions of %s", member.clientId())
                            .isNotEmpty();
                    owned.addAll(member.assignment().topicPartitions());
                }
                assertThat(owned).doesNotHaveDuplicates().hasSize(Topics.DEFAULT_REQUESTS_PARTITIONS)
                        .allMatch(tp -> tp.topic().equals(Topics.REQUESTS));
            });
        }
    }
}
