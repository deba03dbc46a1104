package io.herald.cli.dlq;

import io.herald.schema.HeraldHeaders;
import io.herald.schema.NotificationRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * One record of {@code notify.requests.dlq}, read: where it is, when it was dead-lettered, why, and which message it
 * holds.
 *
 * @param record the record as it is on the topic (key and value bytes, headers)
 * @param deadLetteredAt the record's timestamp: when the dispatcher wrote it to the DLQ
 * @param recipient the record key (E.164 number or lower-cased e-mail address), or null for a record without a key
 * @param errorCode {@value HeraldHeaders#ERROR_CODE}, e.g. {@code ESME_RSYSERR}, or null when the error has none
 * @param errorClass {@value HeraldHeaders#ERROR_CLASS}: {@code SendFailure} for a gateway refusal, an exception class
 *     for an unreadable record; {@code unknown} when missing
 * @param errorMessage {@value HeraldHeaders#ERROR_MESSAGE}, or the empty string
 * @param attempts {@value HeraldHeaders#ATTEMPTS}: delivery attempts made before it was dead-lettered, 0 if none
 * @param request the value read as a {@link NotificationRequest}, or null when it cannot be read (a poison record,
 *     or a schema the registry does not have)
 */
public record DeadLetter(ConsumerRecord<byte[], byte[]> record, Instant deadLetteredAt, String recipient,
                         String errorCode, String errorClass, String errorMessage, int attempts,
                         NotificationRequest request) {

    /**
     * @param record a record of the DLQ
     * @param request its value read as a request, or null if it cannot be read
     * @return the record read
     */
    public static DeadLetter of(ConsumerRecord<byte[], byte[]> record, NotificationRequest request) {
        Headers headers = record.headers();
        String attempts = header(headers, HeraldHeaders.ATTEMPTS);
        int count;
        try {
            count = attempts == null ? 0 : Integer.parseInt(attempts.trim());
        } catch (NumberFormatException e) {
            count = 0;
        }
        String errorClass = header(headers, HeraldHeaders.ERROR_CLASS);
        String message = header(headers, HeraldHeaders.ERROR_MESSAGE);
        return new DeadLetter(record, Instant.ofEpochMilli(record.timestamp()),
                record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                header(headers, HeraldHeaders.ERROR_CODE), errorClass == null ? "unknown" : errorClass,
                message == null ? "" : message, Math.max(0, count), request);
    }

    /**
     * @return the error code, or for an error without one (an unreadable record) its error class: what
     *     {@code --error-code} selects on and what {@code herald dlq list} shows
     */
    public String errorKey() {
        return errorCode != null ? errorCode : errorClass;
    }

    /** @return where the record is, {@code topic/partition/offset} */
    public String position() {
        return record.topic() + "/" + record.partition() + "/" + record.offset();
    }

    static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
