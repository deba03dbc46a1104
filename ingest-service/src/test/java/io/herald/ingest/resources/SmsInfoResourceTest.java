package io.herald.ingest.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.herald.ingest.api.Problem;
import io.herald.ingest.auth.TestAuth;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code POST /v1/sms-info}: the count of {@code ./herald sms-info}, as JSON. */
@ExtendWith(DropwizardExtensionsSupport.class)
class SmsInfoResourceTest {

    private static final ResourceExtension RESOURCE = TestAuth.withAuth(ResourceExtension.builder())
            .setRegisterDefaultExceptionMappers(false)
            .addResource(new SmsInfoResource(200))
            .addProvider(new IngestExceptionMapper(Duration.ofSeconds(1)))
            .addProvider(new JsonExceptionMapper())
            .addProvider(new WebApplicationExceptionMapper())
            .addProvider(new UnexpectedExceptionMapper())
            .build();

    private static Response post(String json) {
        return RESOURCE.target("/v1/sms-info").request().header(HttpHeaders.AUTHORIZATION, TestAuth.BEARER)
                .post(Entity.json(json));
    }

    @Test
    void countsGsm7ExtensionCharactersTwiceAndSplitsAt153() {
        JsonNode info = post("{\"text\": \"Price: 5 € {{x}}\"}").readEntity(JsonNode.class);
        assertThat(info.get("encoding").asText()).isEqualTo("GSM7");
        assertThat(info.get("characters").asInt()).isEqualTo(16);
        assertThat(info.get("units").asInt()).as("€ and four braces are extension characters").isEqualTo(21);
        assertThat(info.get("segments").asInt()).isEqualTo(1);
        JsonNode longer = post("{\"text\": \"" + "a".repeat(161) + "\"}").readEntity(JsonNode.class);
        assertThat(longer.get("segments").asInt()).isEqualTo(2);
    }

    @Test
    void aTextOutsideGsm7IsUcs2WithAnEmojiAsTwoUnits() {
        JsonNode info = post("{\"text\": \"Blåbærsyltetøy 😀\"}").readEntity(JsonNode.class);
        assertThat(info.get("encoding").asText()).isEqualTo("UCS2");
        assertThat(info.get("characters").asInt()).isEqualTo(16);
        assertThat(info.get("units").asInt()).isEqualTo(17);
        assertThat(info.get("segments").asInt()).isEqualTo(1);
    }

    @Test
    void aMissingOrTooLongTextIsA400ProblemAtText() {
        for (String body : new String[] {"{}", "{\"text\": \"" + "a".repeat(201) + "\"}"}) {
            Response response = post(body);
            assertThat(response.getStatus()).isEqualTo(400);
            assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
            assertThat(response.readEntity(JsonNode.class).get("errors").get(0).get("pointer").asText())
                    .isEqualTo("/text");
        }
    }
}
