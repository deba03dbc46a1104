package io.herald.ingest.health;

import com.codahale.metrics.health.HealthCheck;
import io.herald.ingest.bulk.BulkLoader;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Healthy while the bulk loader's Kafka Streams application is {@code RUNNING} or {@code REBALANCING} (it is working,
 * or taking its partitions); unhealthy before it started, while it stops, and in {@code ERROR}, with the state in the
 * message.
 */
public final class BulkLoaderHealthCheck extends HealthCheck {

    private final BulkLoader loader;

    /** @param loader the bulk loader */
    public BulkLoaderHealthCheck(BulkLoader loader) {
        this.loader = loader;
    }

    @Override
    protected Result check() {
        Optional<KafkaStreams.State> state = loader.state();
        if (state.isEmpty()) {
            return Result.unhealthy("bulk loader not started (it starts once the server is bound)");
        }
        return state.get() == KafkaStreams.State.RUNNING || state.get() == KafkaStreams.State.REBALANCING
                ? Result.healthy("bulk loader " + state.get()) : Result.unhealthy("bulk loader " + state.get());
    }
}
