package io.herald.cli.samples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.cli.DemoCommand;
import io.herald.cli.RecipientsCsv;
import io.herald.harness.ingest.Recipient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes {@code samples/bulk-lines.jsonl}, the sample of {@code ./herald bulk-load} (docs/bulk-load.md): one JSON line
 * per row of the first {@value #ROWS} rows of {@code samples/recipients.csv}, batch {@value #BATCH_ID}, the demo's text
 * ({@link DemoCommand#DEFAULT_TEXT}) with the row's {@code name} and {@code code}; the rows whose number ingest
 * rejects stay in, and {@link #BROKEN_LINES} replace a few rows with lines the loader cannot read, so that the load
 * shows rejections. Deterministic. Run it like {@link RecipientsCsvGenerator}, with this class's name.
 */
public final class BulkLinesSampleGenerator {

    /** Lines written. */
    static final int ROWS = 1000;
    /** The batch id of every line. */
    static final String BATCH_ID = "sample-bulk";
    /** Lines that replace rows (0-based): rejected with pointers {@code /txt} (unknown field), {@code /vars} (no
     * value for {@code name}) and {@code ""} (neither JSON nor CSV after a header). */
    static final Map<Integer, String> BROKEN_LINES = new TreeMap<>(Map.of(
            100, "{\"batchId\":\"" + BATCH_ID + "\",\"to\":\"+4791234567\",\"txt\":\"a misspelt field\"}",
            500, "{\"batchId\":\"" + BATCH_ID + "\",\"to\":\"+4791234567\",\"text\":\"Hi {{name}}\"}",
            900, "not JSON, nor CSV after a header"));

    private static final ObjectMapper JSON = new ObjectMapper();

    private BulkLinesSampleGenerator() {
    }

    /**
     * @param args the output file (default {@code samples/bulk-lines.jsonl}), then the input (default
     *     {@code samples/recipients.csv})
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "samples/bulk-lines.jsonl");
        Path in = Path.of(args.length > 1 ? args[1] : "samples/recipients.csv");
        Files.write(out, lines(RecipientsCsv.read(in, ROWS)), StandardCharsets.UTF_8);
        System.out.println("wrote " + out.toAbsolutePath());
    }

    /**
     * @param recipients the rows of {@code samples/recipients.csv}
     * @return the lines of the sample, in order
     */
    static List<String> lines(List<Recipient> recipients) {
        List<String> lines = new ArrayList<>(recipients.size());
        for (int i = 0; i < recipients.size(); i++) {
            if (BROKEN_LINES.containsKey(i)) {
                lines.add(BROKEN_LINES.get(i));
                continue;
            }
            Recipient row = recipients.get(i);
            ObjectNode line = JSON.createObjectNode().put("batchId", BATCH_ID).put("to", row.to())
                    .put("text", DemoCommand.DEFAULT_TEXT);
            line.putObject("vars").put("name", row.vars().get("name")).put("code", row.vars().get("code"));
            lines.add(line.toString());
        }
        return lines;
    }
}
