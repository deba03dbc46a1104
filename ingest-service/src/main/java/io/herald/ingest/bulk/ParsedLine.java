package io.herald.ingest.bulk;

/** What {@link BulkLineParser} made of one record of {@code notify.bulk}. */
public sealed interface ParsedLine {

    /**
     * A recipient line, read but not yet validated.
     *
     * @param line its fields
     */
    record Recipient(BulkLine line) implements ParsedLine {
    }

    /**
     * A CSV header line: the columns of the CSV lines that follow it on the same partition.
     *
     * @param header the columns
     */
    record Header(CsvHeader header) implements ParsedLine {
    }

    /**
     * A line that could not be read.
     *
     * @param reason why, for humans, e.g. {@code unknown field 'txt'}
     * @param pointer JSON Pointer (RFC 6901) to the field at fault (for CSV the column's field), {@code ""} for the
     *     whole line
     * @param batchId the batch id if it could still be read, else null
     */
    record Unreadable(String reason, String pointer, String batchId) implements ParsedLine {
    }
}
