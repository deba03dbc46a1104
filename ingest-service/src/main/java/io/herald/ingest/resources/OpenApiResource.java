package io.herald.ingest.resources;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.yaml}: the OpenAPI 3.1 description of the public API, {@code docs/openapi.yaml} as built into
 * the jar. The only route that needs no API key.
 */
@Path("/openapi.yaml")
public final class OpenApiResource {

    /** The media type of YAML (RFC 9512). */
    public static final String YAML = "application/yaml";

    private final byte[] document;

    /** Reads the document from the classpath. */
    public OpenApiResource() {
        try (InputStream in = OpenApiResource.class.getResourceAsStream("/io/herald/ingest/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException(
                        "openapi.yaml is not on the classpath: the jar was built without docs/");
            }
            this.document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return 200 with the document, {@value #YAML} */
    @GET
    @Produces({YAML, "text/yaml", "*/*"})
    public Response get() {
        return Response.ok(document, YAML + "; charset=utf-8").build();
    }
}
