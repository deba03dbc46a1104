package io.herald.cli.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.cli.RecipientsCsv;
import io.herald.harness.ingest.Recipient;
import io.herald.local.HeraldHome;
import io.herald.push.PushRules;
import io.herald.schema.PushPlatform;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Checks the committed {@code samples/push-recipients.csv} against what the push demo promises (docs/demo.md). */
class PushRecipientsCsvSampleTest {

    /** The rows ingest must reject: by token shape or platform, as {@link PushRules} decides. */
    private static final Set<Integer> INVALID = Set.of(37, 111, 190, 263, 344, 421, 488);

    private final Path root = HeraldHome.locate().root();

    private List<Recipient> rows() {
        return RecipientsCsv.read(root.resolve("samples/push-recipients.csv"), 0, RecipientsCsv.TOKEN_COLUMN);
    }

    @Test
    void exactlyTheListedRowsAreInvalidAllInTheFirst500AndTheValidTokensAreDistinct() {
        List<Recipient> rows = rows();
        assertThat(rows).hasSize(1000);

        List<Integer> invalid = new ArrayList<>();
        List<String> stored = new ArrayList<>();
        int ios = 0;
        for (int i = 0; i < rows.size(); i++) {
            Recipient row = rows.get(i);
            Optional<PushPlatform> platform = PushRules.platform(row.platform());
            PushRules.Token token = platform.isEmpty() ? null : PushRules.token(platform.get(), row.to());
            if (token == null || token.token() == null) {
                invalid.add(i);
            } else {
                stored.add(token.token());
                ios += platform.get() == PushPlatform.IOS ? 1 : 0;
            }
        }

        assertThat(invalid).containsExactlyInAnyOrderElementsOf(INVALID);
        assertThat(invalid).allMatch(i -> i < 500);
        assertThat(stored).doesNotHaveDuplicates();
        assertThat(ios).as("iOS rows").isBetween(400, 600);
        // ingest's normalizations are exercised: upper-case APNs tokens, a platform written "iOS"
        assertThat(rows).anyMatch(r -> "ios".equalsIgnoreCase(r.platform()) && !r.to().equals(r.to().toLowerCase(java.util.Locale.ROOT)));
        assertThat(rows).anyMatch(r -> "iOS".equals(r.platform()));
    }

    @Test
    void namesAndCodesAreThoseOfTheFirstThousandSmsRows() {
        List<Recipient> sms = RecipientsCsv.read(root.resolve("samples/recipients.csv"), 1000);
        List<Recipient> push = rows();
        for (int i = 0; i < push.size(); i++) {
            assertThat(push.get(i).vars()).as("row %d", i).isEqualTo(sms.get(i).vars());
        }
    }
}
