package io.herald.ingest.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.ingest.api.StoredTemplate;
import io.herald.ingest.api.TemplateVersion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateJsonTest {

    private static final String FIXTURE =
            "{\"id\":\"otp\",\"version\":3,\"text\":\"Code {{code}} \\\\{{x}}\",\"updatedAt\":\"2026-11-27T21:00:00.123Z\"}";

    @Test
    void shouldWriteTheDocumentedJson() {
        // given
        StoredTemplate template = new StoredTemplate("otp", 3, "Code {{code}} \\{{x}}",
                Instant.parse("2026-11-27T21:00:00.123Z"));

        // when
        String json = new String(TemplateJson.write(template, List.of()), StandardCharsets.UTF_8);

        // then
        assertThat(json).isEqualTo(FIXTURE);
    }

    @Test
    void shouldReadTheFixtureAndIgnoreUnknownFields() {
        // given a value a later version might write
        String json = FIXTURE.substring(0, FIXTURE.length() - 1) + ",\"owner\":\"team-a\"}";

        // when
        StoredTemplate template = TemplateJson.read("otp", json.getBytes(StandardCharsets.UTF_8)).template();

        // then
        assertThat(template).isEqualTo(new StoredTemplate("otp", 3, "Code {{code}} \\{{x}}",
                Instant.parse("2026-11-27T21:00:00.123Z")));
    }

    @Test
    void shouldKeepTheEarlierVersionsNewestFirstAndDropIllFormedOnes() {
        // given version 3 with versions 2 and 1 before it
        StoredTemplate template = new StoredTemplate("otp", 3, "Code {{code}}", Instant.parse("2026-11-27T21:00:00Z"));
        List<TemplateVersion> previous = List.of(
                new TemplateVersion(2, "Your code {{code}}", Instant.parse("2026-11-26T21:00:00Z")),
                new TemplateVersion(1, "Code: {{code}}", Instant.parse("2026-11-25T21:00:00Z")));

        // when written and read back
        String json = new String(TemplateJson.write(template, previous), StandardCharsets.UTF_8);
        TemplateJson.Value read = TemplateJson.read("otp", json.getBytes(StandardCharsets.UTF_8));

        // then
        assertThat(json).contains("\"previous\":[{\"version\":2,\"text\":\"Your code {{code}}\"");
        assertThat(read.template()).isEqualTo(template);
        assertThat(read.previous()).isEqualTo(previous);

        // and a listed version that is not below the template's, or lacks its text, is left out
        String odd = json.replace("\"version\":2,\"text\":\"Your code {{code}}\"", "\"version\":7,\"text\":\"x\"")
                .replace("\"text\":\"Code: {{code}}\",", "");
        assertThat(TemplateJson.read("otp", odd.getBytes(StandardCharsets.UTF_8)).previous()).isEmpty();
    }

    @Test
    void shouldRefuseAValueWhoseIdIsNotTheKeyOrThatIsNotJson() {
        assertThatThrownBy(() -> TemplateJson.read("other", FIXTURE.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("record key");
        assertThatThrownBy(() -> TemplateJson.read("otp", "Code {{code}}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("Code");
        assertThatThrownBy(() -> TemplateJson.read("otp", FIXTURE.replace("3", "0").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
