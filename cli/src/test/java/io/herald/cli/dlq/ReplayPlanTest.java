package io.herald.cli.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.schema.Channel;
import io.herald.schema.NotificationRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** Which DLQ records {@code herald dlq replay} writes back. */
class ReplayPlanTest {

    private static final Instant T0 = Instant.parse("2026-11-29T04:00:00Z");

    @Test
    void replaysTheNewestRecordOfEachMessageNotSentSinceAndEveryUnreadableOne() {
        ReplayPlan plan = new ReplayPlan();
        DeadLetter firstOfM1 = letter(1, T0, "m-1");
        DeadLetter laterOfM1 = letter(2, T0.plusSeconds(60), "m-1");
        DeadLetter m2 = letter(3, T0.plusSeconds(30), "m-2");
        DeadLetter m3 = letter(4, T0.plusSeconds(10), "m-3");
        DeadLetter poison = letter(5, T0.minusSeconds(600), null);
        plan.add(laterOfM1);
        plan.add(firstOfM1);
        plan.add(m2);
        plan.add(poison);
        plan.add(m3);

        // the ledger is read from the earliest readable record; a poison record has no message to look up
        assertThat(plan.earliest()).contains(T0.plusSeconds(10));
        assertThat(plan.selected()).isEqualTo(5);
        // m-2 was accepted since: skipped
        Set<String> sent = Set.of("m-2");
        assertThat(plan.alreadySent(sent)).isEqualTo(1);
        assertThat(plan.toReplay(sent)).containsExactly(laterOfM1, m3, poison);
    }

    @Test
    void nothingSelectedReplaysNothingAndReadsNoLedger() {
        ReplayPlan plan = new ReplayPlan();

        assertThat(plan.earliest()).isEmpty();
        assertThat(plan.toReplay(Set.of())).isEmpty();
        assertThat(plan.selected()).isZero();
    }

    private static DeadLetter letter(long offset, Instant deadLetteredAt, String messageId) {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("notify.requests.dlq", 0, offset,
                deadLetteredAt.toEpochMilli(), TimestampType.CREATE_TIME, 11, 5,
                "+4791234567".getBytes(StandardCharsets.UTF_8), new byte[] {0, 0, 0, 0, 7}, new RecordHeaders(),
                Optional.empty());
        NotificationRequest request = messageId == null ? null : NotificationRequest.newBuilder()
                .setMessageId(messageId).setBatchId("b-1").setChannel(Channel.SMS).setRecipient("+4791234567")
                .setSender("HERALD").setText("Hi").setCreatedAt(T0).build();
        return DeadLetter.of(record, request);
    }
}
