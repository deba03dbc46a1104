package io.herald.dispatcher.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerEntryTest {

    @Test
    void roundTripsThroughItsTextForm() {
        LedgerEntry entry = new LedgerEntry("notify.requests.retry.30s", 3, 1234, 2, List.of("8f2a01", "8f2a02"));
        byte[] bytes = entry.toBytes();
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("notify.requests.retry.30s 3 1234 2 8f2a01,8f2a02");
        assertThat(LedgerEntry.parse(bytes)).isEqualTo(entry);
    }

    @Test
    void rejectsOtherForms() {
        assertThatThrownBy(() -> LedgerEntry.parse(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LedgerEntry.parse("notify.requests 3 x 1 id".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LedgerEntry.parse("notify.requests 3 4 1".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
