package io.herald.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumberNormalizerTest {

    private final PhoneNumberNormalizer norway = new PhoneNumberNormalizer("NO");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "+4791234567      | +4791234567",
            "+47 912 34 567   | +4791234567",
            "+47-912-34-567   | +4791234567",
            "(+47) 912.34.567 | +4791234567",
            "0047 91234567    | +4791234567",
            "91234567         | +4791234567",
            "912 34 567       | +4791234567",
            "+44 7400 123456  | +447400123456",
            "0044 7400 123456 | +447400123456",
            "+1 (650) 253-0000 | +16502530000"
    })
    void shouldNormalizeValidNumbersToE164(String raw, String e164) {
        // given a number as a client may write it, with default region NO
        // when
        PhoneNumberNormalizer.Result result = norway.normalize(raw);

        // then
        assertThat(result.isValid()).as(result.reason()).isTrue();
        assertThat(result.e164()).isEqualTo(e164);
        assertThat(result.reason()).isNull();
    }

    @Test
    void shouldReadNationalNumbersInTheDefaultRegion() {
        // given the same national digits under two default regions
        PhoneNumberNormalizer britain = new PhoneNumberNormalizer("gb");

        // when
        PhoneNumberNormalizer.Result inBritain = britain.normalize("07400 123456");
        PhoneNumberNormalizer.Result inNorway = norway.normalize("07400 123456");

        // then the region decides
        assertThat(inBritain.e164()).isEqualTo("+447400123456");
        assertThat(inNorway.isValid()).isFalse();
    }

    @Test
    void shouldAcceptTheDoubleZeroPrefixWhereTheRegionsOwnPrefixDiffers() {
        // given a US default region, whose international prefix is 011
        PhoneNumberNormalizer us = new PhoneNumberNormalizer("US");

        // when
        PhoneNumberNormalizer.Result result = us.normalize("00 47 912 34 567");

        // then
        assertThat(result.e164()).isEqualTo("+4791234567");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "+999 1234567        | invalid country code",
            "hello               | not a phone number",
            "+47 9123 456        | wrong length for +47 numbers",
            "+47 9123 456789     | wrong length: too long for +47 numbers",
            "12345               | not a valid phone number",
            "+47 1234 5678       | not a valid phone number",
            "+4791234567 ext. 12 | extensions cannot receive messages",
            "+4                  | not a phone number",
            "+47 9123 4567 8901 2345 6789 | too long for a phone number"
    })
    void shouldRefuseInvalidNumbersWithAReason(String raw, String reason) {
        // given an invalid number
        // when
        PhoneNumberNormalizer.Result result = norway.normalize(raw);

        // then
        assertThat(result.isValid()).isFalse();
        assertThat(result.e164()).isNull();
        assertThat(result.reason()).isEqualTo(reason);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void shouldRefuseMissingNumbers(String raw) {
        assertThat(norway.normalize(raw).reason()).isEqualTo("missing phone number");
    }

    @Test
    void shouldRefuseAnUnknownDefaultRegion() {
        assertThatThrownBy(() -> new PhoneNumberNormalizer("XX"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown region 'XX'");
    }

    @Test
    void shouldNotPrintTheNumberInToString() {
        // given
        PhoneNumberNormalizer.Result result = norway.normalize("+4791234567");

        // then
        assertThat(result.toString()).doesNotContain("91234567");
    }
}
