package io.herald.cli.samples;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.herald.cli.RecipientsCsv;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes {@code samples/recipients.csv}, the demo's recipients: {@value #VALID_ROWS} valid rows from eleven countries
 * plus the rows of {@link #INVALID_PHONES}, with a fixed random seed so that the output is the same on every run (for
 * a given libphonenumber version).
 *
 * <p>Numbers are mobile numbers valid per libphonenumber ({@code isValidNumber}), unique, in mixed formats: Norway
 * (the ingest-service's default region) in national format ({@code 912 34 567}, {@code 91234567}) or international,
 * other countries in international formats with varied punctuation ({@code 0046 70 123 45 67},
 * {@code +49 (151) 23456789}, {@code +1 202-555-0123}, …). Names are in Latin (with æøå, äöü), Greek, Cyrillic,
 * Arabic, Devanagari, Japanese and Chinese script, so that some messages need UCS-2.
 *
 * <p>Run from the repository root, with the output path as argument (default {@code samples/recipients.csv}):
 * <pre>
 * ./mvnw -B -q -pl cli test-compile dependency:build-classpath -Dmdep.outputFile=target/test.cp -Dmdep.includeScope=test
 * java -cp "cli/target/test-classes:cli/target/classes:$(cat cli/target/test.cp)" \
 *     io.herald.cli.samples.RecipientsCsvGenerator samples/recipients.csv
 * </pre>
 */
public final class RecipientsCsvGenerator {

    /** Valid rows written. */
    public static final int VALID_ROWS = 10_000;

    /** The seed of the generator's {@link Random}. */
    public static final long SEED = 20261122L;

    /** The deliberately invalid numbers, one row each, spread through the file (too short, letters, bad codes). */
    public static final List<String> INVALID_PHONES = List.of(
            "123",
            "+47 12",
            "ola.nordmann",
            "9123 45 abc9",
            "+999 123 456 789",
            "+0 123456789",
            "+44 12",
            "0047 0000",
            "+1 123-456-7890",
            "+46 12",
            "+49 (0) 1",
            "+86 0000 0000 000");

    private static final PhoneNumberUtil PHONE = PhoneNumberUtil.getInstance();

    private record Country(String region, int weight, List<String> prefixes, int nsnLength, Names names) {
    }

    private record Names(List<String> first, List<String> last, boolean lastFirst, String separator) {
    }

    private static final Names NORWEGIAN = new Names(
            List.of("Ola", "Kari", "Åse", "Bjørn", "Ørjan", "Sølvi", "Håkon", "Ingrid", "Jørgen", "Mari", "Æsa",
                    "Tor", "Siv", "Øystein", "Ragnhild", "Even", "Nora", "Eirik", "Astrid", "Pål"),
            List.of("Nordmann", "Hansen", "Sæther", "Løvås", "Johansen", "Bråten", "Haugen", "Solberg", "Kjærnes",
                    "Ødegård", "Berg", "Dahl", "Østby", "Aas", "Strøm"),
            false, " ");
    private static final Names SWEDISH = new Names(
            List.of("Åsa", "Björn", "Märta", "Göran", "Linnéa", "Oskar", "Elin", "Sören", "Maja", "Lars"),
            List.of("Andersson", "Öberg", "Åkesson", "Lindström", "Nyström", "Ekström", "Karlsson", "Sjöberg"),
            false, " ");
    private static final Names GERMAN = new Names(
            List.of("Jürgen", "Günther", "Lena", "Jörg", "Anna", "Uwe", "Käthe", "Felix", "Sophie", "Matthias"),
            List.of("Müller", "Schäfer", "Schröder", "Weiß", "Köhler", "Bauer", "Groß", "Fischer", "Krüger"),
            false, " ");
    private static final Names ENGLISH = new Names(
            List.of("Oliver", "Amelia", "Harry", "Isla", "George", "Ava", "Noah", "Emily", "James", "Grace"),
            List.of("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "O'Brien", "Evans", "Walker"),
            false, " ");
    private static final Names AMERICAN = new Names(
            List.of("Liam", "Olivia", "Ethan", "Sophia", "Mason", "Mia", "Lucas", "Harper", "Elijah", "Zoë"),
            List.of("Johnson", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Anderson", "Thomas"),
            false, " ");
    private static final Names INDIAN = new Names(
            List.of("राहुल", "प्रिया", "अमित", "सुनीता", "विकास", "अनीता", "Arjun", "Priya", "Rohan", "Kavya"),
            List.of("शर्मा", "वर्मा", "गुप्ता", "सिंह", "Sharma", "Patel", "Reddy", "Iyer"),
            false, " ");
    private static final Names JAPANESE = new Names(
            List.of("花子", "太郎", "さくら", "健太", "陽菜", "翔", "美咲", "大輔"),
            List.of("佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村"),
            true, " ");
    private static final Names GREEK = new Names(
            List.of("Γιώργος", "Μαρία/f", "Νίκος", "Ελένη/f", "Δημήτρης", "Κατερίνα/f", "Γιάννης", "Σοφία/f"),
            List.of("Παπαδόπουλος|Παπαδοπούλου", "Νικολάου", "Γεωργίου", "Οικονόμου", "Αθανασίου",
                    "Κωνσταντινίδης|Κωνσταντινίδου"),
            false, " ");
    private static final Names RUSSIAN = new Names(
            List.of("Иван", "Мария/f", "Алексей", "Ольга/f", "Дмитрий", "Наталья/f", "Сергей", "Анна/f"),
            List.of("Петров|Петрова", "Иванов|Иванова", "Смирнов|Смирнова", "Кузнецов|Кузнецова", "Попов|Попова",
                    "Соколов|Соколова", "Лебедев|Лебедева"),
            false, " ");
    private static final Names CHINESE = new Names(
            List.of("伟", "芳", "娜", "敏", "静", "磊", "洋", "婷"),
            List.of("王", "李", "张", "刘", "陈", "杨", "赵", "黄"),
            true, "");
    private static final Names ARABIC = new Names(
            List.of("محمد", "فاطمة", "أحمد", "مريم", "علي", "نور", "يوسف", "سارة"),
            List.of("حسن", "عبد الله", "إبراهيم", "مصطفى", "السيد", "خليل"),
            false, " ");

    private static final List<Country> COUNTRIES = List.of(
            new Country("NO", 30, List.of("9", "4"), 8, NORWEGIAN),
            new Country("SE", 9, List.of("70", "72", "73", "76"), 9, SWEDISH),
            new Country("DE", 9, List.of("151", "152", "160", "170", "176"), 11, GERMAN),
            new Country("GB", 9, List.of("7700", "7400", "7911", "7800"), 10, ENGLISH),
            new Country("US", 8, List.of("202", "212", "415", "617", "312"), 10, AMERICAN),
            new Country("IN", 8, List.of("98", "99", "97", "91"), 10, INDIAN),
            new Country("JP", 6, List.of("90", "80", "70"), 10, JAPANESE),
            new Country("GR", 6, List.of("690", "694", "697", "698"), 10, GREEK),
            new Country("RU", 6, List.of("91", "92", "98"), 10, RUSSIAN),
            new Country("CN", 5, List.of("131", "138", "159", "186"), 11, CHINESE),
            new Country("EG", 4, List.of("10", "11", "12"), 10, ARABIC));

    private final Random random = new Random(SEED);
    private final Set<String> used = new HashSet<>();

    private RecipientsCsvGenerator() {
    }

    /**
     * @param args the output file (default {@code samples/recipients.csv})
     * @throws IOException if the file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "samples/recipients.csv");
        new RecipientsCsvGenerator().write(out);
        System.out.println("wrote " + out.toAbsolutePath());
    }

    private void write(Path out) throws IOException {
        int total = VALID_ROWS + INVALID_PHONES.size();
        // Invalid rows sit at fixed, spread-out positions: rows 37 and 150 (so `--count 200` meets two), then one
        // every total/12 rows.
        Map<Integer, String> invalidAt = new java.util.HashMap<>();
        invalidAt.put(37, INVALID_PHONES.get(0));
        invalidAt.put(150, INVALID_PHONES.get(1));
        for (int i = 2; i < INVALID_PHONES.size(); i++) {
            invalidAt.put(i * (total / INVALID_PHONES.size()) + 37, INVALID_PHONES.get(i));
        }
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader("name", RecipientsCsv.PHONE_COLUMN, "code")
                .setRecordSeparator("\n").get();
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(writer, format)) {
            for (int row = 0; row < total; row++) {
                Country country = pickCountry();
                String phone = invalidAt.containsKey(row) ? invalidAt.get(row) : phone(country);
                csv.printRecord(name(country.names), phone, String.format("%06d", random.nextInt(1_000_000)));
            }
        }
    }

    private Country pickCountry() {
        int sum = COUNTRIES.stream().mapToInt(Country::weight).sum();
        int pick = random.nextInt(sum);
        for (Country c : COUNTRIES) {
            pick -= c.weight;
            if (pick < 0) {
                return c;
            }
        }
        throw new AssertionError();
    }

    private String name(Names names) {
        // "Мария/f" marks a woman's name; "Петров|Петрова" gives a surname's male and female forms.
        String first = names.first.get(random.nextInt(names.first.size()));
        boolean female = first.endsWith("/f");
        first = female ? first.substring(0, first.length() - 2) : first;
        String last = names.last.get(random.nextInt(names.last.size()));
        int bar = last.indexOf('|');
        if (bar >= 0) {
            last = female ? last.substring(bar + 1) : last.substring(0, bar);
        }
        int style = random.nextInt(100);
        if (!names.lastFirst && style < 2) {
            return last + ", " + first; // a comma: the field must be quoted
        }
        if (!names.lastFirst && style < 3) {
            return first + " \"" + first.charAt(0) + "\" " + last; // quotes inside: doubled in the field
        }
        return names.lastFirst ? last + names.separator + first : first + names.separator + last;
    }

    private String phone(Country country) {
        for (int attempt = 0; attempt < 10_000; attempt++) {
            String prefix = country.prefixes.get(random.nextInt(country.prefixes.size()));
            StringBuilder nsn = new StringBuilder(prefix);
            while (nsn.length() < country.nsnLength) {
                nsn.append(random.nextInt(10));
            }
            PhoneNumber number = new PhoneNumber()
                    .setCountryCode(PHONE.getCountryCodeForRegion(country.region))
                    .setNationalNumber(Long.parseLong(nsn.toString()));
            if (!PHONE.isValidNumberForRegion(number, country.region)) {
                continue;
            }
            String e164 = PHONE.format(number, PhoneNumberFormat.E164);
            if (!used.add(e164)) {
                continue;
            }
            String written = written(country.region, number);
            if (!e164.equals(reparse(written))) {
                throw new IllegalStateException("format " + written + " does not read back as " + e164);
            }
            return written;
        }
        throw new IllegalStateException("no valid number found for " + country.region);
    }

    private String written(String region, PhoneNumber number) {
        String international = PHONE.format(number, PhoneNumberFormat.INTERNATIONAL);
        String nsn = PHONE.getNationalSignificantNumber(number);
        int style = random.nextInt(10);
        return switch (region) {
            case "NO" -> style < 3 ? nsn.substring(0, 3) + " " + nsn.substring(3, 5) + " " + nsn.substring(5)
                    : style < 5 ? PHONE.format(number, PhoneNumberFormat.NATIONAL)
                    : style < 8 ? nsn : international;
            case "SE" -> style < 7 ? "00" + international.substring(1) : international;
            case "DE" -> style < 5 ? "+49 (" + nsn.substring(0, 3) + ") " + nsn.substring(3)
                    : style < 8 ? international : "+49-" + nsn.substring(0, 3) + "-" + nsn.substring(3);
            case "GB" -> style < 7 ? international : PHONE.format(number, PhoneNumberFormat.E164);
            case "US" -> style < 6 ? international
                    : "+1 (" + nsn.substring(0, 3) + ") " + nsn.substring(3, 6) + "-" + nsn.substring(6);
            default -> style < 8 ? international : PHONE.format(number, PhoneNumberFormat.E164);
        };
    }

    private static String reparse(String written) {
        try {
            PhoneNumber parsed = PHONE.parse(written, "NO");
            return PHONE.isValidNumber(parsed) ? PHONE.format(parsed, PhoneNumberFormat.E164) : "invalid";
        } catch (NumberParseException e) {
            return "unparseable";
        }
    }
}
