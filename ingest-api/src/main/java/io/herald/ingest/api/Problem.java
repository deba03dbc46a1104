package io.herald.ingest.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An error answer, {@code application/problem+json} per RFC 9457.
 *
 * @param type a stable URI per {@link ErrorCode}, e.g. {@code https://herald.dev/problems/invalid-request};
 *     {@code about:blank} for HTTP errors with no Herald-specific meaning (RFC 9457 §4.2.1)
 * @param title the short summary of the type, the same for every occurrence
 * @param status the HTTP status code, repeated from the response
 * @param detail what went wrong this time, for humans
 * @param errors for field errors, one entry per invalid field; null (absent) otherwise
 * @param errorId for unexpected errors only, the id under which the server logged the cause; null (absent) otherwise
 * @param acknowledged for {@code kafka-unavailable} on a batch: how many of its records Kafka did acknowledge before
 *     the failure (they will be sent; at least this many); null (absent) otherwise
 * @param total for {@code kafka-unavailable} on a batch: how many records the batch has; null (absent) otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors,
                     String errorId, Long acknowledged, Long total) {

    /** The media type of a problem document, per RFC 9457 §3. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /**
     * A problem of a Herald error code.
     *
     * @param code the error code, which gives type, title and status
     * @param detail what went wrong this time
     * @param errors the invalid fields, or null
     * @return the problem
     */
    public static Problem of(ErrorCode code, String detail, List<FieldError> errors) {
        return new Problem(code.type(), code.title(), code.status(), detail, errors, null, null, null);
    }

    /**
     * @param acknowledged how many of a batch's records Kafka acknowledged
     * @param total how many records the batch has
     * @return this problem with the counts of a partial write
     */
    public Problem withWritten(long acknowledged, long total) {
        return new Problem(type, title, status, detail, errors, errorId, acknowledged, total);
    }
}
