package io.herald.smsc.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ControlApiTest {

    @Test
    void shouldTakeAPlusInAQueryValueLiterally() {
        assertThat(ControlApi.parseQuery("recipient=+4791234567&heraldId=a%2Db"))
                .containsEntry("recipient", "+4791234567")
                .containsEntry("heraldId", "a-b");
    }

    @Test
    void shouldDecodeAPercentEncodedPlus() {
        assertThat(ControlApi.parseQuery("recipient=%2B4791234567")).containsEntry("recipient", "+4791234567");
    }

    @Test
    void shouldGiveNothingForNoQuery() {
        assertThat(ControlApi.parseQuery(null)).isEmpty();
    }
}
