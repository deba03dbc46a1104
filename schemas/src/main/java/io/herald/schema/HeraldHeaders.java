package io.herald.schema;

/**
 * The Kafka record headers Herald writes on {@value Topics#REQUESTS}, its retry topics and
 * {@value Topics#REQUESTS_DLQ}, defined once for the dispatcher that writes them and the tools that read them
 * ({@code herald dlq}). Every value is a UTF-8 string; times in ms since the epoch, numbers in decimal.
 */
public final class HeraldHeaders {

    /** Retry topics: gateway attempts made so far, over every tier, the inline ones included. */
    public static final String RETRY_ATTEMPTS = "herald.retry.attempts";
    /** Retry topics: when the first attempt failed, in ms since the epoch. */
    public static final String RETRY_FIRST_FAILURE = "herald.retry.first.failure.ms";
    /** Retry topics: the last error, its code, a colon and its description, e.g. {@code ESME_RSYSERR: System error}. */
    public static final String RETRY_LAST_ERROR = "herald.retry.last.error";
    /** Retry topics: when the record is due for its next attempt, in ms since the epoch. */
    public static final String RETRY_DUE = "herald.retry.due.ms";
    /** Retry topics: the tier the record is in, e.g. {@code 30s}. */
    public static final String RETRY_TIER = "herald.retry.tier";

    /** DLQ: why it failed, an exception class name for unreadable records, {@code SendFailure} for a refusal. */
    public static final String ERROR_CLASS = "herald.error.class";
    /** DLQ: a description of the error; never the message text or the recipient. */
    public static final String ERROR_MESSAGE = "herald.error.message";
    /** DLQ: a stable error code when there is one, e.g. {@code ESME_RINVDSTADR}. */
    public static final String ERROR_CODE = "herald.error.code";
    /** DLQ: the topic the record was consumed from. */
    public static final String ORIGINAL_TOPIC = "herald.original.topic";
    /** DLQ: the partition the record was consumed from. */
    public static final String ORIGINAL_PARTITION = "herald.original.partition";
    /** DLQ: the offset the record had. */
    public static final String ORIGINAL_OFFSET = "herald.original.offset";
    /** DLQ: delivery attempts made before giving up, 0 if none. */
    public static final String ATTEMPTS = "herald.attempts";

    /**
     * {@value Topics#REQUESTS}: the DLQ record a replayed request was copied from, as {@code topic/partition/offset},
     * e.g. {@code notify.requests.dlq/3/17} (written by {@code herald dlq replay}).
     */
    public static final String REPLAYED_FROM = "herald.replayed.from";

    /**
     * On a record of {@link Topics#HELD}: where it was moved from, {@code <topic>:<partition>:<offset>} (UTF-8), e.g.
     * {@code notify.requests:3:1042}.
     */
    public static final String HELD_FROM = "herald.held.from";

    /**
     * On a request of a batch with a {@code maxRate}, once a dispatcher gave it its turn: when it may be sent, ms since
     * the epoch (decimal, UTF-8); the request waits in a delay topic until then and is not given another turn.
     */
    public static final String RATE_SLOT = "herald.rate.slot";

    private HeraldHeaders() {
    }
}
