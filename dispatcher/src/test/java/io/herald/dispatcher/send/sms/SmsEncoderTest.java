package io.herald.dispatcher.send.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SmsEncoderTest {

    private final SmsEncoder encoder = new SmsEncoder();

    @Test
    void gsmTextIsSentAsUnpackedSeptetsWithDataCodingZero() {
        // given / when
        EncodedSms sms = encoder.encode("Hello @ £$", 1);
        // then one septet per octet, GSM codes: '@' is 0x00, '£' is 0x01, '$' is 0x02
        assertThat(sms.dataCoding()).isEqualTo(SmsEncoder.DATA_CODING_GSM7);
        assertThat(sms.concatenated()).isFalse();
        assertThat(sms.parts()).hasSize(1);
        assertThat(sms.parts().get(0)).containsExactly('H', 'e', 'l', 'l', 'o', ' ', 0x00, ' ', 0x01, 0x02);
    }

    @Test
    void extensionCharactersAreEscapedAndCountTwoSeptets() {
        // given every extension-table character of 3GPP TS 23.038 §6.2.1.1
        String ext = "^{}\\[~]|€";
        // when
        EncodedSms sms = encoder.encode(ext, 1);
        // then each is 0x1B + code, 2 septets each
        assertThat(GsmSeptetCounter.count(ext)).isEqualTo(18);
        assertThat(sms.units()).isEqualTo(18);
        assertThat(sms.parts().get(0)).containsExactly(0x1B, 0x14, 0x1B, 0x28, 0x1B, 0x29, 0x1B, 0x2F, 0x1B, 0x3C,
                0x1B, 0x3D, 0x1B, 0x3E, 0x1B, 0x40, 0x1B, 0x65);
    }

    @Test
    void gsmSingleSegmentHolds160SeptetsAnd161NeedsTwo() {
        // given / when
        EncodedSms single = encoder.encode("a".repeat(160), 7);
        EncodedSms two = encoder.encode("a".repeat(161), 7);
        // then
        assertThat(single.segments()).isEqualTo(1);
        assertThat(single.concatenated()).isFalse();
        assertThat(single.parts().get(0)).hasSize(160);
        assertThat(two.segments()).isEqualTo(2);
        assertThat(two.concatenated()).isTrue();
        assertThat(two.parts().get(0)).hasSize(6 + 153);
        assertThat(two.parts().get(1)).hasSize(6 + 8);
    }

    @Test
    void extensionCharactersPushAGsmTextOverTheSingleSegmentLimit() {
        // given 158 plain characters and one '€' (2 septets) = 160 septets; another '€' makes 162
        String fits = "a".repeat(158) + "€";
        String overflows = "a".repeat(158) + "€€";
        // when / then
        assertThat(encoder.encode(fits, 1).segments()).isEqualTo(1);
        assertThat(encoder.encode(overflows, 1).segments()).isEqualTo(2);
    }

    @Test
    void concatenatedGsmPartsHoldAtMost153SeptetsAndCarryTheSameReference() {
        // given 3 x 153 septets
        String text = "x".repeat(459);
        // when
        EncodedSms sms = encoder.encode(text, 0xAB);
        // then 3 parts of 153 septets, UDH 05 00 03 AB 03 SEQ
        assertThat(sms.segments()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            byte[] part = sms.parts().get(i);
            assertThat(Arrays.copyOf(part, 6)).containsExactly(0x05, 0x00, 0x03, 0xAB, 0x03, i + 1);
            assertThat(part.length - 6).isEqualTo(153);
        }
    }

    @Test
    void neverSplitsAnEscapeSequenceAcrossGsmParts() {
        // given 152 plain characters then '€': the escape would be septet 153 and its code septet 154
        String text = "a".repeat(152) + "€" + "b".repeat(10);
        // when
        EncodedSms sms = encoder.encode(text, 1);
        // then part 1 ends before the escape (152 septets) and part 2 starts with 0x1B 0x65
        byte[] first = sms.parts().get(0);
        byte[] second = sms.parts().get(1);
        assertThat(first.length - 6).isEqualTo(152);
        assertThat(first[first.length - 1]).isNotEqualTo((byte) 0x1B);
        assertThat(second[6]).isEqualTo((byte) 0x1B);
        assertThat(second[7]).isEqualTo((byte) 0x65);
        // and nothing is lost: the parts hold all 165 septets
        assertThat(first.length - 6 + second.length - 6).isEqualTo(GsmSeptetCounter.count(text));
    }

    @Test
    void nonGsmTextIsUcs2WithDataCodingEight() {
        // given Cyrillic
        String text = "Привет";
        // when
        EncodedSms sms = encoder.encode(text, 1);
        // then UTF-16BE
        assertThat(sms.dataCoding()).isEqualTo(SmsEncoder.DATA_CODING_UCS2);
        assertThat(sms.parts().get(0)).isEqualTo(text.getBytes(StandardCharsets.UTF_16BE));
    }

    @Test
    void ucs2SingleSegmentHolds70UnitsAnd71NeedsTwoOf67() {
        // given / when
        EncodedSms single = encoder.encode("ж".repeat(70), 1);
        EncodedSms two = encoder.encode("ж".repeat(71), 1);
        // then
        assertThat(single.segments()).isEqualTo(1);
        assertThat(single.parts().get(0)).hasSize(140);
        assertThat(two.segments()).isEqualTo(2);
        assertThat(two.parts().get(0)).hasSize(6 + 67 * 2);
        assertThat(two.parts().get(1)).hasSize(6 + 4 * 2);
    }

    @Test
    void emojiCountsTwoUnitsAndIsNeverSplitAcrossParts() {
        // given 66 units then an emoji (a surrogate pair at units 67 and 68)
        String text = "ж".repeat(66) + "😀" + "ж".repeat(10);
        // when
        EncodedSms sms = encoder.encode(text, 1);
        // then the emoji counts two units, and part 1 stops before it (66 units)
        assertThat(sms.units()).isEqualTo(78);
        assertThat(sms.parts().get(0).length - 6).isEqualTo(66 * 2);
        String second = new String(sms.parts().get(1), 6, sms.parts().get(1).length - 6, StandardCharsets.UTF_16BE);
        assertThat(second).startsWith("😀");
        // and the parts reassemble to the text
        assertThat(reassembleUcs2(sms)).isEqualTo(text);
    }

    @Test
    void oneNonGsmCharacterMakesTheWholeTextUcs2() {
        // given GSM text with one emoji: 35 emoji-free chars + emoji = 37 units
        String text = "Your code is 123456, valid 5 min " + "🙂";
        // when
        EncodedSms sms = encoder.encode(text, 1);
        // then
        assertThat(sms.dataCoding()).isEqualTo(SmsEncoder.DATA_CODING_UCS2);
        assertThat(sms.segments()).isEqualTo(1);
    }

    @Test
    void emptyTextIsOneEmptyGsmSegment() {
        // given / when
        EncodedSms sms = encoder.encode("", 1);
        // then
        assertThat(sms.segments()).isEqualTo(1);
        assertThat(sms.parts().get(0)).isEmpty();
    }

    @Test
    void textNeedingMoreThan255SegmentsIsRefused() {
        // given 256 x 153 septets
        String text = "a".repeat(256 * 153);
        // when / then
        assertThatThrownBy(() -> encoder.encode(text, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("256 segments");
    }

    @Test
    void septetCounterRejectsCharactersOutsideTheAlphabet() {
        // given / when / then
        assertThat(GsmSeptetCounter.canEncode("Ünïcødé?")).isFalse();
        assertThat(GsmSeptetCounter.canEncode("ÄÖÜäöüß ÆØÅæøå")).isTrue();
        assertThat(GsmSeptetCounter.septets('€')).isEqualTo(2);
        assertThat(GsmSeptetCounter.septets('A')).isEqualTo(1);
        assertThat(GsmSeptetCounter.septets('ж')).isZero();
        assertThatThrownBy(() -> GsmSeptetCounter.count("ж")).isInstanceOf(IllegalArgumentException.class);
    }

    private static String reassembleUcs2(EncodedSms sms) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : sms.parts()) {
            out.write(part, 6, part.length - 6);
        }
        return out.toString(StandardCharsets.UTF_16BE);
    }
}
