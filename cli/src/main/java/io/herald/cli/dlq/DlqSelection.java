package io.herald.cli.dlq;

import java.time.Instant;
import java.util.Set;

/**
 * Which DLQ records a command takes: those whose {@link DeadLetter#errorKey()} is one of the error codes (any when
 * none is given) and that were dead-lettered in {@code [since, until)} (open where null).
 *
 * @param errorCodes error codes or error classes to take, matched exactly; empty takes every one
 * @param since the earliest dead-letter time taken (inclusive), or null
 * @param until the time from which records are no longer taken (exclusive), or null
 */
public record DlqSelection(Set<String> errorCodes, Instant since, Instant until) {

    /** Copies the codes. */
    public DlqSelection {
        errorCodes = Set.copyOf(errorCodes);
        if (since != null && until != null && !since.isBefore(until)) {
            throw new IllegalArgumentException("--since (" + since + ") must come before --until (" + until + ")");
        }
    }

    /** @return whether this selects every record */
    public boolean isEverything() {
        return errorCodes.isEmpty() && since == null && until == null;
    }

    /**
     * @param letter a DLQ record
     * @return whether it is selected
     */
    public boolean matches(DeadLetter letter) {
        if (!errorCodes.isEmpty() && !errorCodes.contains(letter.errorKey())) {
            return false;
        }
        if (since != null && letter.deadLetteredAt().isBefore(since)) {
            return false;
        }
        return until == null || letter.deadLetteredAt().isBefore(until);
    }
}
