package io.herald.smsc.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ShortMessageDecoderTest {

    @Test
    void shouldDecodeUnpackedGsm7WithTheExtensionTable() {
        // given: "@£€[" as septets, one per octet; € and [ are 0x1B escapes (3GPP TS 23.038 §6.2.1.1)
        byte[] septets = {0x00, 0x01, 0x1B, 0x65, 0x1B, 0x3C};

        // when / then
        assertThat(ShortMessageDecoder.decode(0x00, septets)).isEqualTo("@£€[");
    }

    @Test
    void shouldDecodeUcs2AsUtf16WithSurrogatePairs() {
        assertThat(ShortMessageDecoder.decode(0x08, "Hi 👋".getBytes(StandardCharsets.UTF_16BE))).isEqualTo("Hi 👋");
    }

    @Test
    void shouldDecodeLatin1() {
        assertThat(ShortMessageDecoder.decode(0x03, new byte[] {'K', 'r', (byte) 0xF8, 'n', 'e'})).isEqualTo("Krøne");
    }

    @Test
    void shouldDecodeIa5AsAscii() {
        assertThat(ShortMessageDecoder.decode(0x01, "plain".getBytes(StandardCharsets.US_ASCII))).isEqualTo("plain");
    }

    @Test
    void shouldGiveBinaryDataAsHex() {
        assertThat(ShortMessageDecoder.decode(0x04, new byte[] {0x0A, (byte) 0xFF})).isEqualTo("0aff");
    }

    @Test
    void shouldFollowTheAlphabetBitsOfTheMessageClassGroup() {
        // 0xF0: GSM 7-bit, class 0 (flash); 0xF4: 8-bit data, class 0
        assertThat(ShortMessageDecoder.decode(0xF0, new byte[] {0x48, 0x69})).isEqualTo("Hi");
        assertThat(ShortMessageDecoder.decode(0xF4, new byte[] {0x48, 0x69})).isEqualTo("4869");
    }

    @Test
    void shouldFollowTheAlphabetBitsOfTheGeneralDataCodingGroup() {
        // 0x18: general data coding, UCS2, no class
        assertThat(ShortMessageDecoder.decode(0x18, "ok".getBytes(StandardCharsets.UTF_16BE))).isEqualTo("ok");
    }
}
