package io.herald.ingest.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.herald.ingest.api.BatchAccepted;
import io.herald.ingest.api.IngestJson;
import io.herald.ingest.api.Problem;
import io.herald.ingest.api.Rejection;
import io.herald.ingest.api.StoredTemplate;
import io.herald.ingest.api.TemplateHistory;
import io.herald.ingest.api.TemplateVersion;
import io.herald.ingest.auth.TestAuth;
import io.herald.ingest.core.BatchIngestor;
import io.herald.ingest.core.BatchLimits;
import io.herald.ingest.core.BatchPreparer;
import io.herald.ingest.core.CallbackKeys;
import io.herald.ingest.core.CallbackTargets;
import io.herald.ingest.core.PhoneNumberNormalizer;
import io.herald.ingest.core.RecordingPublisher;
import io.herald.ingest.metrics.IngestMeters;
import io.herald.ingest.template.SwitchableTemplateStore;
import io.herald.ingest.template.TemplateStoreUnavailableException;
import io.herald.schema.NotificationRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /v1/templates/{id}} and {@code POST /v1/batches} with {@code "template"}, over an in-memory store. */
@ExtendWith(DropwizardExtensionsSupport.class)
class TemplateResourceTest {

    private static final Instant NOW = Instant.parse("2026-11-27T21:00:00.123Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final SwitchableTemplateStore STORE = new SwitchableTemplateStore(CLOCK);
    private static final RecordingPublisher PUBLISHER = new RecordingPublisher();

    private static final ResourceExtension RESOURCE = TestAuth.withAuth(ResourceExtension.builder())
            .setMapper(IngestJson.configure(Jackson.newObjectMapper()))
            .setRegisterDefaultExceptionMappers(false)
            .addResource(new TemplateResource(STORE, 40, 1000))
            .addResource(new BatchResource(new BatchIngestor(new BatchPreparer(new BatchLimits(5, 40, 6),
                    new PhoneNumberNormalizer("NO"), STORE, CLOCK), PUBLISHER, new CallbackKeys(Map.of()),
                    new CallbackTargets(List.of(), false, Map.of(), InetAddress::getAllByName), TestAuth.quotas(), new MetricRegistry(), new IngestMeters(new SimpleMeterRegistry()), CLOCK), null, IngestJson.configure(Jackson.newObjectMapper())))
            .addProvider(new IngestExceptionMapper(Duration.ofSeconds(7)))
            .addProvider(new JsonExceptionMapper())
            .addProvider(new WebApplicationExceptionMapper())
            .addProvider(new UnexpectedExceptionMapper())
            .build();

    @AfterEach
    void reset() {
        STORE.reset();
        PUBLISHER.reset();
    }

    @Test
    void shouldCreateWithVersion1AndAnswer201WithLocationAndETag() {
        // when
        Response response = put("otp", "{\"text\": \"Your code is {{code}}\"}", null);

        // then
        assertThat(response.getStatus()).isEqualTo(201);
        assertThat(response.getLocation().getPath()).isEqualTo("/v1/templates/otp");
        assertThat(response.getHeaderString("ETag")).isEqualTo("\"1\"");
        JsonNode json = response.readEntity(JsonNode.class);
        assertThat(json.fieldNames()).toIterable().containsExactly("id", "version", "text", "updatedAt");
        assertThat(json.get("id").asText()).isEqualTo("otp");
        assertThat(json.get("version").asLong()).isEqualTo(1);
        assertThat(json.get("text").asText()).isEqualTo("Your code is {{code}}");
        assertThat(json.get("updatedAt").asText()).isEqualTo("2026-11-27T21:00:00.123Z");
    }

    @Test
    void shouldReplaceWithTheNextVersionAndAnswer200() {
        // given
        put("otp", "{\"text\": \"v1\"}", null);

        // when
        Response response = put("otp", "{\"text\": \"v2 {{x}}\"}", null);

        // then
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.readEntity(StoredTemplate.class))
                .extracting(StoredTemplate::version, StoredTemplate::text).containsExactly(2L, "v2 {{x}}");
        assertThat(get("otp").readEntity(StoredTemplate.class).version()).isEqualTo(2);
    }

    @Test
    void shouldListTheKeptVersionsNewestFirst() {
        // given six versions of one template
        for (int version = 1; version <= 6; version++) {
            put("otp", "{\"text\": \"v" + version + " {{code}}\"}", null);
        }

        // when
        Response response = RESOURCE.target("/v1/templates/otp/versions").request()
                .header(HttpHeaders.AUTHORIZATION, TestAuth.BEARER).get();

        // then the current one and the four before it
        assertThat(response.getStatus()).isEqualTo(200);
        TemplateHistory history = response.readEntity(TemplateHistory.class);
        assertThat(history.id()).isEqualTo("otp");
        assertThat(history.versions()).extracting(TemplateVersion::version, TemplateVersion::text).containsExactly(
                tuple(6L, "v6 {{code}}"), tuple(5L, "v5 {{code}}"), tuple(4L, "v4 {{code}}"),
                tuple(3L, "v3 {{code}}"), tuple(2L, "v2 {{code}}"));
        assertThat(history.versions()).allSatisfy(v -> assertThat(v.updatedAt()).isEqualTo(NOW));
        assertProblem(RESOURCE.target("/v1/templates/nope/versions").request()
                .header(HttpHeaders.AUTHORIZATION, TestAuth.BEARER).get(), 404,
                "https://herald.dev/problems/template-not-found");
    }

    @Test
    void shouldAnswer200WithTheTemplateOnGet() {
        // given
        put("otp.v2_A-b", "{\"text\": \"Hi \\\\{{literal}}\"}", null);

        // when
        Response response = get("otp.v2_A-b");

        // then
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeaderString("ETag")).isEqualTo("\"1\"");
        assertThat(response.readEntity(StoredTemplate.class))
                .isEqualTo(new StoredTemplate("otp.v2_A-b", 1, "Hi \\{{literal}}", NOW));
    }

    @Test
    void shouldAnswer404ProblemForAnUnknownTemplate() {
        // when
        Problem onGet = assertProblem(get("nope"), 404, "https://herald.dev/problems/template-not-found");
        Problem onDelete = assertProblem(delete("nope", null), 404,
                "https://herald.dev/problems/template-not-found");

        // then
        assertThat(onGet.detail()).contains("nope");
        assertThat(onDelete.detail()).contains("nope");
    }

    @Test
    void shouldDeleteAndAnswer204ThenNotFind() {
        // given
        put("otp", "{\"text\": \"x\"}", null);

        // when
        Response response = delete("otp", null);

        // then
        assertThat(response.getStatus()).isEqualTo(204);
        assertThat(get("otp").getStatus()).isEqualTo(404);
        // and a template created again starts at version 1
        assertThat(put("otp", "{\"text\": \"y\"}", null).getStatus()).isEqualTo(201);
    }

    @Test
    void shouldAnswer400WithPointerTextForAnInvalidTemplate() {
        // when
        Problem unclosed = assertProblem(put("otp", "{\"text\": \"Code {{code\"}", null), 400,
                "https://herald.dev/problems/invalid-request");
        Problem blank = assertProblem(put("otp", "{\"text\": \"  \"}", null), 400,
                "https://herald.dev/problems/invalid-request");
        Problem missing = assertProblem(put("otp", "{}", null), 400, "https://herald.dev/problems/invalid-request");
        Problem tooLong = assertProblem(put("otp", "{\"text\": \"" + "a".repeat(41) + "\"}", null), 400,
                "https://herald.dev/problems/invalid-request");

        // then
        assertThat(unclosed.errors()).extracting("pointer").containsExactly("/text");
        assertThat(unclosed.errors().get(0).detail()).startsWith("unclosed placeholder at offset 5");
        assertThat(blank.errors()).extracting("pointer", "detail").containsExactly(tuple("/text", "must not be blank"));
        assertThat(missing.errors()).extracting("pointer", "detail").containsExactly(tuple("/text", "is required"));
        assertThat(tooLong.errors()).extracting("pointer").containsExactly("/text");
        assertThat(get("otp").getStatus()).isEqualTo(404);
    }

    @Test
    void shouldAnswer400ForAnUnknownFieldOrAnEmptyBody() {
        // when
        Problem unknown = assertProblem(put("otp", "{\"text\": \"x\", \"name\": \"y\"}", null), 400,
                "https://herald.dev/problems/invalid-request");
        Problem empty = assertProblem(put("otp", "", null), 400, "https://herald.dev/problems/invalid-request");

        // then
        assertThat(unknown.errors()).extracting("pointer").containsExactly("/name");
        assertThat(empty.errors()).extracting("pointer").containsExactly("");
    }

    @Test
    void shouldAnswer400WithPointerIdForAnInvalidId() {
        // when 65 characters, and a character outside [A-Za-z0-9_.-]
        Problem tooLong = assertProblem(put("a".repeat(65), "{\"text\": \"x\"}", null), 400,
                "https://herald.dev/problems/invalid-request");
        Problem badChar = assertProblem(get("otp%20code"), 400, "https://herald.dev/problems/invalid-request");
        Problem onDelete = assertProblem(delete("a~b", null), 400, "https://herald.dev/problems/invalid-request");

        // then
        assertThat(tooLong.errors()).extracting("pointer", "detail")
                .containsExactly(tuple("/id", "must have at most 64 characters, has 65"));
        assertThat(badChar.errors()).extracting("pointer").containsExactly("/id");
        assertThat(onDelete.errors()).extracting("pointer").containsExactly("/id");
        // and 64 characters are fine
        assertThat(put("a".repeat(64), "{\"text\": \"x\"}", null).getStatus()).isEqualTo(201);
    }

    @Test
    void shouldWriteWhenIfMatchNamesTheCurrentVersionQuotedOrNot() {
        // given version 1
        put("otp", "{\"text\": \"v1\"}", null);

        // when
        Response bare = put("otp", "{\"text\": \"v2\"}", "1");
        Response quoted = put("otp", "{\"text\": \"v3\"}", "\"2\"");

        // then
        assertThat(bare.getStatus()).isEqualTo(200);
        assertThat(quoted.getStatus()).isEqualTo(200);
        assertThat(quoted.getHeaderString("ETag")).isEqualTo("\"3\"");
    }

    @Test
    void shouldAnswer412WhenIfMatchIsNotTheCurrentVersion() {
        // given version 2
        put("otp", "{\"text\": \"v1\"}", null);
        put("otp", "{\"text\": \"v2\"}", null);

        // when
        Response stalePut = put("otp", "{\"text\": \"v3\"}", "1");
        Response staleDelete = delete("otp", "1");
        Response absent = put("new", "{\"text\": \"v1\"}", "1");

        // then nothing was written
        Problem problem = assertProblem(stalePut, 412, "https://herald.dev/problems/version-mismatch");
        assertThat(problem.detail()).contains("version 1", "current version is 2");
        assertProblem(staleDelete, 412, "https://herald.dev/problems/version-mismatch");
        assertProblem(absent, 412, "https://herald.dev/problems/version-mismatch");
        assertThat(get("otp").readEntity(StoredTemplate.class).text()).isEqualTo("v2");
        assertThat(get("new").getStatus()).isEqualTo(404);
    }

    @Test
    void shouldAnswer400WithPointerVersionForAMalformedIfMatch() {
        // when
        Problem problem = assertProblem(put("otp", "{\"text\": \"x\"}", "W/\"1\""), 400,
                "https://herald.dev/problems/invalid-request");

        // then
        assertThat(problem.errors()).extracting("pointer").containsExactly("/version");
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenTheStoreIsUnavailable() {
        // given
        STORE.failWith(new TemplateStoreUnavailableException("the templates are not loaded yet (test)", null));

        // when
        Response response = put("otp", "{\"text\": \"x\"}", null);

        // then
        Problem problem = assertProblem(response, 503, "https://herald.dev/problems/kafka-unavailable");
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("7");
        assertThat(problem.detail()).contains("not loaded");
    }

    @Test
    void shouldRenderABatchFromANamedTemplateAndRecordItsIdAndVersion() {
        // given version 2 of a template
        put("otp", "{\"text\": \"old {{code}}\"}", null);
        put("otp", "{\"text\": \"Code {{code}}\"}", null);

        // when one recipient has the variable and one lacks it
        Response response = postBatch("""
                {"from": "HERALD", "template": "otp", "recipients": [
                  {"to": "+4791234567", "vars": {"code": "1234"}},
                  {"to": "+4791234568", "vars": {"other": "x"}}]}""");

        // then
        assertThat(response.getStatus()).isEqualTo(202);
        BatchAccepted accepted = response.readEntity(BatchAccepted.class);
        assertThat(accepted.accepted()).isEqualTo(1);
        assertThat(accepted.rejected()).extracting(Rejection::index, Rejection::reason, Rejection::pointer)
                .containsExactly(tuple(1, "missing variable 'code'", "/recipients/1/vars"));
        assertThat(PUBLISHER.published())
                .extracting(NotificationRequest::getText, NotificationRequest::getTemplateId,
                        NotificationRequest::getTemplateVersion)
                .containsExactly(tuple("Code 1234", "otp", 2L));
    }

    @Test
    void shouldAnswer400WithPointerTemplateForAnUnknownTemplate() {
        // when
        Problem problem = assertProblem(postBatch("""
                {"from": "HERALD", "template": "nope", "recipients": [{"to": "+4791234567"}]}"""), 400,
                "https://herald.dev/problems/invalid-request");

        // then
        assertThat(problem.errors()).extracting("pointer", "detail")
                .containsExactly(tuple("/template", "no template with id 'nope'"));
        assertThat(PUBLISHER.published()).isEmpty();
    }

    @Test
    void shouldAnswer400WhenABatchGivesBothTextAndTemplateOrNeither() {
        // given
        put("otp", "{\"text\": \"x\"}", null);

        // when
        Problem both = assertProblem(postBatch("""
                {"from": "HERALD", "text": "x", "template": "otp", "recipients": [{"to": "+4791234567"}]}"""), 400,
                "https://herald.dev/problems/invalid-request");
        Problem neither = assertProblem(postBatch("""
                {"from": "HERALD", "recipients": [{"to": "+4791234567"}]}"""), 400,
                "https://herald.dev/problems/invalid-request");

        // then
        assertThat(both.errors()).extracting("pointer").containsExactly("/template");
        assertThat(neither.errors()).extracting("pointer").containsExactly("/text");
        assertThat(PUBLISHER.published()).isEmpty();
    }

    @Test
    void shouldAnswer503ForABatchWhenTheStoreIsStillLoading() {
        // given
        STORE.failWith(new TemplateStoreUnavailableException("the templates are not loaded yet (test)", null));

        // when
        Response response = postBatch("""
                {"from": "HERALD", "template": "otp", "recipients": [{"to": "+4791234567"}]}""");

        // then never a 400 that would say the template does not exist
        assertProblem(response, 503, "https://herald.dev/problems/kafka-unavailable");
        assertThat(PUBLISHER.published()).isEmpty();
    }

    private static Response put(String id, String json, String ifMatch) {
        Invocation.Builder request = RESOURCE.target("/v1/templates/" + id).request().header(HttpHeaders.AUTHORIZATION, TestAuth.BEARER);
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.put(Entity.entity(json, MediaType.APPLICATION_JSON_TYPE));
    }

    private static Response get(String id) {
        return RESOURCE.target("/v1/templates/" + id).request().header(HttpHeaders.AUTHORIZATION, TestAuth.BEARER).get();
    }

    private static Response delete(String id, String ifMatch) {
        Invocation.Builder request = RESOURCE.target("/v1/templates/" + id).request().header(HttpHeaders.AUTHORIZATION, TestAuth.BEARER);
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.delete();
    }

    private static Response postBatch(String json) {
        return RESOURCE.target("/v1/batches").request().header(HttpHeaders.AUTHORIZATION, TestAuth.BEARER).post(Entity.entity(json, MediaType.APPLICATION_JSON_TYPE));
    }

    private static Problem assertProblem(Response response, int status, String type) {
        assertThat(response.getStatus()).isEqualTo(status);
        assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        Problem problem = response.readEntity(Problem.class);
        assertThat(problem.type()).isEqualTo(type);
        assertThat(problem.status()).isEqualTo(status);
        assertThat(problem.title()).isNotBlank();
        assertThat(problem.detail()).isNotBlank();
        return problem;
    }
}
