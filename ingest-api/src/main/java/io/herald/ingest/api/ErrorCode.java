package io.herald.ingest.api;

/**
 * The stable error codes of the ingest API, each bound to an HTTP status and to the problem type URI
 * ({@code https://herald.dev/problems/<slug>}) that clients can switch on.
 *
 * <p>The enum constant names can be changed, but a slug (and so a type URI) and its status can not: clients depend on
 * them.
 */
public enum ErrorCode {
    /** The body is not well-formed JSON. */
    MALFORMED_JSON(400, "malformed-json", "Malformed JSON"),
    /** The body is JSON but breaks the API's rules: wrong type, missing or unknown field, limit exceeded. */
    INVALID_REQUEST(400, "invalid-request", "Invalid request"),
    /**
     * No valid API key: the {@code Authorization: Bearer <key>} header is missing, malformed, or names no key the
     * service knows. The answer carries {@code WWW-Authenticate: Bearer} (RFC 6750 §3).
     */
    UNAUTHORIZED(401, "unauthorized", "Unauthorized"),
    /**
     * The batch's {@code from} is not among the client's senders ({@code auth.clients.<id>.senders}): an SMS sender id
     * or an e-mail From domain the operator did not allow this client. Nothing was written.
     */
    SENDER_NOT_ALLOWED(403, "sender-not-allowed", "Sender not allowed"),
    /**
     * The batch's {@code priority} is above the client's {@code auth.clients.<id>.maxPriority} (e.g. {@code high} for a
     * client limited to {@code normal}). Nothing was written.
     */
    PRIORITY_NOT_ALLOWED(403, "priority-not-allowed", "Priority not allowed"),
    /** No resource at this path. */
    NOT_FOUND(404, "not-found", "Not found"),
    /** No named template has this id ({@code /v1/templates/{id}}). */
    TEMPLATE_NOT_FOUND(404, "template-not-found", "Template not found"),
    /** No batch has this id, or none of its records has been read yet ({@code GET /v1/batches/{id}}). */
    BATCH_NOT_FOUND(404, "batch-not-found", "Batch not found"),
    /**
     * No status of a message with this id has been read ({@code GET /v1/messages/{id}}): the id is unknown, or the
     * message is still queued (a message has a status once the dispatcher tried it).
     */
    MESSAGE_NOT_FOUND(404, "message-not-found", "Message not found"),
    /**
     * The batch was cancelled ({@code POST /v1/batches/{id}/cancel}): it can no longer be paused or resumed. Not
     * retriable.
     */
    BATCH_CANCELLED(409, "batch-cancelled", "Batch cancelled"),
    /** The resource does not support this HTTP method. */
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    /** The client accepts no media type the resource can produce. */
    NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable"),
    /** The body's Content-Type is not one the resource reads ({@code application/json}). */
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    /**
     * The request is not valid HTTP (a bad request line, header or encoding), answered by the HTTP server before any
     * resource saw it. Not retriable as it is.
     */
    BAD_HTTP_REQUEST(400, "bad-http-request", "Bad HTTP request"),
    /** The request line's URI is longer than the server reads (8 KiB by default). Not retriable as it is. */
    URI_TOO_LONG(414, "uri-too-long", "URI too long"),
    /** The request's header fields are larger than the server reads (8 KiB by default). Not retriable as it is. */
    HEADERS_TOO_LARGE(431, "headers-too-large", "Request header fields too large"),
    /**
     * The request's {@code If-Match} version is not the resource's current version (RFC 9110 §13.1.1): someone else
     * changed it since the client read it. Read it again, then retry.
     */
    VERSION_MISMATCH(412, "version-mismatch", "Precondition failed"),
    /**
     * A request with the same {@code Idempotency-Key} and body is still running. Retriable: the answer carries
     * {@code Retry-After}; the retry gets the first request's answer.
     */
    IDEMPOTENCY_KEY_IN_USE(409, "idempotency-key-in-use", "Idempotency key in use"),
    /**
     * The {@code Idempotency-Key} was used within its retention (24 h) for a request with another body. Not
     * retriable: a new request needs a new key.
     */
    IDEMPOTENCY_KEY_REUSED(422, "idempotency-key-reused", "Idempotency key reused"),
    /**
     * The body is larger than {@code maxRequestSize}. Not retriable as it is: split the batch.
     */
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "Payload too large"),
    /**
     * The client went over one of its quotas (requests per second, recipients per minute). Retriable: the answer
     * carries {@code Retry-After}, in seconds, when the quota has room again.
     */
    QUOTA_EXCEEDED(429, "quota-exceeded", "Too many requests"),
    /**
     * The client already has as many templates or suppression entries as the operator allows it
     * ({@code maxTemplatesPerClient}, {@code maxSuppressionsPerClient}); nothing was written. Not retriable as it is:
     * delete some first. The answer has no {@code Retry-After}.
     */
    LIMIT_REACHED(429, "limit-reached", "Limit reached"),
    /**
     * The service holds as many request bodies and rendered batches in memory as {@code maxInFlightBytes} allows; it
     * sheds this one rather than run out of heap. Nothing was written. Retriable: the answer carries
     * {@code Retry-After}.
     */
    INGEST_BUSY(503, "ingest-busy", "Ingest busy"),
    /**
     * Kafka did not acknowledge every record of the batch (or the template write) in time, or the templates are not
     * loaded yet; nothing may be assumed sent. Retriable: the answer carries {@code Retry-After}.
     */
    KAFKA_UNAVAILABLE(503, "kafka-unavailable", "Kafka unavailable"),
    /**
     * The status view cannot answer now: starting, rebalancing between instances, or restoring its stores.
     * Retriable: the answer carries {@code Retry-After}.
     */
    STATUS_UNAVAILABLE(503, "status-unavailable", "Status unavailable"),
    /** A bug: the cause is logged under the problem's {@code errorId}. */
    INTERNAL_ERROR(500, "internal-error", "Internal server error");

    /** The base of every problem type URI. */
    public static final String TYPE_BASE = "https://herald.dev/problems/";

    private final int status;
    private final String slug;
    private final String title;

    ErrorCode(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    /** @return the HTTP status code, e.g. 400 */
    public int status() {
        return status;
    }

    /** @return the problem type URI, e.g. {@code https://herald.dev/problems/invalid-request} */
    public String type() {
        return TYPE_BASE + slug;
    }

    /** @return the problem title, e.g. {@code Invalid request} */
    public String title() {
        return title;
    }

    /** @return whether repeating the same request later may succeed (the answer carries {@code Retry-After}) */
    public boolean isRetriable() {
        return status == 503 || this == QUOTA_EXCEEDED || this == IDEMPOTENCY_KEY_IN_USE;
    }
}
