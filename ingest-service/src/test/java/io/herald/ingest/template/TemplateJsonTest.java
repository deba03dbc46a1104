package io.herald.ingest.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.ingest.api.StoredTemplate;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
        String json = new String(TemplateJson.write(template), StandardCharsets.UTF_8);

        // then
        assertThat(json).isEqualTo(FIXTURE);
    }

    @Test
    void shouldReadTheFixtureAndIgnoreUnknownFields() {
        // given a value a later version might write
        String json = FIXTURE.substring(0, FIXTURE.length() - 1) + ",\"owner\":\"team-a\"}";

        // when
        StoredTemplate template = TemplateJson.read("otp", json.getBytes(StandardCharsets.UTF_8));

        // then
        assertThat(template).isEqualTo(new StoredTemplate("otp", 3, "Code {{code}} \\{{x}}",
                Instant.parse("2026-11-27T21:00:00.123Z")));
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
