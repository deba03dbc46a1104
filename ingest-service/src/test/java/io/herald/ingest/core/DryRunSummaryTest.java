package io.herald.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.herald.ingest.api.BatchDryRun;
import io.herald.ingest.api.BatchRequest;
import io.herald.ingest.api.RecipientRequest;
import io.herald.ingest.pricing.PricingFactory;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a dry run answers: encodings, segments and cost per country, the suppressed, a preview. */
class DryRunSummaryTest {

    private final BatchPreparer preparer = new BatchPreparer(new BatchLimits(100, 1600), new PhoneNumberNormalizer(
            "NO"), Clock.systemUTC());

    private static BatchRequest batch(String text, String... numbers) {
        List<RecipientRequest> recipients = new ArrayList<>();
        for (String number : numbers) {
            recipients.add(new RecipientRequest(number, Map.of("name", "Åse"), null));
        }
        return new BatchRequest("HERALD", text, recipients, null, null);
    }

    @Test
    void countsEncodingsSegmentsAndCostPerCountryAndMarksTheSuppressed() {
        // given NOK-ish prices for Norway only, and one Norwegian number on the suppression list
        PricingFactory pricing = new PricingFactory();
        pricing.setSmsPerSegment(Map.of("NO", new BigDecimal("0.05")));
        DryRunSummary summary = new DryRunSummary(pricing, (client, recipient) -> recipient.equals("+4791234568"));
        // when a batch of six to Norway and one to Sweden, one of them not a number
        PreparedBatch prepared = preparer.prepare(batch("Hei {{name}}, " + "x".repeat(155), "+4791234567",
                "12", "+4791234568", "+46701234567", "+4791234569", "+4791234570", "+4791234571"));
        for (var request : prepared.requests()) {
            request.setClientId("acme");
        }
        BatchDryRun run = summary.summarize(prepared);

        // then: 164 GSM-7 characters (Å is in the default alphabet) make two segments each
        assertThat(run.accepted()).isEqualTo(6);
        assertThat(run.segments()).isEqualTo(12);
        assertThat(run.encodings()).containsExactly(Map.entry("GSM7", 6));
        assertThat(run.rejected()).extracting(r -> r.index()).containsExactly(1);
        assertThat(run.countries()).extracting(BatchDryRun.CountryTotal::country,
                BatchDryRun.CountryTotal::recipients, BatchDryRun.CountryTotal::segments,
                BatchDryRun.CountryTotal::cost).containsExactly(tuple("NO", 5, 10L, new BigDecimal("0.50")),
                tuple("SE", 1, 2L, null));
        assertThat(run.estimatedCost()).isEqualTo(new BatchDryRun.Cost("EUR", new BigDecimal("0.50"), 2));
        // the suppressed one by its index in the request, past the rejected one
        assertThat(run.suppressed()).containsExactly(2);
        assertThat(run.preview()).hasSize(BatchDryRun.PREVIEW).first().satisfies(first -> {
            assertThat(first.index()).isZero();
            assertThat(first.to()).isEqualTo("+4791234567");
            assertThat(first.text()).startsWith("Hei Åse, ");
            assertThat(first.encoding()).isEqualTo("GSM7");
            assertThat(first.segments()).isEqualTo(2);
        });
        assertThat(run.preview().get(1).index()).isEqualTo(2);
    }

    @Test
    void withoutPricesThereIsNoEstimateAndUnicodeTextIsUcs2() {
        DryRunSummary summary = new DryRunSummary(new PricingFactory(), (client, recipient) -> false);
        BatchDryRun run = summary.summarize(preparer.prepare(batch("Hei 👋", "+4791234567")));
        assertThat(run.estimatedCost()).isNull();
        assertThat(run.encodings()).containsExactly(Map.entry("UCS2", 1));
        assertThat(run.suppressed()).isEmpty();
    }
}
