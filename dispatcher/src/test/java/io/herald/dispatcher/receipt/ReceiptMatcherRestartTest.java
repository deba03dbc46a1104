package io.herald.dispatcher.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.dispatcher.admin.ReceiptStats;
import io.herald.kafka.AvroBinarySerde;
import io.herald.schema.DeliveryReceipt;
import io.herald.schema.internal.PartReceipt;
import io.herald.schema.internal.ReceiptCorrelation;
import io.herald.schema.internal.SubmittedPart;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ReceiptMatcher} keeps a count of the receipts waiting in its task and looks for waiting receipts only while
 * there are some; these tests start a second matcher on the stores the first one left (as after a restart, when the
 * stores were restored from their changelogs) and check that it finds what waits there.
 */
class ReceiptMatcherRestartTest {

    private static final long T0 = Instant.parse("2026-12-06T12:00:00Z").toEpochMilli();

    private final ReceiptStats stats = new ReceiptStats();
    private KeyValueStore<String, ReceiptCorrelation> submitted;
    private KeyValueStore<String, DeliveryReceipt> pending;
    private KeyValueStore<String, String> expiry;
    private ReceiptMatcher matcher;

    @BeforeEach
    void stores() {
        submitted = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ReceiptMatcher.SUBMITTED_STORE),
                Serdes.String(), new AvroBinarySerde<>(ReceiptCorrelation.class)).withLoggingDisabled().build();
        pending = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ReceiptMatcher.PENDING_STORE),
                Serdes.String(), new AvroBinarySerde<>(DeliveryReceipt.class)).withLoggingDisabled().build();
        expiry = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ReceiptMatcher.EXPIRY_STORE),
                Serdes.String(), Serdes.String()).withLoggingDisabled().build();
    }

    /** A matcher on the shared stores, initialised as Kafka Streams does when its task starts. */
    private MockProcessorContext<String, PartReceipt> start() {
        MockProcessorContext<String, PartReceipt> context = new MockProcessorContext<>();
        for (KeyValueStore<String, ?> store : List.of(submitted, pending, expiry)) {
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
        }
        matcher = new ReceiptMatcher(60_000, 60_000, stats);
        matcher.init(context);
        return context;
    }

    private static DeliveryReceipt receipt(String id) {
        return DeliveryReceipt.newBuilder().setGatewayMessageId(id).setStat("DELIVRD").setErrorCode("000")
                .setReceivedAt(Instant.ofEpochMilli(T0 + 5_000)).setRecipient("4791234567").setGateway("smpp").build();
    }

    private static ReceiptCorrelation submission(String messageId, String id) {
        return new ReceiptCorrelation(new SubmittedPart(messageId, "b1", 1, 1, id, "smpp", 1, T0), null, true);
    }

    @Test
    void aReceiptThatWaitedBeforeARestartMeetsItsSubmissionAfterIt() {
        start();
        matcher.process(new Record<>("ff02", new ReceiptCorrelation(null, receipt("ff02"), true), T0 + 5_000));
        assertThat(pending.approximateNumEntries()).isEqualTo(1);

        MockProcessorContext<String, PartReceipt> restarted = start();
        matcher.process(new Record<>("ff02", submission("m1", "ff02"), T0 + 6_000));

        assertThat(restarted.forwarded()).hasSize(1);
        assertThat(restarted.forwarded().get(0).record().key()).isEqualTo("m1");
        assertThat(pending.approximateNumEntries()).isZero();
    }

    @Test
    void withNothingWaitingASubmissionIsOnlyStored() {
        MockProcessorContext<String, PartReceipt> context = start();
        matcher.process(new Record<>("ff03", submission("m2", "ff03"), T0));

        assertThat(context.forwarded()).isEmpty();
        assertThat(submitted.get("ff03").getSubmission().getMessageId()).isEqualTo("m2");

        matcher.process(new Record<>("ff03", new ReceiptCorrelation(null, receipt("ff03"), true), T0 + 5_000));
        assertThat(context.forwarded()).hasSize(1);
    }
}
