package io.herald.ingest.bulk;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The batch ids a bulk-load line may give: 1 to {@value #MAX_LENGTH} of {@code A-Z a-z 0-9 _ . : -}, so that the id
 * goes into {@code GET /v1/batches/{batchId}} unescaped (a UUID qualifies). The status view sums every intake of a
 * batch id, so use a new id for each load.
 */
public final class BatchIds {

    /** The longest batch id, in characters. */
    public static final int MAX_LENGTH = 64;

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.:\\-]{1," + MAX_LENGTH + "}");

    private BatchIds() {
    }

    /**
     * @param batchId a line's batch id; may be null
     * @return why it is not a valid batch id, or empty if it is
     */
    public static Optional<String> problem(String batchId) {
        if (batchId == null || batchId.isBlank()) {
            return Optional.of("is required");
        }
        if (!VALID.matcher(batchId).matches()) {
            return Optional.of("must be 1 to " + MAX_LENGTH + " of A-Z a-z 0-9 _ . : -");
        }
        return Optional.empty();
    }
}
