package io.herald.ingest.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.herald.schema.PiiMask;
import io.herald.schema.SuppressionEntry;
import java.time.Instant;

/**
 * A suppression list entry as the API answers it: {@code {"recipient":"+4791234567","source":"api",
 * "reason":"asked by phone","at":"2026-11-27T10:00:00Z"}}; {@code reason} is absent when there is none.
 *
 * @param recipient the suppressed recipient, E.164
 * @param source who added it: {@code api} or {@code mo-stop}
 * @param reason why, or null
 * @param at when it was added (ISO-8601, UTC)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Suppression(String recipient, String source, String reason, Instant at) {

    /**
     * @param entry a suppression list entry
     * @return its API form
     */
    public static Suppression of(SuppressionEntry entry) {
        return new Suppression(entry.recipient(), entry.source(), entry.reason(), entry.at());
    }

    /** Masks the recipient and leaves the reason out (personal data). */
    @Override
    public String toString() {
        return "Suppression[recipient=" + PiiMask.recipient(recipient) + ", source=" + source + ", at=" + at + "]";
    }
}
