package io.herald.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.ingest.api.BatchRequest;
import io.herald.ingest.api.RecipientRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Render bombs: a small request whose template repeats a placeholder must not make ingest render (and hold) without
 * bound, per recipient or per batch.
 */
class RenderBudgetTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void renderingStopsAsSoonAsTheTextPassesItsLimit() {
        MessageTemplate bomb = MessageTemplate.parse("{{a}}".repeat(200_000));
        Map<String, String> vars = Map.of("a", "x".repeat(10_000));

        // 2 × 10^9 characters if rendered in full: it stops at the limit instead
        assertThatThrownBy(() -> bomb.render(vars, 3_200)).isInstanceOf(MessageTemplate.RenderedTooLongException.class);
        assertThat(MessageTemplate.parse("a{{b}}c").render(Map.of("b", "12"), 4)).isEqualTo("a12c");
        assertThatThrownBy(() -> MessageTemplate.parse("a{{b}}c").render(Map.of("b", "12"), 3))
                .isInstanceOf(MessageTemplate.RenderedTooLongException.class);
    }

    @Test
    void anSmsRecipientWhoseTextWouldPassTheLimitIsRejectedAtTheText() {
        BatchPreparer preparer = new BatchPreparer(new BatchLimits(10, 1_600), new PhoneNumberNormalizer("NO"), CLOCK);
        BatchRequest request = new BatchRequest("HERALD", "{{a}}".repeat(320), List.of(
                new RecipientRequest("+4791234567", Map.of("a", "x".repeat(10_000)), null),
                new RecipientRequest("+4791234568", Map.of("a", "ok"), null)), null, null, null, null, null, null);

        PreparedBatch batch = preparer.prepare(request);

        assertThat(batch.rejections()).singleElement().satisfies(rejection -> {
            assertThat(rejection.pointer()).isEqualTo("/text");
            assertThat(rejection.reason()).contains("more than the maximum 1600 characters");
        });
        assertThat(batch.requests()).singleElement().satisfies(r -> assertThat(r.getText()).hasSize(640));
    }

    @Test
    void aBatchThatRendersPastItsBudgetIsA413BeforeItIsHeldWhole() {
        // given e-mail bodies of 100,000 characters from a 100,000-character template of placeholders, and a budget
        // of 1,000,000 characters per batch
        BatchPreparer preparer = new BatchPreparer(new BatchLimits(5_000, 1_600, BatchLimits.DEFAULT_MAX_SEGMENTS,
                BatchLimits.DEFAULT_MAX_SCHEDULE_AHEAD_MS, 100_000, 1_000_000), new PhoneNumberNormalizer("NO"), CLOCK);
        List<RecipientRequest> recipients = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            recipients.add(new RecipientRequest("r" + i + "@example.com", Map.of("a", "12345"), null));
        }
        BatchRequest request = new BatchRequest("Herald <noreply@herald.dev>", "{{a}}".repeat(20_000), recipients,
                null, null, null, "email", "Hi", null);

        // when prepared, then a 413 once the tenth recipient passes the budget
        assertThatThrownBy(() -> preparer.prepare(request)).isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("more than 1000000 characters").hasMessageContaining("at recipient 9");
    }
}
