package io.herald.ingest.api;

/**
 * A recipient that was not accepted; the rest of the batch goes on.
 *
 * @param index the recipient's index in the request's {@code recipients} array, from 0
 * @param to the number exactly as the client sent it (the client's own data, in its own response); may be null
 * @param reason why, for humans, e.g. {@code not a valid phone number} or {@code missing variable 'code'}
 */
public record Rejection(int index, String to, String reason) {

    @Override
    public String toString() {
        return "Rejection[index=" + index + ", reason=" + reason + "]";
    }
}
