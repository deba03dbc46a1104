package io.herald.cli.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.schema.HeraldHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DeadLetterTest {

    private static final Instant T0 = Instant.parse("2026-11-29T04:00:00Z");

    @Test
    void readsTheDlqHeadersAndFallsBackToTheErrorClassWithoutACode() {
        DeadLetter refused = DeadLetter.of(record(3, 17, T0, HeraldHeaders.ERROR_CODE, "ESME_RSYSERR",
                HeraldHeaders.ERROR_CLASS, "SendFailure", HeraldHeaders.ATTEMPTS, "3"), null);
        DeadLetter poison = DeadLetter.of(record(0, 1, T0, HeraldHeaders.ERROR_CLASS,
                "RecordDeserializationException", HeraldHeaders.ATTEMPTS, "x"), null);

        assertThat(refused.errorKey()).isEqualTo("ESME_RSYSERR");
        assertThat(refused.attempts()).isEqualTo(3);
        assertThat(refused.recipient()).isEqualTo("+4791234567");
        assertThat(refused.deadLetteredAt()).isEqualTo(T0);
        assertThat(refused.position()).isEqualTo("notify.requests.dlq/3/17");
        assertThat(poison.errorKey()).isEqualTo("RecordDeserializationException");
        assertThat(poison.attempts()).as("an unreadable count").isZero();
    }

    @Test
    void selectsByErrorCodeAndHalfOpenTimeRange() {
        DeadLetter letter = DeadLetter.of(record(0, 0, T0, HeraldHeaders.ERROR_CODE, "ESME_RSYSERR"), null);

        assertThat(new DlqSelection(Set.of(), null, null).matches(letter)).isTrue();
        assertThat(new DlqSelection(Set.of("ESME_RSYSERR", "X"), null, null).matches(letter)).isTrue();
        assertThat(new DlqSelection(Set.of("ESME_RINVDSTADR"), null, null).matches(letter)).isFalse();
        assertThat(new DlqSelection(Set.of(), T0, null).matches(letter)).as("since is inclusive").isTrue();
        assertThat(new DlqSelection(Set.of(), T0.plusMillis(1), null).matches(letter)).isFalse();
        assertThat(new DlqSelection(Set.of(), null, T0).matches(letter)).as("until is exclusive").isFalse();
        assertThat(new DlqSelection(Set.of(), null, T0.plusMillis(1)).matches(letter)).isTrue();
        assertThat(new DlqSelection(Set.of(), null, null).isEverything()).isTrue();
        assertThat(new DlqSelection(Set.of("X"), null, null).isEverything()).isFalse();
        assertThatThrownBy(() -> new DlqSelection(Set.of(), T0, T0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReplayKeepsKeyValueAndOtherHeadersDropsTheDlqAndRetryStateAndCountsAttemptsOn() {
        ConsumerRecord<byte[], byte[]> record = record(5, 42, T0,
                "traceparent", "00-abc-def-01",
                HeraldHeaders.RETRY_FIRST_FAILURE, "1000",
                HeraldHeaders.RETRY_ATTEMPTS, "2",
                HeraldHeaders.RETRY_DUE, "2000",
                HeraldHeaders.RETRY_TIER, "5m",
                HeraldHeaders.RETRY_LAST_ERROR, "ESME_RSYSERR: System error",
                HeraldHeaders.ERROR_CODE, "ESME_RSYSERR",
                HeraldHeaders.ERROR_CLASS, "SendFailure",
                HeraldHeaders.ERROR_MESSAGE, "transient failure, 3 attempts",
                HeraldHeaders.ORIGINAL_TOPIC, "notify.requests.retry.5m",
                HeraldHeaders.ORIGINAL_PARTITION, "5",
                HeraldHeaders.ORIGINAL_OFFSET, "9",
                HeraldHeaders.ATTEMPTS, "3");

        ProducerRecord<byte[], byte[]> replay = ReplayRecords.toRequest(DeadLetter.of(record, null), "notify.requests");

        assertThat(replay.topic()).isEqualTo("notify.requests");
        assertThat(replay.partition()).as("partitioned by key, as ingest's records").isNull();
        assertThat(replay.key()).isEqualTo(record.key());
        assertThat(replay.value()).isEqualTo(record.value());
        assertThat(replay.headers()).extracting(Header::key).containsExactlyInAnyOrder("traceparent",
                HeraldHeaders.RETRY_FIRST_FAILURE, HeraldHeaders.RETRY_ATTEMPTS, HeraldHeaders.REPLAYED_FROM);
        assertThat(value(replay, HeraldHeaders.RETRY_ATTEMPTS)).as("the DLQ's total").isEqualTo("3");
        assertThat(value(replay, HeraldHeaders.RETRY_FIRST_FAILURE)).isEqualTo("1000");
        assertThat(value(replay, HeraldHeaders.REPLAYED_FROM)).isEqualTo("notify.requests.dlq/5/42");
    }

    @Test
    void aRecordDeadLetteredWithoutAttemptsIsReplayedWithoutAnAttemptCount() {
        ProducerRecord<byte[], byte[]> replay = ReplayRecords.toRequest(DeadLetter.of(record(0, 0, T0,
                HeraldHeaders.ERROR_CLASS, "RecordDeserializationException", HeraldHeaders.ATTEMPTS, "0"), null),
                "notify.requests");

        assertThat(replay.headers().lastHeader(HeraldHeaders.RETRY_ATTEMPTS)).isNull();
    }

    @Test
    void readsInstantsAndDurationsBeforeNow() {
        InstantConverter converter = new InstantConverter(Clock.fixed(T0, ZoneOffset.UTC));

        assertThat(converter.convert("2026-11-28T22:30:00Z")).isEqualTo(Instant.parse("2026-11-28T22:30:00Z"));
        assertThat(converter.convert("2h")).isEqualTo(T0.minus(Duration.ofHours(2)));
        assertThat(converter.convert("90s")).isEqualTo(T0.minusSeconds(90));
        assertThat(converter.convert("PT30M")).isEqualTo(T0.minus(Duration.ofMinutes(30)));
        assertThatThrownBy(() -> converter.convert("yesterday"))
                .isInstanceOf(CommandLine.TypeConversionException.class).hasMessageContaining("'yesterday'");
        assertThatThrownBy(() -> converter.convert("2026-11-28T25:00:00Z"))
                .isInstanceOf(CommandLine.TypeConversionException.class).hasMessageContaining("not an instant");
    }

    @Test
    void agesInTheirTwoLargestUnits() {
        assertThat(DlqListCommand.age(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(DlqListCommand.age(Duration.ofSeconds(252))).isEqualTo("4m12s");
        assertThat(DlqListCommand.age(Duration.ofMinutes(123))).isEqualTo("2h03m");
        assertThat(DlqListCommand.age(Duration.ofHours(76))).isEqualTo("3d04h");
        assertThat(DlqListCommand.age(Duration.ofSeconds(-5))).as("a clock behind the broker's").isEqualTo("0s");
    }

    private static ConsumerRecord<byte[], byte[]> record(int partition, long offset, Instant timestamp,
                                                         String... headers) {
        RecordHeaders recordHeaders = new RecordHeaders();
        for (int i = 0; i < headers.length; i += 2) {
            recordHeaders.add(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return new ConsumerRecord<>("notify.requests.dlq", partition, offset, timestamp.toEpochMilli(),
                TimestampType.CREATE_TIME, 11, 5, "+4791234567".getBytes(StandardCharsets.UTF_8),
                new byte[] {0, 0, 0, 0, 7}, recordHeaders, Optional.empty());
    }

    private static String value(ProducerRecord<byte[], byte[]> record, String header) {
        return new String(record.headers().lastHeader(header).value(), StandardCharsets.UTF_8);
    }
}
