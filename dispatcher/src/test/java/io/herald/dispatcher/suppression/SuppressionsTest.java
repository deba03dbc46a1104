package io.herald.dispatcher.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.schema.SuppressionSet;
import org.junit.jupiter.api.Test;

/** The two scopes of suppression.scope over the same entries. */
class SuppressionsTest {

    private final SuppressionSet entries = new SuppressionSet();

    SuppressionsTest() {
        entries.add(null, "+4791000001"); // an MO STOP
        entries.add("shop", "+4791000002"); // shop's own entry
    }

    @Test
    void byRecipientAnyEntryStopsEveryClientsMessages() {
        Suppressions suppressions = Suppressions.byRecipient(entries);

        assertThat(suppressions.isSuppressed("+4791000001", "bank")).isTrue();
        assertThat(suppressions.isSuppressed("+4791000002", "bank")).isTrue();
        assertThat(suppressions.isSuppressed("+4791000002", null)).isTrue();
        assertThat(suppressions.isSuppressed("+4791000003", "shop")).isFalse();
    }

    @Test
    void byClientAClientsEntryStopsOnlyItsOwnMessagesAndASharedOneStopsAll() {
        Suppressions suppressions = Suppressions.byClient(entries);

        assertThat(suppressions.isSuppressed("+4791000001", "bank")).isTrue();
        assertThat(suppressions.isSuppressed("+4791000001", null)).isTrue();
        assertThat(suppressions.isSuppressed("+4791000002", "shop")).isTrue();
        assertThat(suppressions.isSuppressed("+4791000002", "bank")).isFalse();
        assertThat(suppressions.isSuppressed("+4791000002", null)).isFalse();
        assertThat(suppressions.isSuppressed(null, "shop")).isFalse();
    }
}
