package io.herald.ingest.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.ingest.status.BatchCounters;
import io.herald.ingest.status.ClientBatch;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a listed batch's counters are chosen while the status view has not yet counted its intake. */
class BatchListingTest {

    private static final Instant T0 = Instant.parse("2026-12-08T10:00:00Z");
    private static final ClientBatch INDEXED = new ClientBatch("b-1", "REST", "SMS", 98, 2, T0);

    private static BatchCounters counters(String clientId, long accepted, Map<String, Long> byState) {
        return new BatchCounters("b-1", clientId == null ? null : "REST", clientId == null ? null : "SMS", accepted,
                clientId == null ? 0 : 2, clientId == null ? null : T0, null, clientId, byState, T0.plusSeconds(1),
                T0.plusSeconds(2), null, false);
    }

    @Test
    void theClientsOwnCountersAreShownAsTheyAre() {
        BatchCounters own = counters("acme", 98, Map.of("SENT", 40L));

        assertThat(BatchListing.countersOf(INDEXED, "acme", own)).isSameAs(own);
    }

    @Test
    void countersThatDoNotKnowTheirClientYetTakeTheIndexsTotals() {
        // status events came before the intake was counted: counts, but no client and no totals
        BatchCounters early = counters(null, 0, Map.of("SENT", 40L));

        BatchCounters shown = BatchListing.countersOf(INDEXED, "acme", early);

        assertThat(shown.clientId()).isEqualTo("acme");
        assertThat(shown.totalsKnown()).isTrue();
        assertThat(shown.accepted()).isEqualTo(98);
        assertThat(shown.rejected()).isEqualTo(2);
        assertThat(shown.count("SENT")).isEqualTo(40);
        assertThat(shown.pending()).isEqualTo(58);
        assertThat(shown.createdAt()).isEqualTo(T0);
    }

    @Test
    void noCountersOrAnotherClientsShowTheIndexsTotalsAndNothingCounted() {
        for (BatchCounters counters : new BatchCounters[] {null, counters("rival", 5, Map.of("DELIVERED", 5L))}) {
            BatchCounters shown = BatchListing.countersOf(INDEXED, "acme", counters);

            assertThat(shown.clientId()).isEqualTo("acme");
            assertThat(shown.accepted()).isEqualTo(98);
            assertThat(shown.messages()).isZero();
            assertThat(shown.pending()).isEqualTo(98);
        }
    }
}
