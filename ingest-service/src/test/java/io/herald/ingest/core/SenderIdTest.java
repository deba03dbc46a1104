package io.herald.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SenderIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"HERALD", "H", "Herald2026X", "2222", "4791234567", "123456789012345", "+4791234567",
            "+123456789012345"})
    void shouldAcceptAlphanumericIdsShortCodesAndNumbers(String from) {
        assertThat(SenderId.problem(from)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"HERALD NEWS", "Herald2026XY", "HERALD!", "Ærlig", "1234567890123456", "+0123",
            "+1234567890123456", "+", " HERALD"})
    void shouldRefuseOtherSenderIds(String from) {
        assertThat(SenderId.problem(from)).isPresent();
    }
}
