package io.herald.ingest.kafka;

import io.herald.schema.CompactedTopicReader;
import java.time.Duration;

/**
 * An in-memory view of a topic that every instance reads whole with a {@link CompactedTopicReader} (named templates,
 * idempotency keys, the suppression list), as its health check sees it.
 */
public interface TopicView {

    /** Poll timeout of the readers of ingest's views: a write is read back within about a fetch plus this. */
    Duration READER_POLL_TIMEOUT = Duration.ofMillis(500);

    /** @return the reader that keeps the view current */
    CompactedTopicReader<?, ?> reader();

    /** @return how many entries the view holds */
    int size();

    /** @return whether the reader has read the topic up to the end offsets it had when it started */
    default boolean isLoaded() {
        return reader().isLoaded();
    }

    /** @return whether the reader died of an error: the view is no longer updated */
    default boolean isFailed() {
        return reader().isFailed();
    }

    /** @return what the reader is doing or last failed at; never record content */
    default String state() {
        return reader().state();
    }
}
