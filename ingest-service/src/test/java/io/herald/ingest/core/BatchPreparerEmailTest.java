package io.herald.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.herald.ingest.api.BatchRequest;
import io.herald.ingest.api.FieldError;
import io.herald.ingest.api.RecipientRequest;
import io.herald.ingest.api.Rejection;
import io.herald.schema.Channel;
import io.herald.schema.NotificationRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchPreparerEmailTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    private static final String FROM = "Herald <noreply@herald.dev>";

    private final BatchPreparer preparer = new BatchPreparer(
            new BatchLimits(5, 20, BatchLimits.DEFAULT_MAX_SEGMENTS, BatchLimits.DEFAULT_MAX_SCHEDULE_AHEAD_MS, 60),
            new PhoneNumberNormalizer("NO"), Clock.fixed(NOW, ZoneOffset.UTC));

    private static BatchRequest email(String subject, String text, String html, List<RecipientRequest> recipients) {
        return new BatchRequest(FROM, text, recipients, null, null, null, "email", subject, html);
    }

    @Test
    void buildsOneEmailRequestPerRecipientKeyedByTheLowerCasedAddress() {
        BatchRequest request = email("Hei {{name}}", "Your code is {{code}}, {{name}}.",
                "<p>Your code is <b>{{code}}</b>, {{name}}.</p>", List.of(
                        new RecipientRequest("Ola.Nordmann@Example.COM", Map.of("name", "Ola", "code", "1"), "r1"),
                        new RecipientRequest("kari@example.no", Map.of("name", "<Kari & co>", "code", "2"), null)));

        PreparedBatch batch = preparer.prepare(request);

        assertThat(batch.rejections()).isEmpty();
        assertThat(batch.segments()).isZero();
        assertThat(batch.requests())
                .extracting(NotificationRequest::getRecipient, NotificationRequest::getSubject,
                        NotificationRequest::getText, NotificationRequest::getHtml)
                .containsExactly(
                        tuple("ola.nordmann@example.com", "Hei Ola", "Your code is 1, Ola.",
                                "<p>Your code is <b>1</b>, Ola.</p>"),
                        tuple("kari@example.no", "Hei <Kari & co>", "Your code is 2, <Kari & co>.",
                                "<p>Your code is <b>2</b>, &lt;Kari &amp; co&gt;.</p>"));
        assertThat(batch.requests()).allSatisfy(r -> {
            assertThat(r.getChannel()).isEqualTo(Channel.EMAIL);
            assertThat(r.getSender()).isEqualTo(FROM);
            assertThat(r.getBatchId()).isEqualTo(batch.batchId());
        });
    }

    @Test
    void sendsPlainTextWhenNoHtmlIsGiven() {
        PreparedBatch batch = preparer.prepare(email("Hi", "Plain", null,
                List.of(new RecipientRequest("a@example.com", null, null))));

        assertThat(batch.requests()).singleElement().satisfies(r -> {
            assertThat(r.getHtml()).isNull();
            assertThat(r.getText()).isEqualTo("Plain");
        });
    }

    @Test
    void rejectsBadRecipientsOneByOneWithAPointer() {
        BatchRequest request = email("Hi {{name}}", "Body {{name}}", null, List.of(
                new RecipientRequest("not-an-address", Map.of("name", "x"), null),
                new RecipientRequest("a@example.com", Map.of(), null),
                new RecipientRequest("b@example.com", Map.of("name", "Eve\r\nBcc: all@example.com"), null),
                new RecipientRequest("c@example.com", Map.of("name", "x".repeat(70)), null),
                new RecipientRequest("d@example.com", Map.of("name", "ok"), null)));

        PreparedBatch batch = preparer.prepare(request);

        assertThat(batch.rejections()).extracting(Rejection::index, Rejection::pointer)
                .containsExactly(tuple(0, "/recipients/0/to"), tuple(1, "/recipients/1/vars"),
                        tuple(2, "/subject"), tuple(3, "/text"));
        assertThat(batch.rejections().get(2).reason()).contains("line break");
        assertThat(batch.rejections().get(3).reason()).contains("more than the maximum 60");
        assertThat(batch.requests()).extracting(NotificationRequest::getRecipient).containsExactly("d@example.com");
    }

    @Test
    void rejectsTheBatchWithoutASubjectOrWithAnSmsSender() {
        BatchRequest request = new BatchRequest("HERALD", "Body", List.of(new RecipientRequest("a@example.com", null,
                null)), null, null, null, "email", null, null);

        assertThatThrownBy(() -> preparer.prepare(request)).isInstanceOfSatisfying(InvalidBatchException.class,
                e -> assertThat(e.errors()).extracting(FieldError::pointer).containsExactly("/from", "/subject"));
    }

    @Test
    void rejectsAnUnknownChannelAndEmailFieldsOnAnSmsBatch() {
        BatchRequest unknown = new BatchRequest("HERALD", "Hi", List.of(new RecipientRequest("+4791234567", null,
                null)), null, null, null, "fax", null, null);
        BatchRequest smsWithSubject = new BatchRequest("HERALD", "Hi", List.of(new RecipientRequest("+4791234567",
                null, null)), null, null, null, "sms", "Subject", "<p>x</p>");

        assertThatThrownBy(() -> preparer.prepare(unknown)).isInstanceOfSatisfying(InvalidBatchException.class,
                e -> assertThat(e.errors()).extracting(FieldError::pointer).containsExactly("/channel"));
        assertThatThrownBy(() -> preparer.prepare(smsWithSubject)).isInstanceOfSatisfying(
                InvalidBatchException.class,
                e -> assertThat(e.errors()).extracting(FieldError::pointer).containsExactly("/subject", "/html"));
    }

    @Test
    void rejectsAMultiLineSubjectTemplate() {
        BatchRequest request = email("Hi\nthere", "Body", null,
                List.of(new RecipientRequest("a@example.com", null, null)));

        assertThatThrownBy(() -> preparer.prepare(request)).isInstanceOfSatisfying(InvalidBatchException.class,
                e -> assertThat(e.errors()).extracting(FieldError::pointer, FieldError::detail)
                        .containsExactly(tuple("/subject", "must be one line (no CR or LF)")));
    }

    @Test
    void allowsAnEmailBodyLongerThanTheSmsTextLimit() {
        // maxTextLength (SMS) is 20 here, maxEmailBodyLength 60
        PreparedBatch batch = preparer.prepare(email("Hi", "x".repeat(50), null,
                List.of(new RecipientRequest("a@example.com", null, null))));

        assertThat(batch.requests()).hasSize(1);
    }
}
