package io.herald.ingest.api;

/**
 * One invalid field of a request, as an entry of a problem's {@code errors} array.
 *
 * @param pointer where the error is, as a JSON Pointer (RFC 6901) into the request body, e.g.
 *     {@code /recipients/3/to}; the empty string means the whole body
 * @param detail what is wrong, for humans
 */
public record FieldError(String pointer, String detail) {
}
