package io.herald.harness.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.harness.ingest.Recipient;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ChaosBatchTest {

    @Test
    void everyMessageCarriesItsOwnIndexSoThatLossIsMeasurable() {
        // when
        List<Recipient> batch = ChaosBatch.recipients(2_000, new Random(1));

        // then
        assertThat(batch).hasSize(2_000);
        assertThat(batch).extracting(r -> r.vars().get("n")).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, 2_000)
                        .mapToObj(Integer::toString).toList());
    }

    @Test
    void mostRecipientsAreDistinctAndAFewGetSeveralMessages() {
        // when
        List<Recipient> batch = ChaosBatch.recipients(2_000, new Random(2));

        // then 2 recipients (1 per 1,000 messages) get 5 messages each, every other one exactly 1
        Map<String, Long> perRecipient = batch.stream()
                .collect(Collectors.groupingBy(Recipient::to, Collectors.counting()));
        assertThat(perRecipient.values().stream().filter(n -> n == ChaosBatch.MESSAGES_PER_REPEATED)).hasSize(2);
        assertThat(perRecipient.values().stream().filter(n -> n == 1)).hasSize(2_000 - 2 * 5);
        assertThat(perRecipient.keySet()).allMatch(to -> to.matches("\\+479\\d{7}"));
    }

    @Test
    void theSameSeedGivesTheSameBatch() {
        // when
        Function<Long, List<String>> numbers = seed -> ChaosBatch.recipients(100, new Random(seed)).stream()
                .map(Recipient::to).toList();

        // then
        assertThat(numbers.apply(7L)).isEqualTo(numbers.apply(7L)).isNotEqualTo(numbers.apply(8L));
    }
}
