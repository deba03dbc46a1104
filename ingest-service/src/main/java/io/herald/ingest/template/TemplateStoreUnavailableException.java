package io.herald.ingest.template;

import io.herald.ingest.api.ErrorCode;
import io.herald.ingest.core.IngestException;

/**
 * The template store cannot answer now (503 {@code kafka-unavailable}, with {@code Retry-After}): Kafka did not
 * acknowledge a write in time, this instance did not read its own write back in time, or it has not finished loading
 * the templates. Retriable. After a write that timed out the record may still have been written, so read the template
 * again before retrying with {@code If-Match}.
 */
public final class TemplateStoreUnavailableException extends IngestException {

    /**
     * @param message what failed, e.g. {@code Kafka did not acknowledge the template write within 35000 ms}; never
     *     template text
     * @param cause the Kafka error, or null
     */
    public TemplateStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorCode getCode() {
        return ErrorCode.KAFKA_UNAVAILABLE;
    }
}
