package io.herald.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SmsEncoderTest {

    /** The vectors of docs/sms.md: text, encoding, units, segments. */
    static Stream<Arguments> vectors() {
        return Stream.of(
                Arguments.of("160 GSM", "a".repeat(160), SmsEncoding.GSM7, 160, 1),
                Arguments.of("161 GSM", "a".repeat(161), SmsEncoding.GSM7, 161, 2),
                Arguments.of("306 GSM", "a".repeat(306), SmsEncoding.GSM7, 306, 2),
                Arguments.of("307 GSM", "a".repeat(307), SmsEncoding.GSM7, 307, 3),
                Arguments.of("159 a + euro", "a".repeat(159) + "€", SmsEncoding.GSM7, 161, 2),
                Arguments.of("158 a + euro", "a".repeat(158) + "€", SmsEncoding.GSM7, 160, 1),
                Arguments.of("159 a + brace", "a".repeat(159) + "{", SmsEncoding.GSM7, 161, 2),
                Arguments.of("153 euros", "€".repeat(153), SmsEncoding.GSM7, 306, 3),
                Arguments.of("Norwegian", "Hei Åse, ærlig talt: ØL?", SmsEncoding.GSM7, 24, 1),
                Arguments.of("70 UCS-2", "ж".repeat(70), SmsEncoding.UCS2, 70, 1),
                Arguments.of("71 UCS-2", "ж".repeat(71), SmsEncoding.UCS2, 71, 2),
                Arguments.of("134 UCS-2", "ж".repeat(134), SmsEncoding.UCS2, 134, 2),
                Arguments.of("135 UCS-2", "ж".repeat(135), SmsEncoding.UCS2, 135, 3),
                Arguments.of("35 emoji", "😀".repeat(35), SmsEncoding.UCS2, 70, 1),
                Arguments.of("67 emoji", "😀".repeat(67), SmsEncoding.UCS2, 134, 3),
                Arguments.of("empty", "", SmsEncoding.GSM7, 0, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void infoCountsEncodingUnitsAndSegmentsOfTheRealSplit(String name, String text, SmsEncoding encoding, int units,
                                                          int segments) {
        // given / when
        SmsInfo info = SmsEncoder.info(text);
        EncodedSms encoded = SmsEncoder.encode(text);
        // then the count is the vector's, and encode produced exactly that
        assertThat(info).isEqualTo(new SmsInfo(encoding, units, segments));
        assertThat(encoded.info()).isEqualTo(info);
        assertThat(encoded.payloads()).hasSize(segments);
        // and every payload fits its segment
        int max = segments == 1 ? encoding.singleUnits() : encoding.partUnits();
        for (byte[] payload : encoded.payloads()) {
            assertThat(encoding == SmsEncoding.GSM7 ? payload.length : payload.length / 2).isLessThanOrEqualTo(max);
        }
    }

    @Test
    void gsmTextIsSentAsUnpackedSeptetsWithDataCodingZero() {
        // given / when
        EncodedSms sms = SmsEncoder.encode("Hello @ £$");
        // then one septet per octet, GSM codes: '@' is 0x00, '£' is 0x01, '$' is 0x02
        assertThat(sms.dataCoding()).isEqualTo((byte) 0x00);
        assertThat(sms.concatenated()).isFalse();
        assertThat(sms.payloads().get(0)).containsExactly('H', 'e', 'l', 'l', 'o', ' ', 0x00, ' ', 0x01, 0x02);
    }

    @Test
    void extensionCharactersAreEscapedAndCountTwoSeptets() {
        // given every extension-table character of 3GPP TS 23.038 §6.2.1.1
        String ext = "^{}\\[~]|€";
        // when
        EncodedSms sms = SmsEncoder.encode(ext);
        // then each is 0x1B + code, 2 septets each
        assertThat(GsmSeptetCounter.count(ext)).isEqualTo(18);
        assertThat(GsmSeptetCounter.septets('\f')).isEqualTo(2);
        assertThat(sms.units()).isEqualTo(18);
        assertThat(sms.payloads().get(0)).containsExactly(0x1B, 0x14, 0x1B, 0x28, 0x1B, 0x29, 0x1B, 0x2F, 0x1B, 0x3C,
                0x1B, 0x3D, 0x1B, 0x3E, 0x1B, 0x40, 0x1B, 0x65);
    }

    @Test
    void anEscapeSequenceAtThe153SeptetBoundaryMovesWholeToTheNextPart() {
        // given 152 plain characters then '€': the escape would be septet 153 and its code septet 154
        String text = "a".repeat(152) + "€" + "b".repeat(10);
        // when
        EncodedSms sms = SmsEncoder.encode(text);
        // then part 1 holds 152 septets and part 2 starts with 0x1B 0x65
        byte[] first = sms.payloads().get(0);
        byte[] second = sms.payloads().get(1);
        assertThat(first).hasSize(152).doesNotContain(0x1B);
        assertThat(second[0]).isEqualTo((byte) 0x1B);
        assertThat(second[1]).isEqualTo((byte) 0x65);
        // and nothing is lost: the parts hold all 164 septets
        assertThat(first.length + second.length).isEqualTo(164).isEqualTo(sms.units());
    }

    @Test
    void anEmojiStraddlingThe67UnitSplitMovesWholeToTheNextPartAndEveryPartIsValidUtf16() throws Exception {
        // given 66 units then an emoji, a surrogate pair at units 67 and 68
        String text = "ж".repeat(66) + "😀" + "ж".repeat(10);
        // when
        EncodedSms sms = SmsEncoder.encode(text);
        // then the emoji counts two units, part 1 stops before it and part 2 starts with it
        assertThat(sms.info()).isEqualTo(new SmsInfo(SmsEncoding.UCS2, 78, 2));
        assertThat(sms.payloads().get(0)).hasSize(66 * 2);
        assertThat(strictUtf16(sms.payloads().get(1))).startsWith("😀");
        // and each part alone is well-formed UTF-16 (a lone surrogate would throw), and they join to the text
        StringBuilder joined = new StringBuilder();
        for (byte[] payload : sms.payloads()) {
            joined.append(strictUtf16(payload));
        }
        assertThat(joined.toString()).isEqualTo(text);
    }

    @Test
    void udhPartsCarry050003RefTotalSeqAndShareOneReference() {
        // given 3 x 153 septets
        EncodedSms sms = SmsEncoder.encode("x".repeat(459));
        // when
        List<byte[]> parts = sms.udhParts(0x1AB);
        // then 3 parts of 153 septets behind UDH 05 00 03 AB 03 SEQ (the reference's low 8 bits)
        assertThat(parts).hasSize(3);
        for (int i = 0; i < 3; i++) {
            byte[] part = parts.get(i);
            assertThat(Arrays.copyOf(part, 6)).containsExactly(0x05, 0x00, 0x03, 0xAB, 0x03, i + 1);
            assertThat(Arrays.copyOfRange(part, 6, part.length)).isEqualTo(sms.payloads().get(i)).hasSize(153);
        }
    }

    @Test
    void aSingleSegmentGetsNoUdh() {
        // given / when
        EncodedSms sms = SmsEncoder.encode("a".repeat(160));
        // then
        assertThat(sms.udhParts(7)).hasSize(1);
        assertThat(sms.udhParts(7).get(0)).hasSize(160);
    }

    @Test
    void ucs2IsUtf16BigEndianWithDataCodingEight() {
        // given Greek lower case, which the GSM alphabet lacks (it has only some capitals)
        String text = "καλημέρα";
        // when
        EncodedSms sms = SmsEncoder.encode(text);
        // then
        assertThat(sms.dataCoding()).isEqualTo((byte) 0x08);
        assertThat(sms.payloads().get(0)).isEqualTo(text.getBytes(StandardCharsets.UTF_16BE));
    }

    @Test
    void oneNonGsmCharacterMakesTheWholeTextUcs2() {
        // given GSM text with one emoji: 33 characters + a surrogate pair
        String text = "Your code is 123456, valid 5 min " + "🙂";
        // when / then
        assertThat(SmsEncoder.info(text)).isEqualTo(new SmsInfo(SmsEncoding.UCS2, 35, 1));
    }

    @Test
    void textNeedingMoreThan255SegmentsIsRefusedByEncodeButCountedByInfo() {
        // given 256 x 153 septets
        String text = "a".repeat(256 * 153);
        // when / then
        assertThat(SmsEncoder.info(text).segments()).isEqualTo(256);
        assertThatThrownBy(() -> SmsEncoder.encode(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("256 segments");
    }

    @Test
    void septetCounterKnowsTheDefaultAlphabetAndTheExtensionTable() {
        // given / when / then
        assertThat(GsmSeptetCounter.canEncode("Ünïcødé?")).isFalse();
        assertThat(GsmSeptetCounter.canEncode("ÄÖÜäöüß ÆØÅæøå")).isTrue();
        assertThat(GsmSeptetCounter.canEncode("ΔΦΓΛΩΠΨΣΘΞ")).isTrue();
        assertThat(GsmSeptetCounter.canEncode("α")).isFalse();
        assertThat(GsmSeptetCounter.septets('{')).isEqualTo(2);
        assertThat(GsmSeptetCounter.septets('€')).isEqualTo(2);
        assertThat(GsmSeptetCounter.septets('A')).isEqualTo(1);
        assertThat(GsmSeptetCounter.septets('ж')).isZero();
        assertThatThrownBy(() -> GsmSeptetCounter.count("ж")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void describeIsTheSmsInfoLine() {
        // given / when / then
        assertThat(SmsEncoder.info("a".repeat(161)).describe()).isEqualTo("encoding=GSM7 units=161 segments=2");
    }

    private static String strictUtf16(byte[] octets) throws CharacterCodingException {
        return StandardCharsets.UTF_16BE.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(octets)).toString();
    }

}
