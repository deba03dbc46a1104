package io.herald.cli.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.herald.cli.RecipientsCsv;
import io.herald.harness.ingest.Recipient;
import io.herald.local.HeraldHome;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks the committed {@code samples/recipients.csv} against what the demo and its docs promise. */
class RecipientsCsvSampleTest {

    /** The ingest-service's default region: numbers without a country code are Norwegian. */
    private static final String DEFAULT_REGION = "NO";
    private static final PhoneNumberUtil PHONE = PhoneNumberUtil.getInstance();

    private static List<Recipient> rows;
    private static List<String> phones;
    private static List<String> names;

    @BeforeAll
    static void readSample() {
        Path file = HeraldHome.locate().root().resolve("samples/recipients.csv");
        rows = RecipientsCsv.read(file, 0);
        phones = rows.stream().map(Recipient::to).toList();
        names = rows.stream().map(r -> r.vars().get("name")).toList();
    }

    @Test
    void sampleHasAtLeastTenThousandRowsWithNameAndCode() {
        // given the committed sample, when read as the demo reads it, then
        assertThat(rows).hasSizeGreaterThanOrEqualTo(10_000);
        assertThat(rows).extracting(r -> r.vars().keySet()).containsOnly(Set.of("name", "code"));
        assertThat(names).noneMatch(String::isBlank);
        assertThat(rows).extracting(r -> r.vars().get("code")).allMatch(code -> code.matches("\\d{6}"));
    }

    @Test
    void exactlyTheListedInvalidRowsAreInvalidAndAllOthersValid() {
        // given the numbers the generator made invalid on purpose
        Set<String> invalidOnPurpose = Set.copyOf(RecipientsCsvGenerator.INVALID_PHONES);

        // when each row is parsed as ingest parses it (default region NO)
        List<String> invalid = rows.stream().map(Recipient::to).filter(to -> parse(to).isEmpty()).toList();

        // then the invalid ones are exactly those, 5 to 20 of them
        assertThat(invalid).containsExactlyInAnyOrderElementsOf(RecipientsCsvGenerator.INVALID_PHONES);
        assertThat(invalidOnPurpose).hasSizeBetween(5, 20);
    }

    @Test
    void validNumbersComeFromAtLeastFiveCountriesAndAreUnique() {
        // when
        List<PhoneNumber> valid = rows.stream().map(r -> parse(r.to())).flatMap(Optional::stream).toList();
        Set<String> regions = valid.stream().map(PHONE::getRegionCodeForNumber).collect(Collectors.toSet());
        Set<String> e164 = valid.stream().map(n -> PHONE.format(n, PhoneNumberUtil.PhoneNumberFormat.E164))
                .collect(Collectors.toSet());

        // then
        assertThat(regions).hasSizeGreaterThanOrEqualTo(5).contains("NO", "SE", "DE", "GB", "US");
        assertThat(e164).hasSameSizeAs(valid);
    }

    @Test
    void numbersAreWrittenInMixedNationalAndInternationalFormats() {
        // then: Norwegian national format (no country code), 00-prefixed and +-prefixed international numbers
        assertThat(phones).anyMatch(to -> to.matches("\\d{3} \\d{2} \\d{3}"));
        assertThat(phones).anyMatch(to -> to.matches("\\d{8}"));
        assertThat(phones).anyMatch(to -> to.startsWith("0046 "));
        assertThat(phones).anyMatch(to -> to.startsWith("+49 ("));
        assertThat(phones).anyMatch(to -> to.startsWith("+1 ") && to.contains("-"));
    }

    @Test
    void someNamesNeedUcs2AndSomeFitTheGsmAlphabet() {
        // when
        long ucs2 = names.stream().filter(name -> !Gsm7Alphabet.canEncode(name)).count();

        // then: names in Greek lower case, Cyrillic, Arabic, Devanagari, CJK need UCS-2; æøå, äöü do not
        assertThat(ucs2).isBetween(1L, (long) rows.size() - 1);
        assertThat(names).anyMatch(name -> name.matches(".*[æøåÆØÅ].*")
                && Gsm7Alphabet.canEncode(name));
        assertThat(names).anyMatch(name -> name.codePoints()
                .anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.CYRILLIC));
        assertThat(names).anyMatch(name -> name.codePoints()
                .anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.ARABIC));
        assertThat(names).anyMatch(name -> name.codePoints()
                .anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.DEVANAGARI));
        assertThat(names).anyMatch(name -> name.codePoints()
                .anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN));
    }

    @Test
    void namesWithCommasAndQuotesSurviveCsvQuoting() {
        // then: fields that needed quoting read back whole
        assertThat(names).anyMatch(name -> name.contains(", "));
        assertThat(names).anyMatch(name -> name.contains("\""));
    }

    private static Optional<PhoneNumber> parse(String text) {
        try {
            PhoneNumber number = PHONE.parse(text, DEFAULT_REGION);
            return PHONE.isValidNumber(number) ? Optional.of(number) : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /** The GSM 7-bit default alphabet and its extension table, per 3GPP TS 23.038 §6.2.1. */
    static final class Gsm7Alphabet {
        private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
                + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
        private static final String EXTENSION = "\f^{}\\[~]|€";

        static boolean canEncode(String text) {
            return text.chars().allMatch(c -> BASIC.indexOf(c) >= 0 || EXTENSION.indexOf(c) >= 0);
        }
    }
}
