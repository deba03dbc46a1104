package io.herald.ingest.resources;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class StreamSlotsTest {

    @Test
    void aClientGetsItsShareAndNoMoreAndAllClientsTheTotal() {
        StreamSlots slots = new StreamSlots(3, 2);
        Optional<StreamSlots.Slot> a1 = slots.acquire("a");
        Optional<StreamSlots.Slot> a2 = slots.acquire("a");
        assertThat(a1).isPresent();
        assertThat(a2).isPresent();
        assertThat(slots.acquire("a")).as("a's third").isEmpty();
        Optional<StreamSlots.Slot> b1 = slots.acquire("b");
        assertThat(b1).isPresent();
        assertThat(slots.acquire("c")).as("past the total").isEmpty();

        // a slot given back, twice, frees one
        a1.get().close();
        a1.get().close();
        assertThat(slots.taken()).isEqualTo(2);
        assertThat(slots.acquire("c")).isPresent();
        assertThat(slots.acquire("a")).as("the total again").isEmpty();
        b1.get().close();
        assertThat(slots.acquire("a")).isPresent();
        assertThat(slots.taken()).isEqualTo(3);
    }
}
