package io.herald.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cloudhopper.commons.charset.CharsetUtil;
import org.junit.jupiter.api.Test;

/** The table encoder against Cloudhopper's GSM charset, for every character of the alphabet. */
class GsmSeptetCounterTest {

    @Test
    void shouldEncodeEveryCharacterOfTheAlphabetAsCloudhopperDoes() {
        int encodable = 0;
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            if (GsmSeptetCounter.septets(c) > 0) {
                encodable++;
                all.append(c);
                String one = String.valueOf(c);
                assertThat(GsmSeptetCounter.encode(one)).as("U+%04X", (int) c)
                        .isEqualTo(CharsetUtil.CHARSET_GSM.encode(one))
                        .hasSize(GsmSeptetCounter.septets(c));
            }
        }
        // 127 of the default table (128 codes less the escape) and 10 of the extension table (§6.2.1.1)
        assertThat(encodable).isEqualTo(137);
        assertThat(GsmSeptetCounter.encode(all)).isEqualTo(CharsetUtil.CHARSET_GSM.encode(all.toString()));
    }

    @Test
    void shouldEscapeExtensionCharacters() {
        assertThat(GsmSeptetCounter.encode("a€{")).containsExactly(0x61, 0x1B, 0x65, 0x1B, 0x28);
        assertThat(GsmSeptetCounter.encode("")).isEmpty();
    }

    @Test
    void shouldRefuseACharacterOutsideTheAlphabet() {
        assertThatThrownBy(() -> GsmSeptetCounter.encode("ok \uD83D\uDD10"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+D83D");
    }
}
