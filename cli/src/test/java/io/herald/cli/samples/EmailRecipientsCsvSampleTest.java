package io.herald.cli.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.cli.RecipientsCsv;
import io.herald.harness.ingest.Recipient;
import io.herald.local.HeraldHome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Checks the committed {@code samples/email-recipients.csv} against its generator and what the demo promises. */
class EmailRecipientsCsvSampleTest {

    /** A plain address with an ASCII local part and a domain of letter/digit/hyphen labels, as ingest accepts. */
    private static final Pattern PLAIN_ADDRESS = Pattern.compile(
            "[a-z0-9._%+'-]+@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}");

    private final Path root = HeraldHome.locate().root();

    @Test
    void theCommittedFileIsWhatTheGeneratorWrites() {
        List<Recipient> committed = RecipientsCsv.read(root.resolve("samples/email-recipients.csv"), 0,
                RecipientsCsv.EMAIL_COLUMN);
        List<List<String>> generated = EmailRecipientsCsvGenerator.rows(
                RecipientsCsv.read(root.resolve("samples/recipients.csv"), EmailRecipientsCsvGenerator.ROWS));

        assertThat(committed).hasSize(EmailRecipientsCsvGenerator.ROWS);
        for (int i = 0; i < committed.size(); i++) {
            Recipient row = committed.get(i);
            assertThat(List.of(row.vars().get("name"), row.to(), row.vars().get("code"))).as("row %d", i)
                    .isEqualTo(generated.get(i));
        }
    }

    @Test
    void exactlyTheListedRowsAreInvalidAndTheOthersDistinctOnceLowerCased() {
        List<Recipient> rows = RecipientsCsv.read(root.resolve("samples/email-recipients.csv"), 0,
                RecipientsCsv.EMAIL_COLUMN);

        List<Integer> invalid = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (!PLAIN_ADDRESS.matcher(rows.get(i).to().toLowerCase(Locale.ROOT)).matches()) {
                invalid.add(i);
            }
        }

        assertThat(invalid)
                .containsExactlyInAnyOrderElementsOf(EmailRecipientsCsvGenerator.INVALID_ADDRESSES.keySet());
        assertThat(rows.stream().map(r -> r.to().toLowerCase(Locale.ROOT)).distinct()).hasSize(rows.size());
        assertThat(rows.stream().map(Recipient::to)).anyMatch(to -> !to.equals(to.toLowerCase(Locale.ROOT)));
        assertThat(invalid.stream().filter(i -> i < 500)).as("invalid rows met by --count 500").hasSize(8);
    }
}
