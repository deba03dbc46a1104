package io.herald.ingest.api;

import java.util.List;

/**
 * {@code GET /v1/batches/{batchId}/rejected}: the recipients of a batch that were refused at intake, as the 202 answer
 * of {@code POST /v1/batches} listed them.
 *
 * @param batchId the batch's id
 * @param source {@code REST} or {@code BULK}
 * @param rejected how many recipients were refused in all (the batch's {@code rejected})
 * @param recipients the first of them in index order: every one for most batches; at most 1,000 and 256 KiB of text
 *     per batch, with {@code to} cut to 64 characters and {@code reason} to 200. Empty for a bulk load: its refused
 *     lines, with their reasons, are on the topic {@code notify.bulk.rejected}
 * @param truncated whether {@code rejected} counts more recipients than {@code recipients} lists
 */
public record BatchRejections(String batchId, String source, long rejected, List<Rejection> recipients,
                              boolean truncated) {

    /** Copies the list. */
    public BatchRejections {
        recipients = List.copyOf(recipients);
    }
}
