package io.herald.ingest.core;

import io.herald.ingest.api.ErrorCode;

/** The batch's {@code priority} is above its client's {@code maxPriority} (403, pointer {@code /priority}). */
public final class PriorityNotAllowedException extends NotAllowedException {

    /** @param detail what is not allowed, e.g. {@code high is above this client's maxPriority normal} */
    public PriorityNotAllowedException(String detail) {
        super(ErrorCode.PRIORITY_NOT_ALLOWED, "/priority", detail);
    }
}
