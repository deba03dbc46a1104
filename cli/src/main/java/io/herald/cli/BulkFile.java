package io.herald.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@code herald bulk-load} needs to know of a bulk-load file before it sends it: how many records
 * kafka-console-producer will write (one per line), how many of them are CSV header lines (not recipients), and the
 * batch ids the lines name, to follow with {@code GET /v1/batches/{id}}. A JSON line's batch id is its top-level
 * {@code batchId} string, a CSV line's its first cell; lines the CLI cannot read here are still sent: the bulk loader
 * decides, and rejects what it cannot read.
 *
 * @param records the lines, each a record (kafka-console-producer sends an empty line as an empty record)
 * @param headers the CSV header lines among them (first cell {@code batchId})
 * @param batchIds the batch ids named, in order of first appearance
 */
record BulkFile(long records, long headers, Set<String> batchIds) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9_.:\\-]{1,64}");

    /** @return the lines that are recipients (records less headers) */
    long lines() {
        return records - headers;
    }

    /**
     * Scans a file.
     *
     * @param file a UTF-8 file of JSON or CSV lines
     * @return what it holds
     * @throws UncheckedIOException if it cannot be read
     */
    static BulkFile scan(Path file) {
        long records = 0;
        long headers = 0;
        Set<String> batchIds = new LinkedHashSet<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                records++;
                String text = line.startsWith("\uFEFF") ? line.substring(1) : line;
                boolean json = text.stripLeading().startsWith("{");
                String batchId = json ? jsonBatchId(text) : firstCell(text);
                if (!json && "batchId".equals(batchId)) {
                    headers++;
                } else if (batchId != null && BATCH_ID.matcher(batchId).matches()) {
                    batchIds.add(batchId);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return new BulkFile(records, headers, batchIds);
    }

    private static String jsonBatchId(String line) {
        try {
            JsonNode batchId = JSON.readTree(line).get("batchId");
            return batchId != null && batchId.isTextual() ? batchId.textValue() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String firstCell(String line) {
        int comma = line.indexOf(',');
        String cell = comma < 0 ? line : line.substring(0, comma);
        return cell.startsWith("\"") && cell.endsWith("\"") && cell.length() >= 2
                ? cell.substring(1, cell.length() - 1) : cell;
    }
}
