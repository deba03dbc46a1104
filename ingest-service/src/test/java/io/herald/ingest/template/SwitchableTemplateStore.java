package io.herald.ingest.template;

import io.herald.ingest.api.StoredTemplate;
import io.herald.ingest.api.TemplateVersion;
import io.herald.ingest.core.RecordingPublisher;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * An {@link InMemoryTemplateStore} that can be told to fail, as {@link RecordingPublisher} can: for the 503 paths of
 * the resources. A real implementation of our port, not a mock.
 */
public final class SwitchableTemplateStore implements TemplateStore {

    private volatile InMemoryTemplateStore store;
    private final Clock clock;
    private volatile RuntimeException failure;

    /** @param clock gives {@code updatedAt} */
    public SwitchableTemplateStore(Clock clock) {
        this.clock = clock;
        this.store = new InMemoryTemplateStore(clock);
    }

    @Override
    public Optional<StoredTemplate> get(String id) {
        failIfTold();
        return store.get(id);
    }

    @Override
    public List<TemplateVersion> history(String id) {
        failIfTold();
        return store.history(id);
    }

    @Override
    public List<StoredTemplate> list(String keyPrefix) {
        failIfTold();
        return store.list(keyPrefix);
    }

    @Override
    public int count(String keyPrefix) {
        failIfTold();
        return store.count(keyPrefix);
    }

    @Override
    public StoredTemplate put(String id, String text, Long expectedVersion) {
        failIfTold();
        return store.put(id, text, expectedVersion);
    }

    @Override
    public void delete(String id, Long expectedVersion) {
        failIfTold();
        store.delete(id, expectedVersion);
    }

    /** @param failure thrown by every later call, or null to work again */
    public void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    /** Forgets every template and stops failing. */
    public void reset() {
        store = new InMemoryTemplateStore(clock);
        failure = null;
    }

    private void failIfTold() {
        RuntimeException toThrow = failure;
        if (toThrow != null) {
            throw toThrow;
        }
    }
}
