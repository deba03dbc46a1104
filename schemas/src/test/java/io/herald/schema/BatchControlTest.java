package io.herald.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.junit.jupiter.api.Test;

class BatchControlTest {

    private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void aControlReadsBackAsItWasWritten() {
        BatchControl control = new BatchControl("b-1", "shop", BatchControl.State.PAUSED, true, AT);

        String json = new String(control.toJson(), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"batchId\":\"b-1\",\"clientId\":\"shop\",\"state\":\"PAUSED\",\"held\":true,"
                + "\"at\":\"2026-12-07T10:00:00Z\"}");
        assertThat(BatchControl.fromJson(control.toJson())).isEqualTo(control);
        assertThat(new String(control.key(), StandardCharsets.UTF_8)).isEqualTo("b-1");
    }

    @Test
    void unknownFieldsAreIgnoredAndBadValuesRefused() {
        assertThat(BatchControl.fromJson(("{\"batchId\":\"b\",\"clientId\":\"c\",\"state\":\"CANCELLED\","
                + "\"at\":\"2026-12-07T10:00:00Z\",\"later\":1}").getBytes(StandardCharsets.UTF_8)).state())
                .isEqualTo(BatchControl.State.CANCELLED);
        assertThatThrownBy(() -> BatchControl.fromJson(("{\"batchId\":\"b\",\"clientId\":\"c\",\"state\":\"STOPPED\","
                + "\"at\":\"2026-12-07T10:00:00Z\"}").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BatchControl.fromJson("[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BatchControl.fromJson("{\"batchId\":\"b\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPauseMarksTheBatchHeldForGood() {
        BatchControl paused = BatchControl.next(null, "b", "c", BatchControl.State.PAUSED, AT);
        BatchControl resumed = BatchControl.next(paused, "b", "c", BatchControl.State.RUNNING, AT.plusSeconds(1));
        BatchControl cancelled = BatchControl.next(null, "b", "c", BatchControl.State.CANCELLED, AT);

        assertThat(paused.held()).isTrue();
        assertThat(resumed.held()).isTrue();
        assertThat(resumed.state()).isEqualTo(BatchControl.State.RUNNING);
        assertThat(cancelled.held()).isFalse();
        assertThat(BatchControl.State.PAUSED.apiName()).isEqualTo("paused");
    }

    @Test
    void theViewKeepsEachBatchsLatestControlSkipsUnreadableRecordsAndForgetsOnATombstone() {
        BatchControls controls = new BatchControls(
                new MockConsumer<>("earliest"), Topics.BATCH_CONTROL);
        BatchControl paused = new BatchControl("b-1", "shop", BatchControl.State.PAUSED, true, AT);
        BatchControl resumed = new BatchControl("b-1", "shop", BatchControl.State.RUNNING, true, AT.plusSeconds(5));

        controls.apply(record(0, "b-1", paused.toJson()));
        assertThat(controls.state("b-1")).isEqualTo(BatchControl.State.PAUSED);
        controls.apply(record(1, "b-1", "not json".getBytes(StandardCharsets.UTF_8)));
        controls.apply(record(2, null, paused.toJson()));
        assertThat(controls.control("b-1")).isEqualTo(paused);
        controls.apply(record(3, "b-1", resumed.toJson()));
        assertThat(controls.control("b-1")).isEqualTo(resumed);
        assertThat(controls.state("other")).isEqualTo(BatchControl.State.RUNNING);
        assertThat(controls.control(null)).isNull();
        controls.apply(record(4, "b-1", null));
        assertThat(controls.control("b-1")).isNull();
        assertThat(controls.size()).isZero();
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, String key, byte[] value) {
        return new ConsumerRecord<>(Topics.BATCH_CONTROL, 0, offset,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
    }
}
