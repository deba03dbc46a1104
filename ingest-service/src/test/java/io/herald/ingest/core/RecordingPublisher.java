package io.herald.ingest.core;

import io.herald.schema.BatchIntake;
import io.herald.schema.NotificationRequest;
import io.herald.schema.StatusCallbackTarget;
import java.util.ArrayList;
import java.util.List;

/** A fake of our {@link RequestPublisher} port: records what it is given, or fails when told to. */
public final class RecordingPublisher implements RequestPublisher {

    private final List<NotificationRequest> published = new ArrayList<>();
    private final List<BatchIntake> intakes = new ArrayList<>();
    private final List<StatusCallbackTarget> targets = new ArrayList<>();
    private volatile RuntimeException failure;

    @Override
    public synchronized void publish(List<NotificationRequest> requests) {
        if (failure != null) {
            throw failure;
        }
        published.addAll(requests);
    }

    @Override
    public synchronized void publishIntake(BatchIntake intake) {
        if (failure != null) {
            throw failure;
        }
        intakes.add(intake);
    }

    @Override
    public synchronized void publishStatusCallbackTarget(StatusCallbackTarget target) {
        if (failure != null) {
            throw failure;
        }
        targets.add(target);
    }

    /** @return every status callback target published so far, in order */
    public synchronized List<StatusCallbackTarget> targets() {
        return List.copyOf(targets);
    }

    /** @return every intake published so far, in order */
    public synchronized List<BatchIntake> intakes() {
        return List.copyOf(intakes);
    }

    /**
     * @param failure thrown by every later {@link #publish} (a {@link PublishException} as the port promises, or any
     *     other exception to play a bug), or null to succeed again
     */
    public void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    /** @return every request published so far, in order */
    public synchronized List<NotificationRequest> published() {
        return List.copyOf(published);
    }

    /** Forgets what was published and stops failing. */
    public synchronized void reset() {
        published.clear();
        intakes.clear();
        targets.clear();
        failure = null;
    }
}
