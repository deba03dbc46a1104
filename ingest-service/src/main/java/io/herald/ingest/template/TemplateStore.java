package io.herald.ingest.template;

import io.herald.ingest.api.StoredTemplate;
import io.herald.ingest.api.TemplateVersion;
import io.herald.ingest.core.MessageTemplate;
import java.util.List;
import java.util.Optional;

/**
 * Named message templates, by id: the port the template resource and the batch path use. Implemented over the
 * compacted Kafka topic {@code notify.templates} in production ({@code io.herald.ingest.template.KafkaTemplateStore})
 * and in memory for tests ({@link InMemoryTemplateStore}).
 *
 * <p>Read-your-writes: once {@link #put} or {@link #delete} returned, {@link #get} on the same instance reflects that
 * write (or a later one). Implementations are thread-safe. Ids are checked by the caller ({@link TemplateId}).
 */
public interface TemplateStore {

    /**
     * @param id a valid template id
     * @return the template's current version, or empty if there is none
     * @throws TemplateStoreUnavailableException if the store cannot tell yet (still loading)
     */
    Optional<StoredTemplate> get(String id);

    /**
     * @param id a valid template id
     * @return the template's kept versions, newest first, the current one first ({@link TemplateVersions#KEPT} at
     *     most); empty if there is no template
     * @throws TemplateStoreUnavailableException if the store cannot tell yet (still loading)
     */
    List<TemplateVersion> history(String id);

    /**
     * @param keyPrefix the start of the ids to count, e.g. a client's {@code shop/} ({@link TemplateKeys})
     * @return how many templates have an id that starts with it
     * @throws TemplateStoreUnavailableException if the store cannot tell yet (still loading)
     */
    int count(String keyPrefix);

    /**
     * @param keyPrefix the start of the ids to list, e.g. a client's {@code shop/} ({@link TemplateKeys})
     * @return the templates whose id starts with it, by id, with their full ids
     * @throws TemplateStoreUnavailableException if the store cannot tell yet (still loading)
     */
    List<StoredTemplate> list(String keyPrefix);

    /**
     * Creates a template (version 1) or replaces it (its version plus 1), with {@code updatedAt} now; the replaced
     * version is kept among the earlier ones ({@link #history}).
     *
     * @param id a valid template id
     * @param text the template text, already validated ({@link MessageTemplate#parse})
     * @param expectedVersion the version the template must have now ({@code If-Match}), or null for no condition
     * @return the template as written; its version is 1 exactly when it was created
     * @throws TemplateVersionMismatchException if {@code expectedVersion} is not null and is not the current version
     *     (also when there is no template); nothing was written
     * @throws TemplateStoreUnavailableException if the write was not acknowledged, or not read back, in time
     */
    StoredTemplate put(String id, String text, Long expectedVersion);

    /**
     * Deletes a template.
     *
     * @param id a valid template id
     * @param expectedVersion the version the template must have now ({@code If-Match}), or null for no condition
     * @throws TemplateNotFoundException if there is no template with this id
     * @throws TemplateVersionMismatchException if {@code expectedVersion} is not null and is not the current version
     * @throws TemplateStoreUnavailableException if the delete was not acknowledged, or not read back, in time
     */
    void delete(String id, Long expectedVersion);
}
