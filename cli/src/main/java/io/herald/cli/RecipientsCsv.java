package io.herald.cli;

import io.herald.harness.ingest.Recipient;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a recipients file: UTF-8 CSV per RFC 4180 with a header row. The column {@value #PHONE_COLUMN} is the
 * recipient's number (in an e-mail file the column {@value #EMAIL_COLUMN} its address; in a push file the column
 * {@value #TOKEN_COLUMN} its device token and {@value #PLATFORM_COLUMN} the device's platform); every other column is a
 * template variable ({@code name}, {@code code}, …).
 */
public final class RecipientsCsv {

    /** The column that holds the phone number. */
    public static final String PHONE_COLUMN = "phone";
    /** The column that holds the e-mail address, in an e-mail recipients file. */
    public static final String EMAIL_COLUMN = "email";
    /** The column that holds the device token, in a push recipients file. */
    public static final String TOKEN_COLUMN = "token";
    /** The column that holds the device's platform ({@code ios} or {@code android}), in a push recipients file. */
    public static final String PLATFORM_COLUMN = "platform";

    /** The CSV dialect: RFC 4180, header row, fields trimmed. */
    public static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setHeader().setSkipHeaderRecord(true).setTrim(true).setIgnoreEmptyLines(true).get();

    private RecipientsCsv() {
    }

    /**
     * Reads the first {@code limit} rows.
     *
     * @param file the CSV file
     * @param limit how many rows at most; 0 or less for all
     * @return the rows, in file order
     * @throws IllegalArgumentException if the file has no {@value #PHONE_COLUMN} column or a row has the wrong
     *     number of fields
     * @throws UncheckedIOException if the file cannot be read
     */
    public static List<Recipient> read(Path file, int limit) {
        return read(file, limit, PHONE_COLUMN);
    }

    /**
     * Reads the first {@code limit} rows, taking each recipient from the given column.
     *
     * @param file the CSV file
     * @param limit how many rows at most; 0 or less for all
     * @param column the column of the recipient: {@value #PHONE_COLUMN}, {@value #EMAIL_COLUMN} or
     *     {@value #TOKEN_COLUMN} (then {@value #PLATFORM_COLUMN}, required, is the recipient's platform)
     * @return the rows, in file order; every other column is a template variable
     * @throws IllegalArgumentException if the file has no such column or a row has the wrong number of fields
     * @throws UncheckedIOException if the file cannot be read
     */
    public static List<Recipient> read(Path file, int limit, String column) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(reader, FORMAT)) {
            List<String> header = parser.getHeaderNames();
            boolean push = column.equals(TOKEN_COLUMN);
            if (!header.contains(column) || push && !header.contains(PLATFORM_COLUMN)) {
                throw new IllegalArgumentException(file + " has no '" + column + "'" + (push ? " and '"
                        + PLATFORM_COLUMN + "'" : "") + " column; header: " + header);
            }
            List<Recipient> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                if (limit > 0 && rows.size() >= limit) {
                    break;
                }
                if (!record.isConsistent()) {
                    throw new IllegalArgumentException(file + " line " + parser.getCurrentLineNumber() + " has "
                            + record.size() + " fields, the header " + header.size());
                }
                Map<String, String> vars = new LinkedHashMap<>();
                for (String name : header) {
                    if (!name.equals(column) && !(push && name.equals(PLATFORM_COLUMN))) {
                        vars.put(name, record.get(name));
                    }
                }
                rows.add(new Recipient(record.get(column), vars, push ? record.get(PLATFORM_COLUMN) : null));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
