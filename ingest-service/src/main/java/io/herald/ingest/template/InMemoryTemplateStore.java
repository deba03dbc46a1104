package io.herald.ingest.template;

import io.herald.ingest.api.StoredTemplate;
import io.herald.ingest.api.TemplateVersion;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link TemplateStore} in this process's memory alone: nothing is shared between instances or kept across restarts.
 * For tests and single-process tools. Thread-safe (every method is synchronized).
 */
public final class InMemoryTemplateStore implements TemplateStore {

    private final Map<String, StoredTemplate> templates = new HashMap<>();
    private final Map<String, List<TemplateVersion>> previous = new HashMap<>();
    private final Clock clock;

    /** @param clock gives {@code updatedAt}, truncated to milliseconds */
    public InMemoryTemplateStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Optional<StoredTemplate> get(String id) {
        return Optional.ofNullable(templates.get(id));
    }

    @Override
    public synchronized List<TemplateVersion> history(String id) {
        return TemplateVersions.history(templates.get(id), previous.getOrDefault(id, List.of()));
    }

    @Override
    public synchronized List<StoredTemplate> list(String keyPrefix) {
        return TemplateKeys.withPrefix(templates.values(), keyPrefix);
    }

    @Override
    public synchronized int count(String keyPrefix) {
        return (int) templates.keySet().stream().filter(id -> id.startsWith(keyPrefix)).count();
    }

    @Override
    public synchronized StoredTemplate put(String id, String text, Long expectedVersion) {
        StoredTemplate current = templates.get(id);
        TemplateVersions.check(id, current, expectedVersion);
        StoredTemplate next = new StoredTemplate(id, TemplateVersions.next(current), text,
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        previous.put(id, TemplateVersions.previousOfNext(current, previous.getOrDefault(id, List.of())));
        templates.put(id, next);
        return next;
    }

    @Override
    public synchronized void delete(String id, Long expectedVersion) {
        StoredTemplate current = templates.get(id);
        if (current == null) {
            throw new TemplateNotFoundException(id);
        }
        TemplateVersions.check(id, current, expectedVersion);
        templates.remove(id);
        previous.remove(id);
    }
}
