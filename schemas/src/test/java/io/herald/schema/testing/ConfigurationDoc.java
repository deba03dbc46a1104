package io.herald.schema.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the tables of {@code docs/configuration.md} for the tests that hold it to the config classes (the dispatcher's,
 * the ingest service's and the SMSC simulator's {@code ConfigurationDocTest}s). Shared through this module's test jar.
 */
public final class ConfigurationDoc {

    /** The document, from the module directory Maven runs tests in. */
    public static final Path PATH = Path.of("..", "docs", "configuration.md");

    /** What a Default cell that starts with {@code (required)} reads as. */
    public static final String REQUIRED = "(required)";

    private ConfigurationDoc() {
    }

    /**
     * The rows of every table in one {@code ## } section whose first header cell is {@code firstHeader}.
     *
     * @param section the section's title, e.g. {@code Dispatcher}
     * @param firstHeader e.g. {@code Key}
     * @return each row as header cell to cell, in document order; {@code \|} in a cell is read as {@code |}
     */
    public static List<Map<String, String>> rows(String section, String firstHeader) {
        List<String> lines;
        try {
            lines = Files.readAllLines(PATH);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = lines.indexOf("## " + section);
        if (start < 0) {
            throw new AssertionError(PATH + " has no section '## " + section + "'");
        }
        List<Map<String, String>> rows = new ArrayList<>();
        List<String> header = null;
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            String line = lines.get(i);
            if (!line.startsWith("|")) {
                header = null;
            } else if (header == null && i + 1 < lines.size() && lines.get(i + 1).startsWith("|---")) {
                List<String> cells = cells(line);
                header = cells.get(0).equals(firstHeader) ? cells : List.of();
                i++;
            } else if (header != null && !header.isEmpty()) {
                List<String> cells = cells(line);
                Map<String, String> row = new LinkedHashMap<>();
                for (int c = 0; c < header.size(); c++) {
                    row.put(header.get(c), c < cells.size() ? cells.get(c) : "");
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static List<String> cells(String line) {
        String inner = line.strip().substring(1, line.strip().length() - 1);
        List<String> cells = new ArrayList<>();
        for (String cell : inner.split("(?<!\\\\)\\|", -1)) {
            cells.add(cell.strip().replace("\\|", "|"));
        }
        return cells;
    }

    /**
     * @param cell a cell holding one code span, e.g. {@code `smpp.host`}
     * @return its text, e.g. {@code smpp.host}
     * @throws AssertionError if the cell is anything else
     */
    public static String code(String cell) {
        if (cell.length() < 2 || !cell.startsWith("`") || cell.indexOf('`', 1) != cell.length() - 1) {
            throw new AssertionError("expected one `code span`, was: " + cell);
        }
        return cell.substring(1, cell.length() - 1);
    }

    /**
     * A Default cell's value: its leading code span, {@code ""} for {@code (empty)}, {@link #REQUIRED} for
     * {@code (required)}, null for {@code (unset)}; any text after it is for the reader.
     *
     * @param cell e.g. {@code `259200000` (72 hours)} or {@code (empty): hostname-pid}
     * @return the value
     * @throws AssertionError if the cell starts with none of these
     */
    public static String defaultValue(String cell) {
        if (cell.startsWith("`") && cell.indexOf('`', 1) > 0) {
            return cell.substring(1, cell.indexOf('`', 1));
        } else if (cell.startsWith("(empty)")) {
            return "";
        } else if (cell.startsWith(REQUIRED)) {
            return REQUIRED;
        } else if (cell.startsWith("(unset)")) {
            return null;
        }
        throw new AssertionError("a Default cell starts with a `code span`, (empty), (required) or (unset), was: "
                + cell);
    }
}
