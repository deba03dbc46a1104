package io.herald.ingest.kafka;

/** An in-memory view of a topic that a {@link TopicReader} keeps up to date, as its health check sees it. */
public interface TopicView {

    /** @return whether the reader has read the topic up to the end offsets it had when it started */
    boolean isLoaded();

    /** @return whether the reader thread died of an error: the view is no longer updated */
    boolean isFailed();

    /** @return what the reader is doing or last failed at; never record content */
    String state();

    /** @return how many entries the view holds */
    int size();
}
