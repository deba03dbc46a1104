package io.herald.smsc.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.smsc.ReceivedMessage;
import io.herald.smsc.codec.Concatenation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SegmentAssemblerTest {

    private final SegmentAssembler assembler = new SegmentAssembler(2);

    private static MessagePart part(String id, String sender, String recipient, Concatenation c, String text) {
        return new MessagePart(id, "herald-1", recipient, sender, 1, 1, 0x01, c,
                text.getBytes(StandardCharsets.US_ASCII), Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static MessagePart part(int dataCoding, Concatenation c, byte[] userData) {
        return new MessagePart("id-" + c.segmentNumber(), "herald-1", "+1", "S", 1, 1, dataCoding, c, userData,
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void shouldReassembleSarPartsInAnyOrderAndSayTheyCameBySar() {
        // given a UCS-2 text in two parts tied by SAR TLVs (16-bit reference)
        byte[] first = "καλη".getBytes(StandardCharsets.UTF_16BE);
        byte[] second = "μέρα 😀".getBytes(StandardCharsets.UTF_16BE);
        // when the second part arrives first
        assertThat(assembler.add(part(8, new Concatenation(0xBEEF, 2, 2, Concatenation.Via.SAR), second))).isEmpty();
        Optional<ReceivedMessage> message = assembler.add(part(8, new Concatenation(0xBEEF, 2, 1,
                Concatenation.Via.SAR), first));
        // then
        assertThat(message).hasValueSatisfying(m -> {
            assertThat(m.text()).isEqualTo("καλημέρα 😀");
            assertThat(m.segments()).isEqualTo(2);
            assertThat(m.dataCoding()).isEqualTo(8);
            assertThat(m.concatenation()).isEqualTo("sar");
            assertThat(m.anomalies()).isEmpty();
        });
    }

    @Test
    void shouldReportMixedDataCodingAndAnOverlongGsmPart() {
        // given part 1 GSM 7-bit with 154 septets, part 2 UCS-2
        byte[] septets = "a".repeat(154).getBytes(StandardCharsets.US_ASCII);
        assembler.add(part(0, new Concatenation(5, 2, 1), septets));
        // when
        Optional<ReceivedMessage> message = assembler.add(part(8, new Concatenation(5, 2, 2),
                "ж".getBytes(StandardCharsets.UTF_16BE)));
        // then
        assertThat(message).hasValueSatisfying(m -> assertThat(m.anomalies()).containsExactly(
                "part 1 has 154 septets, more than 153", "part 2 has data_coding 8, part 1 has 0"));
    }

    @Test
    void shouldReportAGsmEscapeSplitOverTwoParts() {
        // given part 1 ends with the escape 0x1B, part 2 starts with the code of '€' (0x65)
        assembler.add(part(0, new Concatenation(6, 2, 1), new byte[] {'a', 0x1B}));
        // when
        Optional<ReceivedMessage> message = assembler.add(part(0, new Concatenation(6, 2, 2), new byte[] {0x65}));
        // then still reassembled to the text, and the split reported
        assertThat(message).hasValueSatisfying(m -> {
            assertThat(m.text()).isEqualTo("a€");
            assertThat(m.concatenation()).isEqualTo("udh");
            assertThat(m.anomalies()).containsExactly("part 1 ends inside a GSM escape sequence");
        });
    }

    @Test
    void shouldCompleteASingleMessageAtOnce() {
        // when
        Optional<ReceivedMessage> message = assembler.add(part("a", "S", "+1", null, "single"));

        // then
        assertThat(message).hasValueSatisfying(m -> {
            assertThat(m.text()).isEqualTo("single");
            assertThat(m.segments()).isEqualTo(1);
            assertThat(m.concatenation()).isEqualTo("none");
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
