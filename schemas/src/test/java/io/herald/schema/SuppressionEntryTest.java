package io.herald.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SuppressionEntryTest {

    private static final Instant AT = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void writesTheDocumentedJsonShape() {
        // given
        SuppressionEntry entry = new SuppressionEntry("+4791234567", SuppressionEntry.SOURCE_API, "asked", AT);

        // when
        String json = new String(entry.toJson(), StandardCharsets.UTF_8);

        // then
        assertThat(json).isEqualTo(
                "{\"recipient\":\"+4791234567\",\"source\":\"api\",\"reason\":\"asked\",\"at\":\"2026-11-27T10:00:00Z\"}");
        assertThat(new String(entry.key(), StandardCharsets.UTF_8)).isEqualTo("+4791234567");
    }

    @Test
    void roundTripsWithAndWithoutReason() {
        SuppressionEntry withReason = new SuppressionEntry("+4791234567", "api", "asked", AT);
        SuppressionEntry without = new SuppressionEntry("+4791234567", SuppressionEntry.SOURCE_MO_STOP, null, AT);

        assertThat(SuppressionEntry.fromJson(withReason.toJson())).isEqualTo(withReason);
        assertThat(SuppressionEntry.fromJson(without.toJson())).isEqualTo(without);
        assertThat(new String(without.toJson(), StandardCharsets.UTF_8)).doesNotContain("reason");
    }

    @Test
    void ignoresUnknownFieldsAndRefusesIncompleteDocuments() {
        byte[] extra = "{\"recipient\":\"+4791234567\",\"source\":\"api\",\"at\":\"2026-11-27T10:00:00Z\",\"x\":1}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(SuppressionEntry.fromJson(extra).recipient()).isEqualTo("+4791234567");

        assertThatThrownBy(() -> SuppressionEntry.fromJson("{\"recipient\":\"+47\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SuppressionEntry.fromJson("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aClientsEntryIsKeyedByOwnerAndRecipientAndASharedOneByTheRecipient() {
        SuppressionEntry owned = new SuppressionEntry("ola@example.com", SuppressionEntry.SOURCE_API, null, AT, "shop");
        SuppressionEntry shared = new SuppressionEntry("+4791234567", SuppressionEntry.SOURCE_MO_STOP, null, AT);

        assertThat(new String(owned.key(), StandardCharsets.UTF_8)).isEqualTo("shop ola@example.com");
        assertThat(new String(shared.key(), StandardCharsets.UTF_8)).isEqualTo("+4791234567");
        assertThat(SuppressionEntry.fromJson(owned.toJson())).isEqualTo(owned);
        assertThat(new String(owned.toJson(), StandardCharsets.UTF_8)).contains("\"clientId\":\"shop\"");
        assertThat(SuppressionKeys.parse("shop ola@example.com"))
                .contains(new SuppressionKeys.Key("shop", "ola@example.com"));
        assertThat(SuppressionKeys.parse("+4791234567")).contains(new SuppressionKeys.Key(null, "+4791234567"));
        assertThat(SuppressionKeys.parse("a b c")).isEmpty();
        assertThat(SuppressionKeys.parse("bad/client +4791234567")).isEmpty();
        assertThat(SuppressionKeys.parse("")).isEmpty();
        assertThatThrownBy(() -> new SuppressionEntry("+47 912", "api", null, AT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SuppressionEntry("+4791234567", "api", null, AT, "no spaces"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringMasksTheRecipientAndOmitsTheReason() {
        SuppressionEntry entry = new SuppressionEntry("+4791234567", "api", "secret reason", AT);
        assertThat(entry.toString()).contains("+47912****67").doesNotContain("4791234567").doesNotContain("secret");
    }
}
