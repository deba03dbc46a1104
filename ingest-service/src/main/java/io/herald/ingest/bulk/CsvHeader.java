package io.herald.ingest.bulk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The columns of bulk-load CSV lines, from a header line whose first column is {@code batchId}. Columns named after a
 * {@link BulkLine} field ({@code batchId}, {@code to}, {@code text}, {@code template}, {@code from},
 * {@code channel}, {@code subject}, {@code html}, {@code sendAt}, {@code expiresAt}, {@code clientReference}) fill
 * that field; every other column is a template variable of that name. Cells are RFC 4180 CSV (commas, double quotes
 * around a cell with a comma or quote, {@code ""} for a quote); an empty cell is an absent field or variable.
 *
 * @param columns the column names, in order; the first is {@code batchId}
 */
public record CsvHeader(List<String> columns) {

    /** The first column of every header line; a CSV line whose first cell is this is a header. */
    public static final String FIRST_COLUMN = "batchId";

    /** RFC 4180, one record per line. */
    static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

    /** Copies the list. */
    public CsvHeader {
        columns = List.copyOf(columns);
    }

    /**
     * Splits a CSV line into cells.
     *
     * @param line one CSV line (no line break inside a cell)
     * @return the cells, in order
     * @throws IllegalArgumentException if the line is not valid RFC 4180 CSV or holds more than one record
     */
    static List<String> cells(String line) {
        try (CSVParser parser = CSVParser.parse(line, FORMAT)) {
            List<CSVRecord> records = parser.getRecords();
            if (records.size() != 1) {
                throw new IllegalArgumentException("a CSV line must be one record, this has " + records.size());
            }
            List<String> cells = new ArrayList<>(records.get(0).size());
            records.get(0).forEach(cells::add);
            return cells;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalStateException | UncheckedIOException e) {
            throw new IllegalArgumentException("not valid CSV (RFC 4180): " + firstLine(e.getMessage()), e);
        }
    }

    /**
     * Reads a header from the cells of a header line.
     *
     * @param cells the cells; the first is {@value #FIRST_COLUMN}
     * @return the header
     * @throws IllegalArgumentException if a column is blank or named twice, {@code vars} is a column, or there is no
     *     {@code to} column
     */
    static CsvHeader of(List<String> cells) {
        Set<String> seen = new HashSet<>();
        for (String cell : cells) {
            if (cell.isBlank()) {
                throw new IllegalArgumentException("CSV header has a blank column name");
            }
            if (!seen.add(cell)) {
                throw new IllegalArgumentException("CSV header names column '" + cell + "' twice");
            }
        }
        if (seen.contains("vars")) {
            throw new IllegalArgumentException("CSV header must not have a column 'vars': every column that is not a"
                    + " field is a variable");
        }
        if (!seen.contains("to")) {
            throw new IllegalArgumentException("CSV header has no column 'to'");
        }
        return new CsvHeader(cells);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
