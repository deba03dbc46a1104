package io.herald.ingest.idempotency;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * The {@code idempotency:} section of the ingest configuration: {@code Idempotency-Key} on {@code POST /v1/batches},
 * kept in the Kafka topic {@code notify.idempotency} (see {@link KafkaIdempotencyStore} and docs/api.md).
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code enabled}</td><td>true</td><td>Honour {@code Idempotency-Key}. When false the header is still
 *       checked for its form, and then ignored: every request runs.</td></tr>
 *   <tr><td>{@code retention}</td><td>24h</td><td>How long a key answers a retry with its first 202 answer (and
 *       refuses another body with 422), from the time it was accepted. The topic's {@code retention.ms} (48 h when
 *       Herald creates it) must be longer.</td></tr>
 *   <tr><td>{@code claimTimeout}</td><td>2 minutes</td><td>How long a request holds its key while it runs (409 for a
 *       retry meanwhile); after that, a request whose instance died frees it. Must be longer than a batch can take:
 *       its validation plus {@code kafka.deliveryTimeout}.</td></tr>
 *   <tr><td>{@code syncTimeout}</td><td>10s</td><td>How long a claim waits for this instance to read it back, and a
 *       replay to read its answer from the topic; then 503.</td></tr>
 * </table>
 */
public class IdempotencyFactory {

    private boolean enabled = true;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MINUTES)
    private Duration retention = Duration.hours(24);

    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.SECONDS)
    private Duration claimTimeout = Duration.minutes(2);

    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    private Duration syncTimeout = Duration.seconds(10);

    /** @return the rules of these durations */
    public IdempotencyRules rules() {
        return new IdempotencyRules(java.time.Duration.ofMillis(retention.toMilliseconds()),
                java.time.Duration.ofMillis(claimTimeout.toMilliseconds()));
    }

    @JsonProperty
    public boolean isEnabled() {
        return enabled;
    }

    @JsonProperty
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @JsonProperty
    public Duration getRetention() {
        return retention;
    }

    @JsonProperty
    public void setRetention(Duration retention) {
        this.retention = retention;
    }

    @JsonProperty
    public Duration getClaimTimeout() {
        return claimTimeout;
    }

    @JsonProperty
    public void setClaimTimeout(Duration claimTimeout) {
        this.claimTimeout = claimTimeout;
    }

    @JsonProperty
    public Duration getSyncTimeout() {
        return syncTimeout;
    }

    @JsonProperty
    public void setSyncTimeout(Duration syncTimeout) {
        this.syncTimeout = syncTimeout;
    }
}
