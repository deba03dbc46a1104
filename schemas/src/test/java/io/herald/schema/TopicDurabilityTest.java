package io.herald.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** min.insync.replicas follows the replication factor: one replica may be down, and an ack means two have it. */
class TopicDurabilityTest {

    @Test
    void minInsyncReplicasIsOneLessThanTheReplicationFactorAndAtLeastOne() {
        assertThat(TopicSetup.Durability.of(1)).isEqualTo(new TopicSetup.Durability((short) 1, 1));
        assertThat(TopicSetup.Durability.of(2)).isEqualTo(new TopicSetup.Durability((short) 2, 1));
        assertThat(TopicSetup.Durability.of(3)).isEqualTo(new TopicSetup.Durability((short) 3, 2));
        assertThat(TopicSetup.Durability.of(5).topicConfigs()).containsEntry("min.insync.replicas", "4");
    }

    @Test
    void refusesAMinimumNoReplicaSetCanMeet() {
        assertThatThrownBy(() -> new TopicSetup.Durability((short) 2, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TopicSetup.Durability((short) 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TopicSetup.Durability((short) 3, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
