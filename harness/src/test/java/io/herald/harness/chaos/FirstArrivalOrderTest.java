package io.herald.harness.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FirstArrivalOrderTest {

    private static Arrival arrival(String messageId, String recipient) {
        return new Arrival(messageId, recipient, "2026-12-06T00:00:00Z");
    }

    private static final Map<String, Long> OFFSETS = Map.of("a1", 10L, "a2", 11L, "a3", 12L, "b1", 5L, "b2", 6L);

    @Test
    void firstArrivalsInOffsetOrderAreFineAndAReSendAfterASuccessorIsAllowed() {
        // given a's messages in order, then a2 again (a re-send after a crash), and b's interleaved
        List<Arrival> arrivals = List.of(arrival("a1", "47"), arrival("b1", "46"), arrival("a2", "47"),
                arrival("a3", "47"), arrival("a2", "47"), arrival("b2", "46"), arrival("x", "47"));
        // then no recipient is misordered
        assertThat(FirstArrivalOrder.misorderedRecipients(arrivals, OFFSETS)).isZero();
    }

    @Test
    void aMessageArrivingForTheFirstTimeAfterALaterOneIsCounted() {
        // given a3 before a2, each for the first time
        List<Arrival> arrivals = List.of(arrival("a1", "47"), arrival("a3", "47"), arrival("a2", "47"),
                arrival("b1", "46"), arrival("b2", "46"));
        // then recipient 47 is misordered, 46 is not
        assertThat(FirstArrivalOrder.misorderedRecipients(arrivals, OFFSETS)).isEqualTo(1);
    }
}
