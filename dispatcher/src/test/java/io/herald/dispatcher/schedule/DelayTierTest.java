package io.herald.dispatcher.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DelayTierTest {

    private static final List<DelayTier> TIERS = DelayTier.parseAll(List.of("1h", "5s", "1d", "1m", "10m"));

    @Test
    void tiersAreParsedWithTheirTopicsAndSortedShortestFirst() {
        assertThat(TIERS).extracting(DelayTier::name).containsExactly("5s", "1m", "10m", "1h", "1d");
        assertThat(TIERS).extracting(DelayTier::holdMs)
                .containsExactly(5_000L, 60_000L, 600_000L, 3_600_000L, 86_400_000L);
        assertThat(TIERS.get(4).topic()).isEqualTo("notify.requests.delay.1d");
    }

    @Test
    void theLongestTierThatDoesNotPassTheTimeIsChosen() {
        assertThat(DelayTier.choose(TIERS, 30L * 86_400_000L).name()).isEqualTo("1d");
        assertThat(DelayTier.choose(TIERS, 86_400_000L).name()).isEqualTo("1d");
        assertThat(DelayTier.choose(TIERS, 86_399_999L).name()).isEqualTo("1h");
        assertThat(DelayTier.choose(TIERS, 90_000L).name()).isEqualTo("1m");
        assertThat(DelayTier.choose(TIERS, 5_000L).name()).isEqualTo("5s");
    }

    @Test
    void aTimeShorterThanEveryTierWaitsInTheShortest() {
        assertThat(DelayTier.choose(TIERS, 1L).name()).isEqualTo("5s");
    }

    @Test
    void invalidListsAreRejected() {
        assertThatThrownBy(() -> DelayTier.parseAll(List.of())).hasMessageContaining("at least one");
        assertThatThrownBy(() -> DelayTier.parseAll(List.of("60s", "1m"))).hasMessageContaining("twice");
        assertThatThrownBy(() -> DelayTier.parseAll(List.of("5 s"))).hasMessageContaining("unit");
        assertThatThrownBy(() -> DelayTier.parseAll(List.of("0m"))).hasMessageContaining("longer than 0");
    }
}
