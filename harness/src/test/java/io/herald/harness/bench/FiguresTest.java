package io.herald.harness.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class FiguresTest {

    @Test
    void shouldTakeTheMedianOfAnOddAndAnEvenNumberOfRuns() {
        assertThat(new Figures(List.of(3.0, 1.0, 2.0)).median()).isEqualTo(2.0);
        assertThat(new Figures(List.of(4.0, 1.0, 3.0, 2.0)).median()).isEqualTo(2.5);
        assertThat(new Figures(List.of(1500.0, 900.4, 1200.0)).cell()).isEqualTo("1,200 (900–1,500)");
        assertThatThrownBy(() -> new Figures(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldTakeNearestRankPercentiles() {
        List<Long> sorted = List.of(10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L, 90L, 100L);

        assertThat(Figures.percentile(sorted, 0.50)).isEqualTo(50);
        assertThat(Figures.percentile(sorted, 0.99)).isEqualTo(100);
        assertThat(Figures.percentile(sorted, 0.01)).isEqualTo(10);
        assertThat(Figures.percentile(List.of(7L), 0.999)).isEqualTo(7);
    }

    @Test
    void shouldCutABacklogIntoSlicesPartitionByPartition() {
        // given 300 requests: 200 in partition 0 from offset 1000, 100 in partition 1 from offset 50, none in 2
        TopicPartition p0 = new TopicPartition("notify.requests", 0);
        TopicPartition p1 = new TopicPartition("notify.requests", 1);
        TopicPartition p2 = new TopicPartition("notify.requests", 2);
        Backlog backlog = new Backlog(300, 10, Map.of(p0, 1000L, p1, 50L, p2, 7L), Map.of(p0, 200L, p1, 100L, p2, 0L));

        // then run 1 of 3 starts at the start, run 3 two thirds in, and 'after' skips in proportion
        assertThat(backlog.slice(1, 3)).isEqualTo(Map.of(p0, new OffsetAndMetadata(1000), p1,
                new OffsetAndMetadata(50), p2, new OffsetAndMetadata(7)));
        assertThat(backlog.slice(3, 3)).isEqualTo(Map.of(p0, new OffsetAndMetadata(1133), p1,
                new OffsetAndMetadata(116), p2, new OffsetAndMetadata(7)));
        assertThat(backlog.after(150)).isEqualTo(Map.of(p0, new OffsetAndMetadata(1100), p1,
                new OffsetAndMetadata(100), p2, new OffsetAndMetadata(7)));
        assertThat(backlog.sliceSize(3)).isEqualTo(100);
    }
}
