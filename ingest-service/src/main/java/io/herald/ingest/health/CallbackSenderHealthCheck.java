package io.herald.ingest.health;

import com.codahale.metrics.health.HealthCheck;
import io.herald.ingest.callback.CallbackSender;

/**
 * Healthy while the completion callback sender's loop runs without error; unhealthy before it started, once it
 * stopped, and while it fails (it goes on by itself after a pause), with the last error in the message.
 */
public final class CallbackSenderHealthCheck extends HealthCheck {

    private final CallbackSender sender;

    /** @param sender the callback sender */
    public CallbackSenderHealthCheck(CallbackSender sender) {
        this.sender = sender;
    }

    @Override
    protected Result check() {
        return sender.problem().map(problem -> Result.unhealthy("callback sender " + problem))
                .orElseGet(() -> Result.healthy("callback sender running"));
    }
}
