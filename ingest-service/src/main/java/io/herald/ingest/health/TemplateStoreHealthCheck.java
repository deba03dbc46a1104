package io.herald.ingest.health;

import com.codahale.metrics.health.HealthCheck;
import io.herald.ingest.kafka.KafkaTemplateStore;

/**
 * Healthy once the template store has loaded {@code notify.templates} up to the end offsets it had when this instance
 * started ({@link KafkaTemplateStore#isLoaded()}); until then a batch naming a template, and every template write,
 * would answer 503. Unhealthy again if the reader thread died. Reports the reader's state (waiting for Kafka, loading, failed) and the template count.
 */
public final class TemplateStoreHealthCheck extends HealthCheck {

    private final KafkaTemplateStore store;

    /** @param store the store whose reader this check watches */
    public TemplateStoreHealthCheck(KafkaTemplateStore store) {
        this.store = store;
    }

    @Override
    protected Result check() {
        if (store.isFailed()) {
            return Result.unhealthy("templates no longer read: %s", store.state());
        }
        if (!store.isLoaded()) {
            return Result.unhealthy("templates not loaded: %s", store.state());
        }
        return Result.healthy("%d templates; %s", store.size(), store.state());
    }
}
