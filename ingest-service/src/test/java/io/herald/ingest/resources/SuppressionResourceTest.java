package io.herald.ingest.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.herald.ingest.api.IngestJson;
import io.herald.ingest.api.Problem;
import io.herald.ingest.auth.TestAuth;
import io.herald.ingest.core.PhoneNumberNormalizer;
import io.herald.ingest.core.PublishException;
import io.herald.ingest.suppression.RecordingSuppressionStore;
import io.herald.schema.SuppressionEntry;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The suppression endpoints with the real normalizer and exception mappers; the Kafka writer is a fake port. */
@ExtendWith(DropwizardExtensionsSupport.class)
class SuppressionResourceTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private static final RecordingSuppressionStore WRITER = new RecordingSuppressionStore();
    private static final int MAX_PER_CLIENT = 3;
    private static final ObjectMapper MAPPER = IngestJson.configure(Jackson.newObjectMapper());

    private static final ResourceExtension RESOURCE = TestAuth.withAuth(ResourceExtension.builder())
            .setMapper(MAPPER)
            .setRegisterDefaultExceptionMappers(false)
            .addResource(new SuppressionResource(new PhoneNumberNormalizer("NO"), WRITER, MAPPER,
                    Clock.fixed(NOW, ZoneOffset.UTC), MAX_PER_CLIENT))
            .addProvider(new IngestExceptionMapper(Duration.ofSeconds(7)))
            .addProvider(new JsonExceptionMapper())
            .addProvider(new WebApplicationExceptionMapper())
            .addProvider(new UnexpectedExceptionMapper())
            .build();

    @AfterEach
    void reset() {
        WRITER.reset();
    }

    private static Response put(String pathRecipient, Entity<?> body) {
        return RESOURCE.target("/v1/suppressions/" + pathRecipient).request().header(HttpHeaders.AUTHORIZATION, TestAuth.BEARER).put(body);
    }

    private static Response delete(String pathRecipient) {
        return RESOURCE.target("/v1/suppressions/" + pathRecipient).request().header(HttpHeaders.AUTHORIZATION, TestAuth.BEARER).delete();
    }

    @Test
    void putWithAnEncodedPlusAndAReasonAddsTheE164EntryAndAnswers200WithIt() {
        // when
        Response response = put("%2B4791234567", Entity.json("{\"reason\": \"asked by phone\"}"));

        // then the entry was written, keyed by E.164, source api
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(WRITER.added()).containsExactly(
                new SuppressionEntry("+4791234567", SuppressionEntry.SOURCE_API, "asked by phone", NOW,
                        TestAuth.CLIENT_ID));
        JsonNode body = response.readEntity(JsonNode.class);
        assertThat(body.get("recipient").asText()).isEqualTo("+4791234567");
        assertThat(body.get("source").asText()).isEqualTo("api");
        assertThat(body.get("reason").asText()).isEqualTo("asked by phone");
        assertThat(body.get("at").asText()).isEqualTo("2026-11-27T10:00:00Z");
    }

    @Test
    void putWithoutBodyAcceptsANationalNumberOfTheDefaultRegion() {
        // when a national number with spaces is put with an empty body that is not JSON
        Response response = put("912%2034%20567", Entity.entity("", MediaType.TEXT_PLAIN));

        // then
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(WRITER.added()).extracting(SuppressionEntry::recipient, SuppressionEntry::reason)
                .containsExactly(tuple("+4791234567", null));
        assertThat(response.readEntity(JsonNode.class).has("reason")).isFalse();
    }

    @Test
    void putAnEmailAddressAddsItsLowerCasedEntryAndABadOneIsA400Problem() {
        // when
        Response response = put("Ola.Nordmann%40Example.COM", Entity.json("{}"));
        Response bad = put("ola%40localhost", Entity.json("{}"));

        // then the entry is keyed like an e-mail batch's recipient; the bad address wrote nothing
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(WRITER.added()).extracting(SuppressionEntry::recipient)
                .containsExactly("ola.nordmann@example.com");
        assertThat(bad.getStatus()).isEqualTo(400);
        assertThat(bad.readEntity(Problem.class).errors()).extracting("pointer")
                .containsExactly(SuppressionResource.RECIPIENT_POINTER);
    }

    @Test
    void putWithAnInvalidRecipientIsA400ProblemPointingAtThePathParameter() {
        // when
        Response response = put("12345", Entity.json("{}"));

        // then nothing was written and the problem names the path parameter
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        Problem problem = response.readEntity(Problem.class);
        assertThat(problem.type()).isEqualTo("https://herald.dev/problems/invalid-request");
        assertThat(problem.errors()).extracting("pointer", "detail")
                .containsExactly(tuple(SuppressionResource.RECIPIENT_POINTER, "not a valid phone number"));
        assertThat(problem.errors().get(0).pointer()).isEqualTo("/path/recipient");
        assertThat(WRITER.added()).isEmpty();
    }

    @Test
    void putWithAnUnknownBodyFieldOrTooLongReasonIsA400Problem() {
        Response unknown = put("%2B4791234567", Entity.json("{\"why\": \"x\"}"));
        Response tooLong = put("%2B4791234567", Entity.json("{\"reason\": \"" + "x".repeat(501) + "\"}"));

        assertThat(unknown.getStatus()).isEqualTo(400);
        assertThat(unknown.readEntity(Problem.class).errors()).extracting("pointer").containsExactly("/why");
        assertThat(tooLong.getStatus()).isEqualTo(400);
        assertThat(tooLong.readEntity(Problem.class).errors()).extracting("pointer")
                .containsExactly(SuppressionResource.REASON_POINTER);
        assertThat(WRITER.added()).isEmpty();
    }

    @Test
    void putThatKafkaDoesNotAcknowledgeIsA503WithRetryAfter() {
        WRITER.failWith(new PublishException("Kafka did not acknowledge the suppression list change (add)", null));

        Response response = put("%2B4791234567", Entity.json("{}"));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("7");
    }

    @Test
    void deleteRemovesTheE164RecipientAndAnswers204EvenIfItWasNotListed() {
        // when a recipient is deleted twice
        Response first = delete("+4791234567");
        Response second = delete("%2B47%20912%2034%20567");

        // then both answer 204 and both wrote the tombstone of the client's key for the E.164 recipient
        assertThat(first.getStatus()).isEqualTo(204);
        assertThat(second.getStatus()).isEqualTo(204);
        assertThat(WRITER.removed()).containsExactly(TestAuth.CLIENT_ID + " +4791234567",
                TestAuth.CLIENT_ID + " +4791234567");
    }

    @Test
    void deleteWithAnInvalidRecipientIsA400ProblemPointingAtThePathParameter() {
        Response response = delete("abc");

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.readEntity(Problem.class).errors()).extracting("pointer")
                .containsExactly("/path/recipient");
        assertThat(WRITER.removed()).isEmpty();
    }

    @Test
    void deleteRemovesOnlyTheClientsOwnEntryNeverAnotherClientsOrAnMoStop() {
        // given an MO STOP, another client's entry and this client's entry for one recipient
        WRITER.existing(null, "+4791234567");
        WRITER.existing("other-client", "+4791234567");
        WRITER.existing(TestAuth.CLIENT_ID, "+4791234567");

        // when this client deletes the recipient
        Response response = delete("+4791234567");

        // then only its own entry went; the MO STOP and the other client's stay
        assertThat(response.getStatus()).isEqualTo(204);
        assertThat(WRITER.removed()).containsExactly(TestAuth.CLIENT_ID + " +4791234567");
        assertThat(WRITER.has(TestAuth.CLIENT_ID, "+4791234567")).isFalse();
        assertThat(WRITER.has(null, "+4791234567")).isTrue();
        assertThat(WRITER.has("other-client", "+4791234567")).isTrue();
    }

    @Test
    void putBeyondTheClientsLimitIsA429ButReplacingAnOwnEntryIsNot() {
        // given the client has its 3 entries, and other owners have more
        for (int i = 1; i <= MAX_PER_CLIENT; i++) {
            assertThat(put("%2B479123456" + i, Entity.json("{}")).getStatus()).isEqualTo(200);
        }
        WRITER.existing(null, "+4791234560");
        WRITER.existing("other-client", "+4791234569");

        // when it puts a fourth recipient, and again one of its own
        Response fourth = put("%2B4791234564", Entity.json("{}"));
        Response again = put("%2B4791234561", Entity.json("{\"reason\": \"still\"}"));

        // then the fourth is a 429 limit-reached problem without Retry-After, nothing written; the replacement is fine
        assertThat(fourth.getStatus()).isEqualTo(429);
        assertThat(fourth.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(fourth.getHeaderString("Retry-After")).isNull();
        assertThat(fourth.readEntity(Problem.class).type()).endsWith("/limit-reached");
        assertThat(again.getStatus()).isEqualTo(200);
        assertThat(WRITER.added()).extracting(SuppressionEntry::recipient).containsExactly("+4791234561",
                "+4791234562", "+4791234563", "+4791234561");
    }

    @Test
    void putWhileTheListIsNotReadYetIsA503WithRetryAfter() {
        WRITER.loading(true);

        Response response = put("%2B4791234567", Entity.json("{}"));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("7");
        assertThat(WRITER.added()).isEmpty();
    }

    @Test
    void getTellsWhetherTheClientHasAnEntryForTheNormalizedRecipient() {
        // given the client's entry for +4791234567, written as a national number
        assertThat(put("912%2034%20567", Entity.entity("", MediaType.TEXT_PLAIN)).getStatus()).isEqualTo(200);

        // when it is looked up as E.164, and another number is
        JsonNode listed = get("%2B4791234567").readEntity(JsonNode.class);
        JsonNode other = get("%2B4791234568").readEntity(JsonNode.class);

        // then
        assertThat(listed.get("recipient").asText()).isEqualTo("+4791234567");
        assertThat(listed.get("suppressed").asBoolean()).isTrue();
        assertThat(other.get("suppressed").asBoolean()).isFalse();
        Response invalid = get("12");
        assertThat(invalid.getStatus()).isEqualTo(400);
        assertThat(invalid.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
    }

    private static Response get(String pathRecipient) {
        return RESOURCE.target("/v1/suppressions/" + pathRecipient).request()
                .header(HttpHeaders.AUTHORIZATION, TestAuth.BEARER).get();
    }
}
