package io.herald.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PiiMaskTest {

    @Test
    void masksTheMiddleOfAnE164Number() {
        assertThat(PiiMask.recipient("+4791234567")).isEqualTo("+47912****67");
    }

    @Test
    void keepsOnlyTheFirstLetterOfAnEmailLocalPart() {
        assertThat(PiiMask.recipient("ola.nordmann@example.com")).isEqualTo("o***@example.com");
    }

    @Test
    void hidesShortValuesWhole() {
        assertThat(PiiMask.recipient("12345")).isEqualTo("****");
        assertThat(PiiMask.recipient(null)).isEqualTo("null");
    }

    @Test
    void neverReturnsTheNumberInClear() {
        String number = "+447700900123";
        assertThat(PiiMask.recipient(number)).doesNotContain(number).doesNotContain("0900");
    }
}
