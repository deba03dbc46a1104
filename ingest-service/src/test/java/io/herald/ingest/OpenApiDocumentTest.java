package io.herald.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.herald.auth.ApiKeys;
import io.herald.ingest.auth.TestAuth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/openapi.yaml against the running application: it describes every route the service registers and no other, it
 * is the document {@code GET /openapi.yaml} serves without a key, and each of its request examples validates against
 * its schema (JSON Schema 2020-12) and, for batches, is accepted by the service.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class OpenApiDocumentTest {

    private static final Path DOCUMENT = Path.of("..", "docs", "openapi.yaml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private static final DropwizardAppExtension<IngestConfiguration> APP = new DropwizardAppExtension<>(
            IngestApplicationTest.FakePublisherApplication.class, "config.yml", IngestApplicationTest.offline(
                    ConfigOverride.config("auth.clients.docs.keyHashes", ApiKeys.hash(TestAuth.KEY))));

    @Test
    void describesEveryRegisteredRouteAndNoOther() throws Exception {
        JsonNode document = YAML.readTree(DOCUMENT.toFile());
        assertThat(document.path("openapi").asText()).startsWith("3.1.");

        Set<String> documented = new TreeSet<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(
                method -> {
                    if (METHODS.contains(method)) {
                        documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                    }
                }));

        assertThat(registeredRoutes()).isNotEmpty().isEqualTo(documented);
    }

    @Test
    void servesTheDocumentWithoutAKey() throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/openapi.yaml")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/yaml"));
        assertThat(response.body()).isEqualTo(Files.readAllBytes(DOCUMENT));
    }

    @Test
    void everyRequestExampleValidatesAndEveryBatchExampleIsAccepted() throws Exception {
        JsonNode document = YAML.readTree(DOCUMENT.toFile());
        List<String> checked = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                JsonNode content = op.getValue().path("requestBody").path("content").path("application/json");
                if (content.isMissingNode()) {
                    continue;
                }
                JsonSchema schema = schema(document, content.path("schema"));
                for (Iterator<Map.Entry<String, JsonNode>> examples = content.path("examples").fields();
                     examples.hasNext(); ) {
                    Map.Entry<String, JsonNode> example = examples.next();
                    String name = op.getKey() + " " + path.getKey() + " example " + example.getKey();
                    Set<ValidationMessage> errors = schema.validate(example.getValue().path("value"));
                    assertThat(errors).as(name).isEmpty();
                    checked.add(name);
                }
            }
        }
        assertThat(checked).as("examples checked").hasSizeGreaterThanOrEqualTo(5);

        // and the validator does fail on a body the API refuses
        JsonSchema batch = schema(document, YAML.readTree("{\"$ref\": \"#/components/schemas/BatchRequest\"}"));
        assertThat(batch.validate(YAML.readTree("{\"from\": 1, \"recipients\": [], \"txt\": \"x\"}"))).hasSize(3);

        // and the batch examples with no schedule are accepted by the service itself
        for (String name : List.of("sms", "email")) {
            JsonNode example = document.at("/paths/~1v1~1batches/post/requestBody/content/application~1json/examples/"
                    + name + "/value");
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/v1/batches"))
                    .header("Authorization", TestAuth.BEARER).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(example.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(name + ": " + response.body()).isEqualTo(202);
            assertThat(response.body()).contains("\"rejected\":[]");
        }
    }

    /** A schema that is the document's components plus a reference, so {@code #/components/...} resolves. */
    private static JsonSchema schema(JsonNode document, JsonNode reference) {
        ObjectNode root = ((ObjectNode) reference.deepCopy());
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("components", document.path("components"));
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root);
    }

    /** Every method and path of every resource registered with Jersey, as {@code METHOD /path}. */
    private static Set<String> registeredRoutes() {
        // Dropwizard registers an instance as its class plus a binder of the instance: both kinds are looked at.
        Set<Class<?>> classes = new HashSet<>(APP.getEnvironment().jersey().getResourceConfig().getClasses());
        APP.getEnvironment().jersey().getResourceConfig().getInstances().forEach(i -> classes.add(i.getClass()));
        Set<String> routes = new TreeSet<>();
        for (Class<?> type : classes) {
            if (type.isAnnotationPresent(jakarta.ws.rs.Path.class)) {
                collect(Resource.from(type), "", routes);
            }
        }
        return routes;
    }

    private static void collect(Resource resource, String parent, Set<String> routes) {
        String path = join(parent, resource.getPath());
        for (ResourceMethod method : resource.getResourceMethods()) {
            routes.add(method.getHttpMethod() + " " + path);
        }
        for (Resource child : resource.getChildResources()) {
            collect(child, path, routes);
        }
    }

    private static String join(String parent, String path) {
        String joined = (parent + "/" + (path == null ? "" : path)).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }
}
