package io.herald.ingest.resources;

import io.dropwizard.auth.Auth;
import io.herald.ingest.api.StoredTemplate;
import io.herald.ingest.auth.ApiClient;
import io.herald.ingest.template.TemplateKeys;
import io.herald.ingest.template.TemplateStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/templates}: the client's own named templates, by id, as {@code {"templates": [StoredTemplate…]}}.
 * At most {@code maxTemplatesPerClient} of them exist, so the list is not paged.
 */
@Path("/v1/templates")
@Produces(MediaType.APPLICATION_JSON)
public final class TemplateListResource {

    private final TemplateStore store;

    /** @param store where the templates are */
    public TemplateListResource(TemplateStore store) {
        this.store = store;
    }

    /**
     * @param client the authenticated client (401 without one)
     * @return 200 with its templates (ids without the client's key prefix), by id
     * @throws io.herald.ingest.template.TemplateStoreUnavailableException (503, {@code Retry-After}) while the
     *     templates are still loading
     */
    @GET
    public Map<String, List<StoredTemplate>> list(@Auth ApiClient client) {
        String prefix = TemplateKeys.prefix(client.clientId());
        return Map.of("templates", store.list(prefix).stream().map(t -> new StoredTemplate(
                t.id().substring(prefix.length()), t.version(), t.text(), t.updatedAt())).toList());
    }
}
