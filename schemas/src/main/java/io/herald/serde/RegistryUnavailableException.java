package io.herald.serde;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * The schema registry could not be reached while a value was read or written; the record itself may be fine, so a
 * reader must not treat it as poison: it retries the record later.
 */
public final class RegistryUnavailableException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was being done
     * @param cause the network error
     */
    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether an error of the registry client says the registry could not be reached, rather than that the record is
     * bad.
     *
     * @param error an error thrown by a serde
     * @return true if its cause chain holds a network error (refused, reset, timeout, unknown host) or a rate-limit
     *     answer of the registry
     */
    public static boolean isCauseOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RegistryUnavailableException || t instanceof SocketException
                    || t instanceof SocketTimeoutException || t instanceof HttpTimeoutException
                    || t instanceof UnknownHostException
                    || t.getClass().getSimpleName().equals("RateLimitedClientException")) {
                return true;
            }
        }
        return false;
    }
}
