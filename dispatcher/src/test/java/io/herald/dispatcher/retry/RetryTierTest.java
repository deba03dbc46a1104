package io.herald.dispatcher.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RetryTierTest {

    @Test
    void parsesEachUnitIntoDelayAndTopic() {
        assertThat(RetryTier.parseAll(List.of("500ms", "30s", "5m", "2h"))).containsExactly(
                new RetryTier("500ms", 500, "notify.requests.retry.500ms"),
                new RetryTier("30s", 30_000, "notify.requests.retry.30s"),
                new RetryTier("5m", 300_000, "notify.requests.retry.5m"),
                new RetryTier("2h", 7_200_000, "notify.requests.retry.2h"));
    }

    @Test
    void rejectsMissingUnitsZeroAndDuplicates() {
        assertThatThrownBy(() -> RetryTier.parse("30")).hasMessageContaining("unit");
        assertThatThrownBy(() -> RetryTier.parse("1.5m")).hasMessageContaining("unit");
        assertThatThrownBy(() -> RetryTier.parse("0s")).hasMessageContaining("longer than 0");
        assertThatThrownBy(() -> RetryTier.parseAll(List.of("30s", "30S"))).hasMessageContaining("twice");
    }

    @Test
    void emptyListMeansNoTiers() {
        assertThat(RetryTier.parseAll(List.of())).isEmpty();
    }
}
