package io.herald.ingest.resources;

import com.codahale.metrics.annotation.Timed;
import io.dropwizard.auth.Auth;
import io.herald.ingest.api.FieldError;
import io.herald.ingest.api.StoredTemplate;
import io.herald.ingest.api.TemplateHistory;
import io.herald.ingest.api.TemplateRequest;
import io.herald.ingest.api.TemplateVersion;
import io.herald.ingest.auth.ApiClient;
import io.herald.ingest.core.ClientLimitException;
import io.herald.ingest.core.InvalidRequestException;
import io.herald.ingest.core.TemplateTexts;
import io.herald.ingest.template.TemplateId;
import io.herald.ingest.template.TemplateKeys;
import io.herald.ingest.template.TemplateNotFoundException;
import io.herald.ingest.template.TemplateStore;
import io.herald.ingest.template.TemplateVersions;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /v1/templates/{id}} (and {@code /versions}): named message templates, which {@code POST /v1/batches} can
 * use with {@code "template": "id"} instead of {@code "text"}.
 *
 * <p>A template is answered as {@link StoredTemplate} JSON, {@code {"id", "version", "text", "updatedAt"}}, with an
 * {@code ETag} of its version ({@code "3"}). The {@code If-Match} request header names the version a write expects
 * (RFC 9110 §13.1.1): {@code 3} or {@code "3"}; another current version answers 412.
 *
 * <p>Errors point (JSON Pointer, RFC 6901) into the template's representation: {@code /text} for the body's text,
 * {@code /id} for the id in the path (1–64 characters of {@code [A-Za-z0-9_.-]}), {@code /version} for the
 * {@code If-Match} header.
 */
@Path("/v1/templates/{id}")
@Produces(MediaType.APPLICATION_JSON)
public final class TemplateResource {

    private static final Logger LOG = LoggerFactory.getLogger(TemplateResource.class);

    private static final Pattern VERSION = Pattern.compile("\"?([1-9][0-9]{0,17})\"?");

    private final TemplateStore store;
    private final int maxTextLength;
    private final int maxPerClient;

    /**
     * @param store where the templates are
     * @param maxTextLength the most characters (code points) a template may have outside its placeholders, as
     *     {@code maxTextLength} of a batch's text
     * @param maxPerClient the most templates one client may have ({@code maxTemplatesPerClient})
     */
    public TemplateResource(TemplateStore store, int maxTextLength, int maxPerClient) {
        this.store = store;
        this.maxTextLength = maxTextLength;
        this.maxPerClient = maxPerClient;
    }

    /**
     * {@code GET /v1/templates/{id}}.
     *
     * @param client the authenticated client (401 without one); each client has its own templates
     * @param id the template id
     * @return 200 with the template and {@code ETag: "<version>"}
     * @throws InvalidRequestException (400, pointer {@code /id}) if the id is not valid
     * @throws TemplateNotFoundException (404 {@code template-not-found}) if there is no such template
     * @throws io.herald.ingest.template.TemplateStoreUnavailableException (503) if this instance is still loading the
     *     templates
     */
    @GET
    @Timed(name = "get")
    public Response get(@Auth ApiClient client, @PathParam("id") String id) {
        requireValid(id, null);
        StoredTemplate template = TemplateKeys.find(store, client.clientId(), id)
                .orElseThrow(() -> new TemplateNotFoundException(id));
        return Response.ok(template).tag(etag(template)).build();
    }

    /**
     * {@code GET /v1/templates/{id}/versions}: the template's current version and the ones before it that are kept
     * ({@link TemplateVersions#KEPT} in all), newest first. An earlier text is restored by writing it again (a new
     * version).
     *
     * @param client the authenticated client (401 without one); each client has its own templates
     * @param id the template id
     * @return 200 with a {@link TemplateHistory}
     * @throws InvalidRequestException (400, pointer {@code /id}) if the id is not valid
     * @throws TemplateNotFoundException (404 {@code template-not-found}) if there is no such template
     * @throws io.herald.ingest.template.TemplateStoreUnavailableException (503) if this instance is still loading the
     *     templates
     */
    @GET
    @Path("/versions")
    @Timed(name = "versions")
    public TemplateHistory versions(@Auth ApiClient client, @PathParam("id") String id) {
        requireValid(id, null);
        List<TemplateVersion> versions = TemplateKeys.history(store, client.clientId(), id);
        if (versions.isEmpty()) {
            throw new TemplateNotFoundException(id);
        }
        return new TemplateHistory(id, versions);
    }

    /**
     * {@code PUT /v1/templates/{id}} with {@code {"text": "..."}}: creates the template (version 1) or replaces it
     * (version plus 1). Answers once Kafka acknowledged the write and this instance reads it back.
     *
     * @param client the authenticated client (401 without one); each client has its own templates
     * @param id the template id
     * @param ifMatch the version the template must have now, or null for no condition
     * @param request the body; null if it was empty
     * @return 201 with {@code Location} when created, 200 when replaced; both with the template and its {@code ETag}
     * @throws InvalidRequestException (400) if the id ({@code /id}), the If-Match header ({@code /version}) or the
     *     text ({@code /text}: missing, blank, invalid syntax, too long) is invalid
     * @throws io.herald.ingest.template.TemplateVersionMismatchException (412) if If-Match is not the current version
     * @throws ClientLimitException (429 {@code limit-reached}) if the template is new and the client already has
     *     {@code maxTemplatesPerClient}
     * @throws io.herald.ingest.template.TemplateStoreUnavailableException (503, {@code Retry-After}) if the write was
     *     not acknowledged or read back in time, or the templates are still loading
     */
    @PUT
    @Timed(name = "put")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@Auth ApiClient client, @PathParam("id") String id,
                        @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, TemplateRequest request) {
        List<FieldError> errors = new ArrayList<>();
        TemplateId.problem(id).ifPresent(detail -> errors.add(new FieldError("/id", detail)));
        Long expectedVersion = version(ifMatch, errors);
        if (request == null) {
            errors.add(new FieldError("", "a JSON object {\"text\": ...} is required"));
        } else {
            errors.addAll(TemplateTexts.problems(request.text(), maxTextLength));
        }
        if (!errors.isEmpty()) {
            throw InvalidRequestException.of(errors);
        }
        String key = TemplateKeys.key(client.clientId(), id);
        if (store.get(key).isEmpty() && store.count(TemplateKeys.prefix(client.clientId())) >= maxPerClient) {
            throw new ClientLimitException("this client already has " + maxPerClient
                    + " templates, the most it may have; delete some first");
        }
        StoredTemplate written = store.put(key, request.text(), expectedVersion);
        StoredTemplate saved = new StoredTemplate(id, written.version(), written.text(), written.updatedAt());
        LOG.info("Template {} version {} written by client {}", id, saved.version(), client.clientId());
        Response.ResponseBuilder response = saved.version() == 1
                ? Response.created(URI.create("/v1/templates/" + id))
                : Response.ok();
        return response.entity(saved).tag(etag(saved)).build();
    }

    /**
     * {@code DELETE /v1/templates/{id}}: deletes the template (a tombstone in {@code notify.templates}). Answers once
     * Kafka acknowledged it and this instance reads it back.
     *
     * @param client the authenticated client (401 without one); each client has its own templates
     * @param id the template id
     * @param ifMatch the version the template must have now, or null for no condition
     * @return 204
     * @throws InvalidRequestException (400) if the id ({@code /id}) or the If-Match header ({@code /version}) is
     *     invalid
     * @throws TemplateNotFoundException (404) if there is no such template
     * @throws io.herald.ingest.template.TemplateVersionMismatchException (412) if If-Match is not the current version
     * @throws io.herald.ingest.template.TemplateStoreUnavailableException (503, {@code Retry-After}) as for PUT
     */
    @DELETE
    @Timed(name = "delete")
    public Response delete(@Auth ApiClient client, @PathParam("id") String id,
                           @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        Long expectedVersion = requireValid(id, ifMatch);
        String key = TemplateKeys.key(client.clientId(), id);
        if (store.get(key).isEmpty()) {
            throw new TemplateNotFoundException(id); // another client's, a legacy one, or none
        }
        store.delete(key, expectedVersion);
        LOG.info("Template {} deleted by client {}", id, client.clientId());
        return Response.noContent().build();
    }

    /** @return the expected version, or null if none; throws if the id or If-Match is invalid */
    private static Long requireValid(String id, String ifMatch) {
        List<FieldError> errors = new ArrayList<>();
        TemplateId.problem(id).ifPresent(detail -> errors.add(new FieldError("/id", detail)));
        Long expectedVersion = version(ifMatch, errors);
        if (!errors.isEmpty()) {
            throw InvalidRequestException.of(errors);
        }
        return expectedVersion;
    }

    private static Long version(String ifMatch, List<FieldError> errors) {
        if (ifMatch == null) {
            return null;
        }
        Matcher matcher = VERSION.matcher(ifMatch.strip());
        if (!matcher.matches()) {
            errors.add(new FieldError("/version", "If-Match must be one template version, e.g. 3 or \"3\""));
            return null;
        }
        return Long.parseLong(matcher.group(1));
    }

    private static EntityTag etag(StoredTemplate template) {
        return new EntityTag(Long.toString(template.version()));
    }
}
