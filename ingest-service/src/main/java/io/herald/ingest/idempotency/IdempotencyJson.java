package io.herald.ingest.idempotency;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The value of a {@code notify.idempotency} record: UTF-8 JSON
 * {@code {"kind", "claimId", "requestHash", "batchId", "response"}}, the last two only in a {@code DONE}. The time is
 * the Kafka record's timestamp, not in the value. Unknown fields are ignored, so that a later version may add some.
 */
final class IdempotencyJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private record Value(IdempotencyRecord.Kind kind, String claimId, String requestHash, String batchId,
                         String response) {
    }

    private IdempotencyJson() {
    }

    /**
     * @param record a record
     * @return its value's bytes
     */
    static byte[] write(IdempotencyRecord record) {
        try {
            return MAPPER.writeValueAsBytes(new Value(record.kind(), record.claimId(), record.requestHash(),
                    record.batchId(), record.response()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an idempotency record cannot be written as JSON", e);
        }
    }

    /**
     * @param value a record's value
     * @param timestampMs the record's timestamp, in ms since the epoch
     * @return the record
     * @throws IllegalArgumentException if the value is not a valid idempotency record
     */
    static IdempotencyRecord read(byte[] value, long timestampMs) {
        try {
            Value parsed = MAPPER.readValue(value, Value.class);
            if (parsed == null || parsed.kind() == null || parsed.claimId() == null || parsed.requestHash() == null) {
                throw new IllegalArgumentException("not an idempotency record: kind, claimId or requestHash missing");
            }
            return new IdempotencyRecord(parsed.kind(), parsed.claimId(), parsed.requestHash(), timestampMs,
                    parsed.batchId(), parsed.response());
        } catch (IOException e) {
            throw new IllegalArgumentException("not an idempotency record: " + e.getMessage(), e);
        }
    }
}
