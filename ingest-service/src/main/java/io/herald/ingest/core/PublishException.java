package io.herald.ingest.core;

import io.herald.ingest.api.ErrorCode;

/**
 * Kafka did not acknowledge every record of a batch (503). Retriable: the whole batch may be sent again later. Some of
 * its records may already have been written, so a retry can duplicate them (at-least-once).
 */
public final class PublishException extends IngestException {

    /**
     * @param message what failed, for the client and the log, e.g. {@code Kafka did not acknowledge 12 of 500 records
     *     within 35000 ms}; never personal data
     * @param cause the first Kafka error, or null
     */
    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorCode getCode() {
        return ErrorCode.KAFKA_UNAVAILABLE;
    }
}
