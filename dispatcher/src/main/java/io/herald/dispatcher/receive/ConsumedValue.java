package io.herald.dispatcher.receive;

import io.herald.schema.NotificationRequest;
import java.util.Objects;

/**
 * The value of a {@code notify.requests} record as {@link SafeRequestDeserializer} read it: either a
 * {@link NotificationRequest}, or a <em>poison</em> marker holding the error. The raw bytes are kept in both cases,
 * so that a record can go to the DLQ unchanged.
 */
public final class ConsumedValue {

    private final byte[] raw;
    private final NotificationRequest request;
    private final Exception error;

    private ConsumedValue(byte[] raw, NotificationRequest request, Exception error) {
        this.raw = raw;
        this.request = request;
        this.error = error;
    }

    /**
     * A record that was read.
     *
     * @param raw the record value as it was on the topic
     * @param request the decoded request, not null
     * @return the value
     */
    public static ConsumedValue of(byte[] raw, NotificationRequest request) {
        return new ConsumedValue(raw, Objects.requireNonNull(request, "request"), null);
    }

    /**
     * A record that could not be read.
     *
     * @param raw the record value as it was on the topic; null for a tombstone
     * @param error why it could not be read, not null
     * @return the poison marker
     */
    public static ConsumedValue poison(byte[] raw, Exception error) {
        return new ConsumedValue(raw, null, Objects.requireNonNull(error, "error"));
    }

    /** @return true if the record could not be deserialized */
    public boolean isPoison() {
        return request == null;
    }

    /** @return the request, or null for a poison record */
    public NotificationRequest request() {
        return request;
    }

    /** @return the deserialization error, or null if the record was read */
    public Exception error() {
        return error;
    }

    /** @return the record value as it was on the topic (may be null for a tombstone); not a copy */
    public byte[] raw() {
        return raw;
    }

    /** Never prints the request: it holds a recipient and a message text. */
    @Override
    public String toString() {
        return isPoison() ? "ConsumedValue[poison: " + error.getClass().getSimpleName() + "]"
                : "ConsumedValue[messageId=" + request.getMessageId() + "]";
    }
}
