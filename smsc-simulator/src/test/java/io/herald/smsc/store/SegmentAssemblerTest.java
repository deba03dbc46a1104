package io.herald.smsc.store;

import io.herald.smsc.ReceivedMessage;
import io.herald.smsc.codec.Concatenation;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SegmentAssemblerTest {

    private final SegmentAssembler assembler = new SegmentAssembler(2);

    private static MessagePart part(String id, String sender, String recipient, Concatenation c, String text) {
        return new MessagePart(id, "herald-1", recipient, sender, 1, 1, 0x01, c,
                text.getBytes(StandardCharsets.US_ASCII), Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void shouldCompleteASingleMessageAtOnce() {
        // when
        Optional<ReceivedMessage> message = assembler.add(part("a", "S", "+1", null, "single"));

        // then
        assertThat(message).hasValueSatisfying(m -> {
            assertThat(m.text()).isEqualTo("single");
            assertThat(m.segments()).isEqualTo(1);
        });
    }

    @Test
    void shouldKeepPartsOfDifferentRecipientsWithTheSameReferenceApart() {
        // given
        assembler.add(part("a1", "S", "+1", new Concatenation(7, 2, 1), "to one, "));
        assembler.add(part("b1", "S", "+2", new Concatenation(7, 2, 1), "to two, "));

        // when
        Optional<ReceivedMessage> one = assembler.add(part("a2", "S", "+1", new Concatenation(7, 2, 2), "done"));

        // then
        assertThat(one).hasValueSatisfying(m -> {
            assertThat(m.text()).isEqualTo("to one, done");
            assertThat(m.smscMessageIds()).containsExactly("a1", "a2");
        });
        assertThat(assembler.pendingCount()).isEqualTo(1);
    }

    @Test
    void shouldCountAPartReceivedTwiceOnlyOnce() {
        // given
        assembler.add(part("x1", "S", "+1", new Concatenation(9, 2, 1), "first "));

        // when
        Optional<ReceivedMessage> again = assembler.add(part("x1b", "S", "+1", new Concatenation(9, 2, 1), "first "));

        // then
        assertThat(again).isEmpty();
        assertThat(assembler.pendingCount()).isEqualTo(1);
    }

    @Test
    void shouldDropTheOldestIncompleteMessageBeyondTheLimit() {
        // given: room for 2 incomplete messages
        assembler.add(part("1", "S", "+1", new Concatenation(1, 2, 1), "a"));
        assembler.add(part("2", "S", "+1", new Concatenation(2, 2, 1), "b"));

        // when
        assembler.add(part("3", "S", "+1", new Concatenation(3, 2, 1), "c"));

        // then: reference 1 was dropped, so its second part starts over
        assertThat(assembler.pendingCount()).isEqualTo(2);
        assertThat(assembler.add(part("1b", "S", "+1", new Concatenation(1, 2, 2), "a"))).isEmpty();
    }
}
