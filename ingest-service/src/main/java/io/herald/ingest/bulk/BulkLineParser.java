package io.herald.ingest.bulk;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.dropwizard.jackson.Jackson;
import io.herald.ingest.api.IngestJson;
import io.herald.ingest.api.JsonPointers;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one bulk-load line (the UTF-8 value of one {@code notify.bulk} record) into a {@link ParsedLine}.
 *
 * <p>A line whose first character other than white space is <code>{</code> is JSON: one object with the fields of
 * {@link BulkLine}, read with the REST API's strictness ({@link IngestJson}): an unknown field, a duplicate key, a
 * value of the wrong type or anything after the object makes the line unreadable, with a reason and a pointer to the
 * field. Any other line is CSV: a line whose first cell is {@value CsvHeader#FIRST_COLUMN} is a header
 * ({@link CsvHeader}), the others are read with the last header the caller kept, and are unreadable without one or
 * with another number of cells. A leading byte-order mark (U+FEFF) is ignored. Thread-safe.
 */
public final class BulkLineParser {

    private static final ObjectMapper STRICT = IngestJson.configure(Jackson.newObjectMapper());
    private static final ObjectMapper LENIENT = Jackson.newObjectMapper();
    private static final Pattern QUOTED_NAME = Pattern.compile("'([^']*)'");

    /**
     * @param value the record's value as text; may be null (a tombstone)
     * @param header the CSV header in force on the record's partition, or null if none was seen
     * @return the line's fields, a new header, or why the line is unreadable
     */
    public ParsedLine parse(String value, CsvHeader header) {
        if (value == null) {
            return new ParsedLine.Unreadable("empty record (no value)", "", null);
        }
        String line = value.startsWith("\uFEFF") ? value.substring(1) : value;
        if (line.isBlank()) {
            return new ParsedLine.Unreadable("blank line", "", null);
        }
        return line.stripLeading().startsWith("{") ? parseJson(line) : parseCsv(line, header);
    }

    private static ParsedLine parseJson(String line) {
        try {
            return new ParsedLine.Recipient(STRICT.readValue(line, BulkLine.class));
        } catch (UnrecognizedPropertyException e) {
            return unreadable(line, "unknown field '" + e.getPropertyName() + "'; the fields are "
                    + String.join(", ", BulkLine.FIELDS), pointer(e));
        } catch (InvalidFormatException e) {
            String pointer = pointer(e);
            String reason = pointer.equals("/sendAt") || pointer.equals("/expiresAt")
                    ? "must be an ISO-8601 instant, e.g. 2026-11-28T10:00:00Z" : "invalid value";
            return unreadable(line, reason, pointer);
        } catch (JsonMappingException e) {
            String pointer = pointer(e);
            return unreadable(line, pointer.isEmpty() ? "not a JSON object of a bulk line: "
                    + firstLine(e.getOriginalMessage()) : "invalid value: " + firstLine(e.getOriginalMessage()),
                    pointer);
        } catch (JsonParseException e) {
            String message = firstLine(e.getOriginalMessage());
            if (message.startsWith("Duplicate field")) {
                Matcher name = QUOTED_NAME.matcher(message);
                String field = name.find() ? name.group(1) : "";
                return unreadable(line, "duplicate field '" + field + "'", field.isEmpty() ? "" : "/" + field);
            }
            return unreadable(line, "not valid JSON: " + message, "");
        } catch (JsonProcessingException e) {
            return unreadable(line, "not valid JSON: " + firstLine(e.getOriginalMessage()), "");
        }
    }

    private static ParsedLine parseCsv(String line, CsvHeader header) {
        List<String> cells;
        try {
            cells = CsvHeader.cells(line);
        } catch (IllegalArgumentException e) {
            return new ParsedLine.Unreadable(e.getMessage(), "", null);
        }
        if (cells.get(0).equals(CsvHeader.FIRST_COLUMN)) {
            try {
                return new ParsedLine.Header(CsvHeader.of(cells));
            } catch (IllegalArgumentException e) {
                return new ParsedLine.Unreadable(e.getMessage(), "", null);
            }
        }
        if (header == null) {
            return new ParsedLine.Unreadable("CSV line without a header line before it on this partition (a header"
                    + " line starts with " + CsvHeader.FIRST_COLUMN + ")", "", null);
        }
        String batchId = header.columns().get(0).equals(CsvHeader.FIRST_COLUMN) && !cells.get(0).isEmpty()
                ? cells.get(0) : null;
        if (cells.size() != header.columns().size()) {
            return new ParsedLine.Unreadable("CSV line has " + cells.size() + " cells, the header has "
                    + header.columns().size(), "", batchId);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, String> vars = new LinkedHashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            String column = header.columns().get(i);
            String cell = cells.get(i);
            if (cell.isEmpty()) {
                continue;
            }
            (BulkLine.FIELDS.contains(column) ? fields : vars).put(column, cell);
        }
        Instant sendAt;
        Instant expiresAt;
        try {
            sendAt = instant(fields.get("sendAt"));
        } catch (DateTimeParseException e) {
            return new ParsedLine.Unreadable("must be an ISO-8601 instant, e.g. 2026-11-28T10:00:00Z", "/sendAt",
                    batchId);
        }
        try {
            expiresAt = instant(fields.get("expiresAt"));
        } catch (DateTimeParseException e) {
            return new ParsedLine.Unreadable("must be an ISO-8601 instant, e.g. 2026-11-28T10:00:00Z",
                    "/expiresAt", batchId);
        }
        return new ParsedLine.Recipient(new BulkLine(fields.get("batchId"), fields.get("to"), fields.get("text"),
                fields.get("template"), vars.isEmpty() ? null : vars, fields.get("from"), fields.get("channel"),
                fields.get("subject"), fields.get("html"), sendAt, expiresAt, fields.get("clientReference"),
                fields.get("priority")));
    }

    private static Instant instant(String value) {
        return value == null ? null : Instant.parse(value);
    }

    /** An unreadable JSON line, with its batch id if a lenient reading still finds one. */
    private static ParsedLine unreadable(String line, String reason, String pointer) {
        return new ParsedLine.Unreadable(reason, pointer, lenientBatchId(line));
    }

    /** @return the line's top-level {@code batchId} string, read without the strict rules; null if none */
    static String lenientBatchId(String line) {
        try {
            JsonNode tree = LENIENT.readTree(line);
            JsonNode batchId = tree == null ? null : tree.get("batchId");
            return batchId != null && batchId.isTextual() ? batchId.textValue() : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** @return the JSON Pointer of the field a mapping error is about, e.g. {@code /vars/code}; "" for the root */
    private static String pointer(JsonMappingException e) {
        return JsonPointers.of(e.getPath());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
