package io.herald.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.ingest.api.BatchRequest;
import io.herald.ingest.api.RecipientRequest;
import io.herald.ingest.template.InMemoryTemplateStore;
import io.herald.schema.Channel;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link BatchPreparer#prepareOne}: a one-recipient batch under the caller's batch id, as a bulk-load line. */
class BatchPreparerOneTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    private final InMemoryTemplateStore templates = new InMemoryTemplateStore(Clock.fixed(NOW, ZoneOffset.UTC));
    private final BatchPreparer preparer = new BatchPreparer(new BatchLimits(10, 200, 1),
            new PhoneNumberNormalizer("NO"), templates, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldRenderTheRecipientUnderTheGivenBatchId() {
        // given a named template and a national number
        templates.put("otp", "Code {{code}}", null);
        BatchRequest line = new BatchRequest("HERALD", null,
                List.of(new RecipientRequest("912 34 567", Map.of("code", "42"), "ref-7")), null, null, "otp");

        // when
        PreparedRecipient prepared = preparer.prepareOne("load-1", line);

        // then
        assertThat(prepared.isAccepted()).isTrue();
        assertThat(prepared.segments()).isEqualTo(1);
        assertThat(prepared.request().getBatchId()).isEqualTo("load-1");
        assertThat(prepared.request().getRecipient()).isEqualTo("+4791234567");
        assertThat(prepared.request().getText()).isEqualTo("Code 42");
        assertThat(prepared.request().getChannel()).isEqualTo(Channel.SMS);
        assertThat(prepared.request().getClientReference()).isEqualTo("ref-7");
        assertThat(prepared.request().getTemplateId()).isEqualTo("otp");
        assertThat(prepared.request().getTemplateVersion()).isEqualTo(1L);
        assertThat(prepared.request().getMessageId()).isNotBlank();
    }

    @Test
    void shouldGiveRecipientRejectionsWithPointersIntoTheLine() {
        // when a bad number, a missing variable and a text of two segments (161 GSM 7-bit septets)
        PreparedRecipient badNumber = preparer.prepareOne("b", sms("12345", "Hi", Map.of()));
        PreparedRecipient missingVar = preparer.prepareOne("b", sms("+4791234567", "Hi {{name}}", Map.of()));
        PreparedRecipient twoSegments = preparer.prepareOne("b", sms("+4791234567", "{{long}}",
                Map.of("long", "x".repeat(161))));

        // then
        assertThat(badNumber.isAccepted()).isFalse();
        assertThat(badNumber.pointer()).isEqualTo("/to");
        assertThat(missingVar.pointer()).isEqualTo("/vars");
        assertThat(missingVar.reason()).contains("name");
        assertThat(twoSegments.pointer()).isEqualTo("/text");
    }

    @Test
    void shouldTurnABatchLevelErrorIntoTheLinesRejection() {
        // when the sender is invalid, and when the text and template are both missing
        PreparedRecipient badSender = preparer.prepareOne("b", new BatchRequest("not a sender id", "Hi",
                List.of(new RecipientRequest("+4791234567", null, null)), null, null));
        PreparedRecipient noText = preparer.prepareOne("b", sms("+4791234567", null, null));
        PreparedRecipient noTo = preparer.prepareOne("b", sms(null, "Hi", null));

        // then
        assertThat(badSender.pointer()).isEqualTo("/from");
        assertThat(noText.pointer()).isEqualTo("/text");
        assertThat(noTo.pointer()).isEqualTo("/to");
        assertThat(noTo.reason()).isEqualTo("is required");
    }

    @Test
    void shouldRefuseABatchOfMoreThanOneRecipient() {
        BatchRequest two = new BatchRequest("HERALD", "Hi", List.of(new RecipientRequest("+4791234567", null, null),
                new RecipientRequest("+4791234568", null, null)), null, null);

        assertThatThrownBy(() -> preparer.prepareOne("b", two)).isInstanceOf(IllegalArgumentException.class);
    }

    private static BatchRequest sms(String to, String text, Map<String, String> vars) {
        return new BatchRequest("HERALD", text, List.of(new RecipientRequest(to, vars, null)), null, null);
    }
}
