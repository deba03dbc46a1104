package io.herald.ingest.health;

import com.codahale.metrics.health.HealthCheck;
import io.herald.ingest.status.StatusView;
import java.util.Set;

/**
 * The health check {@code status}: unhealthy when the status view's Kafka Streams application failed or stopped
 * ({@code ERROR}, {@code PENDING_ERROR}, {@code PENDING_SHUTDOWN}, {@code NOT_RUNNING}). Starting, rebalancing and
 * restoring are healthy: the endpoints answer 503 with {@code Retry-After} meanwhile.
 */
public final class StatusViewHealthCheck extends HealthCheck {

    private static final Set<String> FAILED = Set.of("ERROR", "PENDING_ERROR", "PENDING_SHUTDOWN", "NOT_RUNNING");

    private final StatusView view;

    /** @param view the status view */
    public StatusViewHealthCheck(StatusView view) {
        this.view = view;
    }

    @Override
    protected Result check() {
        String state = view.state();
        return FAILED.contains(state) ? Result.unhealthy("status view is %s", state)
                : Result.healthy("status view is %s", state);
    }
}
