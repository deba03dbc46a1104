package io.herald.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.herald.ingest.api.BatchRequest;
import io.herald.ingest.api.FieldError;
import io.herald.ingest.api.QuietHoursRequest;
import io.herald.ingest.api.RecipientRequest;
import io.herald.ingest.api.Rejection;
import io.herald.ingest.template.InMemoryTemplateStore;
import io.herald.schema.Channel;
import io.herald.schema.NotificationRequest;
import io.herald.schema.QuietHours;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchPreparerTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private final BatchPreparer preparer = new BatchPreparer(new BatchLimits(3, 20),
            new PhoneNumberNormalizer("NO"), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldBuildOneRequestPerValidRecipient() {
        // given
        Instant sendAt = NOW.plusSeconds(60);
        Instant expiresAt = NOW.plusSeconds(3600);
        BatchRequest request = new BatchRequest("HERALD", "Hi {{name}}", List.of(
                new RecipientRequest("+47 912 34 567", Map.of("name", "Ola"), "ref-1"),
                new RecipientRequest("41234567", Map.of("name", "Kari"), null)), sendAt, expiresAt);

        // when
        PreparedBatch batch = preparer.prepare(request);

        // then
        assertThat(batch.rejections()).isEmpty();
        assertThat(batch.requests())
                .extracting(NotificationRequest::getRecipient, NotificationRequest::getText,
                        NotificationRequest::getClientReference)
                .containsExactly(tuple("+4791234567", "Hi Ola", "ref-1"), tuple("+4741234567", "Hi Kari", null));
        assertThat(batch.requests()).allSatisfy(r -> {
            assertThat(r.getBatchId()).isEqualTo(batch.batchId());
            assertThat(r.getChannel()).isEqualTo(Channel.SMS);
            assertThat(r.getSender()).isEqualTo("HERALD");
            assertThat(r.getCreatedAt()).isEqualTo(NOW);
            assertThat(r.getNotBefore()).isEqualTo(sendAt);
            assertThat(r.getExpiresAt()).isEqualTo(expiresAt);
        });
        assertThat(batch.requests()).extracting(NotificationRequest::getMessageId).doesNotHaveDuplicates();
    }

    @Test
    void shouldRejectInvalidRecipientsWithIndexAndReasonAndKeepTheOthers() {
        // given
        BatchRequest request = new BatchRequest("HERALD", "Code {{code}}", List.of(
                new RecipientRequest("12345", Map.of("code", "1"), null),
                new RecipientRequest("+4791234567", Map.of(), null),
                new RecipientRequest("+4791234568", Map.of("code", "2"), null)), null, null);

        // when
        PreparedBatch batch = preparer.prepare(request);

        // then
        assertThat(batch.rejections()).extracting(Rejection::index, Rejection::to, Rejection::reason,
                        Rejection::pointer)
                .containsExactly(tuple(0, "12345", "not a valid phone number", "/recipients/0/to"),
                        tuple(1, "+4791234567", "missing variable 'code'", "/recipients/1/vars"));
        assertThat(batch.requests()).extracting(NotificationRequest::getRecipient).containsExactly("+4791234568");
    }

    @Test
    void shouldRejectARecipientWhoseRenderedTextIsTooLongOrBlank() {
        // given maxTextLength 20
        BatchRequest request = new BatchRequest("HERALD", "{{v}}", List.of(
                new RecipientRequest("+4791234567", Map.of("v", "x".repeat(21)), null),
                new RecipientRequest("+4791234568", Map.of("v", "  "), null),
                new RecipientRequest("+4791234569", Map.of("v", "😀".repeat(20)), null)), null, null);

        // when
        PreparedBatch batch = preparer.prepare(request);

        // then 20 emoji are 20 characters, not 40
        assertThat(batch.rejections()).extracting(Rejection::index, Rejection::reason)
                .containsExactly(tuple(0, "rendered text has 21 characters, more than the maximum 20"),
                        tuple(1, "rendered text is blank"));
        assertThat(batch.requests()).hasSize(1);
    }

    @Test
    void shouldRejectByTheRealSplitNotByDivision() {
        // given maxSegments 2: 153 euros are 306 septets, 2 x 153 by division but 3 parts (76 + 76 + 1), as an
        // escape sequence never straddles parts; 306 plain septets are 2 parts
        BatchPreparer twoSegments = new BatchPreparer(new BatchLimits(3, 1600, 2), new PhoneNumberNormalizer("NO"),
                Clock.fixed(NOW, ZoneOffset.UTC));
        BatchRequest request = new BatchRequest("HERALD", "{{v}}", List.of(
                new RecipientRequest("+4791234567", Map.of("v", "€".repeat(153)), null),
                new RecipientRequest("+4791234568", Map.of("v", "a".repeat(306)), null)), null, null);

        // when
        PreparedBatch batch = twoSegments.prepare(request);

        // then
        assertThat(batch.rejections()).extracting(Rejection::index, Rejection::reason, Rejection::pointer)
                .containsExactly(tuple(0, "text needs 3 SMS segments (GSM7, 306 septets); at most 2", "/text"));
        assertThat(batch.segments()).isEqualTo(2);
    }

    @Test
    void shouldRenderANamedTemplateAndPointRenderingRejectionsAtTemplate() {
        // given maxTextLength 20 and a stored template at version 1
        InMemoryTemplateStore templates = new InMemoryTemplateStore(Clock.fixed(NOW, ZoneOffset.UTC));
        templates.put("greet", "Hi {{name}}", null);
        BatchPreparer withTemplates = new BatchPreparer(new BatchLimits(3, 20), new PhoneNumberNormalizer("NO"),
                templates, Clock.fixed(NOW, ZoneOffset.UTC));
        BatchRequest request = new BatchRequest("HERALD", null, List.of(
                new RecipientRequest("+4791234567", Map.of("name", "Ola"), null),
                new RecipientRequest("+4791234568", Map.of("name", "x".repeat(20)), null)), null, null, "greet");

        // when
        PreparedBatch batch = withTemplates.prepare(request);

        // then
        assertThat(batch.requests())
                .extracting(NotificationRequest::getText, NotificationRequest::getTemplateId,
                        NotificationRequest::getTemplateVersion)
                .containsExactly(tuple("Hi Ola", "greet", 1L));
        assertThat(batch.rejections()).extracting(Rejection::index, Rejection::pointer)
                .containsExactly(tuple(1, "/template"));
    }

    @Test
    void shouldLeaveTemplateIdAndVersionNullForAnInlineText() {
        // when
        PreparedBatch batch = preparer.prepare(new BatchRequest("HERALD", "Hi", List.of(
                new RecipientRequest("+4791234567", null, null)), null, null));

        // then
        assertThat(batch.requests()).singleElement().satisfies(r -> {
            assertThat(r.getTemplateId()).isNull();
            assertThat(r.getTemplateVersion()).isNull();
        });
    }

    @Test
    void shouldRefuseAnInvalidTemplateIdWithPointerTemplate() {
        // when / then
        assertThatThrownBy(() -> preparer.prepare(new BatchRequest("HERALD", null, List.of(
                new RecipientRequest("+4791234567", null, null)), null, null, "no spaces")))
                .isInstanceOfSatisfying(InvalidBatchException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::pointer).containsExactly("/template"));
    }

    @Test
    void shouldRefuseMaxSegmentsOutsideOneTo255() {
        // when / then
        assertThatThrownBy(() -> new BatchLimits(1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BatchLimits(1, 1, 256)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new BatchLimits(1, 1).maxSegments()).isEqualTo(6);
    }

    @Test
    void shouldListEveryInvalidFieldWithAJsonPointer() {
        // given
        BatchRequest request = new BatchRequest("NOT VALID €", null, List.of(
                new RecipientRequest(" ", null, null),
                new RecipientRequest("+4791234567", null, "r".repeat(257))), null, null);

        // when / then
        assertThatThrownBy(() -> preparer.prepare(request))
                .isInstanceOf(InvalidBatchException.class)
                .hasMessage("4 invalid fields")
                .extracting(e -> ((InvalidBatchException) e).errors())
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.list(FieldError.class))
                .extracting(FieldError::pointer)
                .containsExactly("/from", "/text", "/recipients/0/to", "/recipients/1/clientReference");
    }

    @Test
    void shouldRequireRecipientsWithinTheLimit() {
        assertThat(pointerAndDetail(new BatchRequest("HERALD", "x", null, null, null)))
                .containsExactly("/recipients", "is required");
        assertThat(pointerAndDetail(new BatchRequest("HERALD", "x", List.of(), null, null)))
                .containsExactly("/recipients", "must contain at least 1 recipient");
        List<RecipientRequest> four = Collections.nCopies(4, new RecipientRequest("+4791234567", null, null));
        assertThat(pointerAndDetail(new BatchRequest("HERALD", "x", four, null, null)))
                .containsExactly("/recipients", "must contain at most 3 recipients, has 4");
    }

    @Test
    void shouldRefuseNullRecipientEntries() {
        List<RecipientRequest> recipients = new ArrayList<>();
        recipients.add(null);
        assertThat(pointerAndDetail(new BatchRequest("HERALD", "x", recipients, null, null)))
                .containsExactly("/recipients/0", "must be an object");
    }

    @Test
    void shouldCheckTheText() {
        List<RecipientRequest> one = List.of(new RecipientRequest("+4791234567", null, null));
        assertThat(pointerAndDetail(new BatchRequest("HERALD", " ", one, null, null)))
                .containsExactly("/text", "must not be blank");
        assertThat(pointerAndDetail(new BatchRequest("HERALD", "Hi {{name", one, null, null)))
                .containsExactly("/text", "unclosed placeholder at offset 3 (write \\{{ for literal braces)");
        assertThat(pointerAndDetail(new BatchRequest("HERALD", "x".repeat(21) + "{{a}}", one, null, null)))
                .containsExactly("/text", "has 21 characters outside placeholders, more than the maximum 20");
    }

    @Test
    void shouldCheckExpiresAtAgainstNowAndSendAt() {
        List<RecipientRequest> one = List.of(new RecipientRequest("+4791234567", null, null));
        assertThat(pointerAndDetail(new BatchRequest("HERALD", "x", one, null, NOW)))
                .containsExactly("/expiresAt", "must be in the future");
        assertThat(pointerAndDetail(new BatchRequest("HERALD", "x", one, NOW.plusSeconds(20), NOW.plusSeconds(10))))
                .containsExactly("/expiresAt", "must be after sendAt");
    }

    @Test
    void shouldRefuseASendAtBeyondTheScheduleHorizonAndTakeOneInThePast() {
        List<RecipientRequest> one = List.of(new RecipientRequest("+4791234567", null, null));
        // the default horizon is 30 days
        assertThat(pointerAndDetail(new BatchRequest("HERALD", "x", one, NOW.plus(Duration.ofDays(30).plusSeconds(1)),
                null))).containsExactly("/sendAt", "is more than 720h ahead (maxScheduleAhead)");
        assertThat(preparer.prepare(new BatchRequest("HERALD", "x", one, NOW.plus(Duration.ofDays(30)), null))
                .requests()).hasSize(1);
        // a sendAt in the past is kept as it is: the dispatcher sends at once
        assertThat(preparer.prepare(new BatchRequest("HERALD", "x", one, NOW.minusSeconds(3600), null))
                .requests().get(0).getNotBefore()).isEqualTo(NOW.minusSeconds(3600));
    }

    @Test
    void shouldCarryTheBatchsMaxRateOnEachRecordAndRefuseOneOutOfRange() {
        List<RecipientRequest> two = List.of(new RecipientRequest("+4791234567", null, null),
                new RecipientRequest("+4791234568", null, null));
        assertThat(preparer.prepare(rated(two, 20)).requests()).extracting(r -> r.getMaxRate())
                .containsExactly(20, 20);
        assertThat(preparer.prepare(rated(two, null)).requests()).extracting(r -> r.getMaxRate())
                .containsExactly(null, null);
        assertThat(pointerAndDetail(rated(two, 0)))
                .containsExactly("/maxRate", "must be between 1 and 10000 messages per second");
        assertThat(pointerAndDetail(rated(two, 10_001)))
                .containsExactly("/maxRate", "must be between 1 and 10000 messages per second");
    }

    @Test
    void shouldCarryQuietHoursOnEachSmsAndRefuseOnesThatAreNotTimes() {
        List<RecipientRequest> one = List.of(new RecipientRequest("+4791234567", null, null));
        BatchRequest night = rated(one, null).withQuietHours(new QuietHoursRequest("21:00", "08:00"));
        assertThat(preparer.prepare(night).requests().get(0).getQuietHours())
                .isEqualTo(new QuietHours("21:00", "08:00"));
        assertThat(pointerAndDetail(night.withQuietHours(new QuietHoursRequest("24:00", "08:00"))))
                .containsExactly("/quietHours/start", "must be a local time HH:mm, 00:00 to 23:59");
        assertThat(pointerAndDetail(night.withQuietHours(new QuietHoursRequest("21:00", "8:00"))))
                .containsExactly("/quietHours/end", "must be a local time HH:mm, 00:00 to 23:59");
        assertThat(pointerAndDetail(night.withQuietHours(new QuietHoursRequest("21:00", "21:00"))))
                .containsExactly("/quietHours/end", "must differ from start");
    }

    private static BatchRequest rated(List<RecipientRequest> recipients, Integer maxRate) {
        return new BatchRequest("HERALD", "x", recipients, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, maxRate, null, null);
    }

    @Test
    void shouldRefuseAMissingBody() {
        assertThat(pointerAndDetail(null)).containsExactly("", "a JSON object is required");
    }

    private List<String> pointerAndDetail(BatchRequest request) {
        try {
            preparer.prepare(request);
        } catch (InvalidBatchException e) {
            assertThat(e.errors()).hasSize(1);
            return List.of(e.errors().get(0).pointer(), e.errors().get(0).detail());
        }
        throw new AssertionError("expected an InvalidBatchException");
    }
}
