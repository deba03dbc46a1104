package io.herald.ingest.health;

import com.codahale.metrics.health.HealthCheck;
import io.herald.ingest.kafka.TopicView;

/**
 * Healthy once a view of a topic that every instance reads whole (named templates, idempotency keys) has loaded it up
 * to the end offsets it had when this instance started; until then the requests that need it answer 503. Unhealthy
 * again if the reader thread died. Reports the reader's state (waiting for Kafka, loading, failed) and the entry count.
 */
public final class TopicViewHealthCheck extends HealthCheck {

    private final String what;
    private final TopicView view;

    /**
     * @param what what the view holds, plural, for the messages, e.g. {@code templates}
     * @param view the view whose reader this check watches
     */
    public TopicViewHealthCheck(String what, TopicView view) {
        this.what = what;
        this.view = view;
    }

    @Override
    protected Result check() {
        if (view.isFailed()) {
            return Result.unhealthy("%s no longer read: %s", what, view.state());
        }
        if (!view.isLoaded()) {
            return Result.unhealthy("%s not loaded: %s", what, view.state());
        }
        return Result.healthy("%d %s; %s", view.size(), what, view.state());
    }
}
