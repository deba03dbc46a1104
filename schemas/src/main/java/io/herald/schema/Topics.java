package io.herald.schema;

/**
 * The Kafka topics Herald reads and writes. Every module takes topic names from here, so that they are defined once.
 *
 * <table>
 *   <caption>Topics</caption>
 *   <tr><th>Topic</th><th>Key</th><th>Value</th></tr>
 *   <tr><td>{@value #REQUESTS}</td><td>recipient (E.164 or lower-cased e-mail address), UTF-8 string</td>
 *       <td>{@link NotificationRequest}, Avro in Confluent wire format</td></tr>
 *   <tr><td>{@value #STATUS}</td><td>messageId, UTF-8 string</td>
 *       <td>{@link DeliveryStatus}, Avro in Confluent wire format</td></tr>
 *   <tr><td>{@value #REQUESTS_DLQ}</td><td>as {@value #REQUESTS}</td>
 *       <td>the original record's bytes, unchanged, with error headers</td></tr>
 * </table>
 */
public final class Topics {

    /** Requests to send, one record per recipient. */
    public static final String REQUESTS = "notify.requests";

    /** Status events ({@link DeliveryStatus}) for every message. */
    public static final String STATUS = "notify.status";

    /** Records that failed permanently or could not be read (dead-letter queue). */
    public static final String REQUESTS_DLQ = "notify.requests.dlq";

    /** Default partition count of {@value #REQUESTS}; it caps how many dispatchers can share the work. */
    public static final int DEFAULT_REQUESTS_PARTITIONS = 12;

    /** Default partition count of {@value #STATUS} and {@value #REQUESTS_DLQ}. */
    public static final int DEFAULT_STATUS_PARTITIONS = 6;

    private Topics() {
    }
}
