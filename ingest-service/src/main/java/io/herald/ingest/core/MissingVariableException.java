package io.herald.ingest.core;

/**
 * A recipient lacks a variable the template uses. Thrown once per such recipient, so it carries no stack trace; it is
 * a verdict on the recipient's data, not a bug.
 */
public final class MissingVariableException extends RuntimeException {

    private final String variable;

    /** @param variable the placeholder's name */
    public MissingVariableException(String variable) {
        super("missing variable '" + variable + "'", null, false, false);
        this.variable = variable;
    }

    /** @return the placeholder's name */
    public String variable() {
        return variable;
    }
}
