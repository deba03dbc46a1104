package io.herald.smsc.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.smsc.ReceivedMessage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageStoreTest {

    private static ReceivedMessage message(String heraldId, String text) {
        return new ReceivedMessage(heraldId, List.of("id"), "+4791234567", "Herald", 5, 0, text, 1, 0,
                Instant.now());
    }

    @Test
    void shouldKeepOnlyTheNewestMessagesButCountAll() {
        // given
        MessageStore store = new MessageStore(2);

        // when
        store.record(message("a", "1"));
        store.record(message("b", "2"));
        store.record(message("c", "3"));

        // then
        assertThat(store.find(m -> true)).extracting(ReceivedMessage::text).containsExactly("2", "3");
        assertThat(store.messages()).isEqualTo(3);
        assertThat(store.distinctMessages()).isEqualTo(3);
    }

    @Test
    void shouldReportADuplicateHeraldId() {
        // given
        MessageStore store = new MessageStore(10);
        store.record(message("a", "1"));

        // when
        boolean distinct = store.record(message("a", "1 again"));

        // then
        assertThat(distinct).isFalse();
        assertThat(store.distinctMessages()).isEqualTo(1);
    }

    @Test
    void shouldNotPrintRecipientOrTextInToString() {
        assertThat(message("a", "secret text").toString()).doesNotContain("+4791234567").doesNotContain("secret");
    }
}
