package io.herald.cli.samples;

import io.herald.cli.RecipientsCsv;
import io.herald.harness.ingest.Recipient;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes {@code samples/email-recipients.csv}, the e-mail demo's recipients: the first {@value #ROWS} rows of
 * {@code samples/recipients.csv} (their names and codes) with an address made from the name instead of the number,
 * {@code first.last.ROW@DOMAIN} folded to ASCII ({@code Lena Groß} → {@code lena.gross.1@example.com}; names without
 * Latin letters get {@code user.ROW}), every seventh in title case and every eleventh with an upper-case domain
 * (ingest lower-cases them), plus the addresses of {@link #INVALID_ADDRESSES} at fixed rows. Deterministic: the same
 * input gives the same file. Run it like {@link RecipientsCsvGenerator}, with this class's name.
 */
public final class EmailRecipientsCsvGenerator {

    /** Rows written. */
    static final int ROWS = 1000;

    /** Invalid on purpose, by row (0-based): ingest rejects each with pointer {@code /recipients/N/to}. */
    public static final Map<Integer, String> INVALID_ADDRESSES = Map.of(
            37, "lena.gross@",
            88, "no-at-sign.example.com",
            141, "ola@localhost",
            199, "kari@@example.no",
            263, "bjørn@example.no",
            317, "Ola Nordmann <ola@example.com>",
            402, "anna@example..com",
            455, "\"unterminated@example.com",
            611, "x@-bad-.example.org",
            777, "plain text");

    private static final List<String> DOMAINS = List.of("example.com", "example.no", "example.de", "example.org",
            "mail.example.net");

    private EmailRecipientsCsvGenerator() {
    }

    /**
     * @param args the output file (default {@code samples/email-recipients.csv}), then the input (default
     *     {@code samples/recipients.csv})
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "samples/email-recipients.csv");
        Path in = Path.of(args.length > 1 ? args[1] : "samples/recipients.csv");
        write(RecipientsCsv.read(in, ROWS), out);
        System.out.println("wrote " + out.toAbsolutePath());
    }

    static List<List<String>> rows(List<Recipient> phoneRows) {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < phoneRows.size() && i < ROWS; i++) {
            Recipient source = phoneRows.get(i);
            String name = source.vars().get("name");
            String email = INVALID_ADDRESSES.containsKey(i) ? INVALID_ADDRESSES.get(i) : address(name, i);
            rows.add(List.of(name, email, source.vars().get("code")));
        }
        return rows;
    }

    private static void write(List<Recipient> phoneRows, Path out) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader("name", RecipientsCsv.EMAIL_COLUMN, "code")
                .setRecordSeparator("\n").get();
        try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(writer, format)) {
            for (List<String> row : rows(phoneRows)) {
                csv.printRecord(row);
            }
        }
    }

    static String address(String name, int row) {
        String folded = Normalizer.normalize(name.replace("ß", "ss").replace("ø", "o").replace("Ø", "O")
                .replace("æ", "ae").replace("Æ", "Ae").replace("å", "a").replace("ł", "l"), Normalizer.Form.NFKD);
        StringBuilder ascii = new StringBuilder();
        for (char c : folded.toCharArray()) {
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == ' ' || c == '.' || c == '-')) {
                ascii.append(c);
            }
        }
        List<String> parts = Arrays.stream(ascii.toString().replace('-', ' ').trim().split("\\s+"))
                .filter(p -> !p.isEmpty()).toList();
        String local = parts.isEmpty() ? "user"
                : String.join(".", parts.size() > 1 ? parts.subList(parts.size() - 2, parts.size()) : parts);
        local = local + "." + (row + 1);
        local = row % 7 == 3 ? titleCase(local) : local.toLowerCase(Locale.ROOT);
        String domain = DOMAINS.get(row % DOMAINS.size());
        if (row % 11 == 5) {
            domain = domain.toUpperCase(Locale.ROOT);
        }
        return local + "@" + domain;
    }

    /** Upper-cases each letter after a non-letter, lower-cases the others: {@code ola.n.4} → {@code Ola.N.4}. */
    private static String titleCase(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean start = true;
        for (char c : text.toCharArray()) {
            out.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = !Character.isLetter(c);
        }
        return out.toString();
    }
}
