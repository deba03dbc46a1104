package io.herald.ingest.core;

import io.herald.ingest.api.ErrorCode;

/**
 * Kafka did not acknowledge every record of a batch (503). Retriable: the whole batch may be sent again later. Some of
 * its records may already have been written, so a retry can duplicate them (at-least-once).
 */
public final class PublishException extends IngestException {

    private final long acknowledged;
    private final long total;

    /**
     * @param message what failed, for the client and the log, e.g. {@code Kafka did not acknowledge 12 of 500 records
     *     within 35000 ms}; never personal data
     * @param cause the first Kafka error, or null
     */
    public PublishException(String message, Throwable cause) {
        this(message, cause, -1, -1);
    }

    /**
     * @param message what failed, for the client and the log; never personal data
     * @param cause the first Kafka error, or null
     * @param acknowledged how many of the batch's records Kafka did acknowledge (they will be sent), at least that
     *     many; -1 if unknown
     * @param total how many records the batch has; -1 if unknown
     */
    public PublishException(String message, Throwable cause, long acknowledged, long total) {
        super(message, cause);
        this.acknowledged = acknowledged;
        this.total = total;
    }

    /** @return how many records Kafka acknowledged before the failure (a lower bound), or -1 if unknown */
    public long acknowledged() {
        return acknowledged;
    }

    /** @return how many records the batch has, or -1 if unknown */
    public long total() {
        return total;
    }

    /**
     * @param acknowledged how many of the batch's records were acknowledged
     * @param total how many the batch has
     * @return this failure with those counts
     */
    public PublishException withCounts(long acknowledged, long total) {
        return new PublishException(getMessage(), getCause(), acknowledged, total);
    }

    @Override
    public ErrorCode getCode() {
        return ErrorCode.KAFKA_UNAVAILABLE;
    }
}
