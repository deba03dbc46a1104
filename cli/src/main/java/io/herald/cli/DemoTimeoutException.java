package io.herald.cli;

/** {@code herald demo} did not see a status for every accepted message within {@code --timeout}. */
public class DemoTimeoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what was missing, and where to look */
    public DemoTimeoutException(String message) {
        super(message);
    }
}
