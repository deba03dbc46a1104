package io.herald.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SenderIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"HERALD", "H", "Herald2026X", "HERALD NEWS", "HERALD!", "Ærlig AS", "Øl&Mat", "2222",
            "12345678", "1", "+4791234567", "+123456789012345", "+47abc"})
    void shouldAcceptGsmAlphanumericIdsShortCodesAndE164Numbers(String from) {
        assertThat(SenderId.problem(from)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"Herald2026XY", "HERALD NEWS!", "Herald€", "Herald{}", "Ünïcødé", "αβγ", "😀",
            "123456789", "4791234567", "+0123", "+1234567890123456", " HERALD", "HERALD ", "   ", "A\nB"})
    void shouldRefuseOtherSenderIds(String from) {
        assertThat(SenderId.problem(from)).isPresent();
    }

    @Test
    void shouldTellThatALongDigitOnlySenderNeedsAPlus() {
        // given a national-looking number without +
        // when / then
        assertThat(SenderId.problem("4791234567")).hasValueSatisfying(detail ->
                assertThat(detail).contains("10 digits").contains("E.164").contains("+"));
    }
}
