package io.herald.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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

    @Test
    void withAHashKeyNoSubscriberDigitIsShownAndTheSameRecipientMasksAlike() {
        byte[] key = "a-log-key-of-at-least-16-bytes".getBytes(StandardCharsets.UTF_8);

        String masked = PiiMask.recipient("+4791234567", key);

        assertThat(masked).matches("\\+47#[0-9a-f]{10}");
        assertThat(PiiMask.recipient("+4791234567", key)).isEqualTo(masked);
        assertThat(PiiMask.recipient("+4791234568", key)).isNotEqualTo(masked);
        assertThat(PiiMask.recipient("+4791234567", "another-key-of-16-bytes-or-more".getBytes(
                StandardCharsets.UTF_8))).isNotEqualTo(masked);
        assertThat(PiiMask.recipient("Ola@Example.com", key)).matches("#[0-9a-f]{10}@Example\\.com")
                .startsWith(PiiMask.recipient("ola@example.com", key).substring(0, 11));
        assertThat(PiiMask.recipient("12345", key)).matches("#[0-9a-f]{10}");
        assertThat(PiiMask.recipient(null, key)).isEqualTo("null");
    }
}
