package io.herald.ingest.core;

import io.herald.ingest.api.ErrorCode;

/** The batch's {@code from} is not among its client's senders (403, pointer {@code /from}). */
public final class SenderNotAllowedException extends NotAllowedException {

    /** @param detail what is not allowed, e.g. {@code sender id ACME is not among this client's senders} */
    public SenderNotAllowedException(String detail) {
        super(ErrorCode.SENDER_NOT_ALLOWED, "/from", detail);
    }
}
