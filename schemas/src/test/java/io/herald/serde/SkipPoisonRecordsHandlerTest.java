package io.herald.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Result;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class SkipPoisonRecordsHandlerTest {

    private static final byte[] UNKNOWN_ID_VALUE = {0, 0, 1, 0, 1, 42};

    private record Context(long offset) implements ErrorHandlerContext {
        @Override
        public String topic() {
            return "notify.status";
        }

        @Override
        public int partition() {
            return 0;
        }

        @Override
        public Headers headers() {
            return new RecordHeaders();
        }

        @Override
        public String processorNodeId() {
            return "source";
        }

        @Override
        public TaskId taskId() {
            return new TaskId(0, 0);
        }

        @Override
        public long timestamp() {
            return 0;
        }

        @Override
        public byte[] sourceRawKey() {
            return null;
        }

        @Override
        public byte[] sourceRawValue() {
            return UNKNOWN_ID_VALUE;
        }
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset) {
        return new ConsumerRecord<>("notify.status", 0, offset, null, UNKNOWN_ID_VALUE);
    }

    @Test
    void poisonIsSkippedAndCountedPerApplication() {
        // given a handler of one application
        String application = "app-" + UUID.randomUUID();
        SkipPoisonRecordsHandler handler = new SkipPoisonRecordsHandler();
        handler.configure(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, application));
        // when 500 poison records come
        for (int i = 0; i < 500; i++) {
            Result result = handler.handleError(new Context(i), record(i),
                    new PoisonRecordException(65537, "schema id 65537 is unknown to the registry", null)).result();
            // then each is skipped
            assertThat(result).isEqualTo(Result.RESUME);
        }
        // and counted for that application only
        assertThat(SkipPoisonRecordsHandler.skipped(application)).isEqualTo(500);
        assertThat(SkipPoisonRecordsHandler.skipped("another-" + application)).isZero();
    }

    @Test
    void anUnreachableRegistryFailsTheThreadInsteadOfSkipping() {
        String application = "app-" + UUID.randomUUID();
        SkipPoisonRecordsHandler handler = new SkipPoisonRecordsHandler();
        handler.configure(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, application));
        Result result = handler.handleError(new Context(1), record(1), new RegistryUnavailableException(
                "schema registry unavailable", new ConnectException("Connection refused"))).result();
        assertThat(result).isEqualTo(Result.FAIL);
        assertThat(SkipPoisonRecordsHandler.skipped(application)).isZero();
    }
}
