package io.herald.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrioritiesTest {

    @Test
    void namesParseInAnyCaseAndMapToTheirLanesTopics() {
        assertThat(Priorities.parse(" High ")).contains(PriorityLane.HIGH);
        assertThat(Priorities.parse("normal")).contains(PriorityLane.NORMAL);
        assertThat(Priorities.parse("BULK")).contains(PriorityLane.BULK);
        assertThat(Priorities.parse("urgent")).isEmpty();
        assertThat(Priorities.parse(null)).isEmpty();
        assertThat(Priorities.name(null)).isEqualTo("normal");
        assertThat(Priorities.name(PriorityLane.BULK)).isEqualTo("bulk");

        assertThat(Topics.requestsTopic(null)).isEqualTo(Topics.REQUESTS);
        assertThat(Topics.requestsTopic(PriorityLane.HIGH)).isEqualTo("notify.requests.high");
        assertThat(Topics.requestsTopic(PriorityLane.BULK)).isEqualTo("notify.requests.bulk");
        assertThat(Topics.REQUEST_LANES).allMatch(Topics::isRequestTopic).hasSize(3);
        assertThat(Topics.isRequestTopic(Topics.HELD)).isFalse();
    }
}
