package io.herald.ingest.core;

/** A message template that cannot be parsed: see {@link MessageTemplate} for the syntax. */
public final class InvalidTemplateException extends RuntimeException {

    /** @param message what is wrong and where (offset from 0), without quoting the template */
    public InvalidTemplateException(String message) {
        super(message);
    }
}
