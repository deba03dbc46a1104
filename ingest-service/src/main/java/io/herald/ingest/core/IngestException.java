package io.herald.ingest.core;

import io.herald.ingest.api.ErrorCode;
import io.herald.ingest.api.FieldError;
import java.util.List;

/** The base of every error the ingest service reports to a client on purpose; its code gives the HTTP answer. */
public abstract class IngestException extends RuntimeException {

    /**
     * @param message the problem's detail, for the client; never personal data
     * @param cause the underlying cause, or null
     */
    protected IngestException(String message, Throwable cause) {
        super(message, cause);
    }

    /** @return the stable error code, which binds the HTTP status and problem type */
    public abstract ErrorCode getCode();

    /** @return the invalid fields or parameters for the problem's {@code errors}, or null if there are none */
    public List<FieldError> errors() {
        return null;
    }
}
