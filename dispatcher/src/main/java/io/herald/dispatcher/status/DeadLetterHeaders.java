package io.herald.dispatcher.status;

import io.herald.schema.HeraldHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * The headers Herald adds to a record it writes to {@value io.herald.schema.Topics#REQUESTS_DLQ}. All values are
 * UTF-8 strings; numbers in decimal.
 */
public final class DeadLetterHeaders {

    /** Why it failed: an exception class name for unreadable records, {@code SendFailure} for a gateway refusal. */
    public static final String ERROR_CLASS = HeraldHeaders.ERROR_CLASS;
    /** A description of the error; never the message text or the recipient. */
    public static final String ERROR_MESSAGE = HeraldHeaders.ERROR_MESSAGE;
    /** A stable error code when there is one, e.g. {@code ESME_RINVDSTADR}. */
    public static final String ERROR_CODE = HeraldHeaders.ERROR_CODE;
    /** The topic the record was consumed from. */
    public static final String ORIGINAL_TOPIC = HeraldHeaders.ORIGINAL_TOPIC;
    /** The partition the record was consumed from. */
    public static final String ORIGINAL_PARTITION = HeraldHeaders.ORIGINAL_PARTITION;
    /** The offset the record had. */
    public static final String ORIGINAL_OFFSET = HeraldHeaders.ORIGINAL_OFFSET;
    /** Delivery attempts made before giving up, 0 if none. */
    public static final String ATTEMPTS = HeraldHeaders.ATTEMPTS;

    private static final int MAX_MESSAGE_LENGTH = 1000;

    private DeadLetterHeaders() {
    }

    static void add(Headers headers, ConsumerRecord<?, ?> record, String error, String message, String code,
                    int attempts) {
        put(headers, ERROR_CLASS, error);
        String text = message == null ? "" : message;
        put(headers, ERROR_MESSAGE, text.length() > MAX_MESSAGE_LENGTH ? text.substring(0, MAX_MESSAGE_LENGTH) : text);
        if (code != null) {
            put(headers, ERROR_CODE, code);
        }
        put(headers, ORIGINAL_TOPIC, record.topic());
        put(headers, ORIGINAL_PARTITION, Integer.toString(record.partition()));
        put(headers, ORIGINAL_OFFSET, Long.toString(record.offset()));
        put(headers, ATTEMPTS, Integer.toString(attempts));
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
