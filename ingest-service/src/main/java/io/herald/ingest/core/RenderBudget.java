package io.herald.ingest.core;

/**
 * The heap a batch's rendered output may take, charged while it is rendered: the texts, subjects and HTML bodies of
 * its accepted recipients, which it holds until Kafka acknowledged their records.
 */
@FunctionalInterface
public interface RenderBudget {

    /** No budget: only {@code maxRenderedCharsPerBatch} bounds the batch. */
    RenderBudget UNLIMITED = chars -> { };

    /**
     * Charges rendered output.
     *
     * @param chars UTF-16 chars just rendered, at least 0
     * @throws IngestBusyException (503 {@code ingest-busy}, {@code Retry-After}) if they do not fit; the batch is
     *     given up, nothing written
     */
    void take(long chars);
}
