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
import io.herald.schema.PushPlatform;
import io.herald.schema.PushPriority;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Push batches: per-platform tokens, rendered title, body and data, options, and the payload limits. */
class BatchPreparerPushTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final String APNS_TOKEN = "a1b2c3d4".repeat(8);
    private static final String FCM_TOKEN = "cXyZ0123_-" + ":APA91b" + "Q".repeat(140);

    private final BatchPreparer preparer = new BatchPreparer(
            new BatchLimits(10, 160, BatchLimits.DEFAULT_MAX_SEGMENTS, BatchLimits.DEFAULT_MAX_SCHEDULE_AHEAD_MS, 1000),
            new PhoneNumberNormalizer("NO"), Clock.fixed(NOW, ZoneOffset.UTC));

    private static BatchRequest push(String title, String body, Map<String, String> data, Integer ttl,
                                     String priority, List<RecipientRequest> recipients) {
        return new BatchRequest(null, null, recipients, null, null, null, "push", null, null, null, title, body, data,
                ttl, "order-7", priority, 3, "default", null, null, null);
    }

    private static RecipientRequest device(String token, String platform, Map<String, String> vars) {
        return new RecipientRequest(token, vars, null, platform);
    }

    @Test
    void buildsOnePushRequestPerDeviceWithRenderedTitleBodyAndData() {
        BatchRequest request = push("Order {{order}}", "Hi {{name}}, your order {{order}} has shipped",
                Map.of("orderId", "{{order}}", "screen", "orders"), 3600, "normal", List.of(
                        device(APNS_TOKEN.toUpperCase(), "ios", Map.of("name", "Ola", "order", "17")),
                        device(FCM_TOKEN, "android", Map.of("name", "Kari", "order", "18"))));

        PreparedBatch batch = preparer.prepare(request);

        assertThat(batch.rejections()).isEmpty();
        assertThat(batch.segments()).isZero();
        assertThat(batch.requests())
                .extracting(NotificationRequest::getRecipient, NotificationRequest::getPlatform,
                        NotificationRequest::getTitle, NotificationRequest::getText, NotificationRequest::getData)
                .containsExactly(
                        tuple(APNS_TOKEN, PushPlatform.IOS, "Order 17", "Hi Ola, your order 17 has shipped",
                                Map.of("orderId", "17", "screen", "orders")),
                        tuple(FCM_TOKEN, PushPlatform.ANDROID, "Order 18", "Hi Kari, your order 18 has shipped",
                                Map.of("orderId", "18", "screen", "orders")));
        assertThat(batch.requests()).allSatisfy(r -> {
            assertThat(r.getChannel()).isEqualTo(Channel.PUSH);
            assertThat(r.getSender()).isEqualTo(BatchChecks.DEFAULT_PUSH_FROM);
            assertThat(r.getTtlSeconds()).isEqualTo(3600);
            assertThat(r.getPriority()).isEqualTo(PushPriority.NORMAL);
            assertThat(r.getCollapseKey()).isEqualTo("order-7");
            assertThat(r.getBadge()).isEqualTo(3);
            assertThat(r.getSound()).isEqualTo("default");
            assertThat(r.getSubject()).isNull();
        });
    }

    @Test
    void rejectsBadDevicesOneByOneWithAPointer() {
        BatchRequest request = push(null, "Hi {{name}}", null, null, null, List.of(
                device(APNS_TOKEN, null, Map.of("name", "a")),
                device(APNS_TOKEN, "windows", Map.of("name", "b")),
                device("abc123", "ios", Map.of("name", "c")),
                device(APNS_TOKEN.substring(1) + "z", "ios", Map.of("name", "d")),
                device("not a token!".repeat(10), "android", Map.of("name", "e")),
                device(FCM_TOKEN, "android", Map.of()),
                device(FCM_TOKEN, "android", Map.of("name", "f"))));

        PreparedBatch batch = preparer.prepare(request);

        assertThat(batch.rejections()).extracting(Rejection::index, Rejection::pointer).containsExactly(
                tuple(0, "/recipients/0/platform"), tuple(1, "/recipients/1/platform"),
                tuple(2, "/recipients/2/to"), tuple(3, "/recipients/3/to"), tuple(4, "/recipients/4/to"),
                tuple(5, "/recipients/5/vars"));
        assertThat(batch.rejections().get(2).reason()).contains("APNs device token").contains("has 6 characters")
                .doesNotContain("abc123");
        assertThat(batch.rejections().get(4).reason()).contains("FCM registration token");
        assertThat(batch.requests()).extracting(NotificationRequest::getText).containsExactly("Hi f");
    }

    @Test
    void rejectsARecipientWhosePayloadIsOverItsPlatformsLimit() {
        // given a body that renders to about 3,900 bytes and data of about 300: over 4 KB together
        Map<String, String> data = new LinkedHashMap<>();
        data.put("extra", "{{extra}}");
        String body = "{{text}}";
        BatchRequest request = push("T", body, data, null, null, List.of(
                device(APNS_TOKEN, "ios", Map.of("text", "x".repeat(3900), "extra", "y".repeat(300))),
                device(FCM_TOKEN, "android", Map.of("text", "x".repeat(3900), "extra", "y".repeat(300))),
                device(FCM_TOKEN, "android", Map.of("text", "x".repeat(3000), "extra", "y".repeat(300)))));

        PreparedBatch batch = preparer.prepare(request);

        assertThat(batch.rejections()).extracting(Rejection::index, Rejection::pointer)
                .containsExactly(tuple(0, "/body"), tuple(1, "/body"));
        assertThat(batch.rejections().get(0).reason()).contains("APNs payload").contains("more than APNs' 4096");
        assertThat(batch.rejections().get(1).reason()).contains("FCM notification and data").contains("4096");
        assertThat(batch.requests()).hasSize(1);
    }

    @Test
    void rejectsTheBatchWithAListOfItsBadPushFields() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("aps", "x");
        data.put("google.sent", "x");
        data.put("bad key", "x");
        BatchRequest request = new BatchRequest("x".repeat(65), "text instead of body",
                List.of(device(APNS_TOKEN, "ios", null)), null, null, null, "push", "A subject", null, null,
                "Hi {{unclosed", null, data, -1, "c".repeat(65), "urgent", -2, "", null, null, null);

        assertThatThrownBy(() -> preparer.prepare(request)).isInstanceOfSatisfying(InvalidBatchException.class,
                e -> assertThat(e.errors()).extracting(FieldError::pointer).containsExactly("/from", "/text",
                        "/subject", "/title", "/data/aps", "/data/google.sent", "/data/bad key", "/ttl",
                        "/collapseKey", "/badge", "/sound", "/priority"));
    }

    @Test
    void refusesPushFieldsOnAnSmsBatchAndPlatformOnItsRecipients() {
        BatchRequest request = new BatchRequest("HERALD", "Hi", List.of(device("+4791234567", "ios", null)), null,
                null, null, null, null, null, null, "Title", "Body", Map.of("k", "v"), 60, null, "high", 1, null, null, null, null);

        assertThatThrownBy(() -> preparer.prepare(request)).isInstanceOfSatisfying(InvalidBatchException.class,
                e -> assertThat(e.errors()).extracting(FieldError::pointer).containsExactly("/title", "/body",
                        "/data", "/ttl", "/badge", "/recipients/0/platform"));
    }

    @Test
    void takesTheBodyFromANamedTemplateAndNeedsOneOfThem() {
        BatchRequest neither = push(null, null, null, null, null, List.of(device(APNS_TOKEN, "ios", null)));

        assertThatThrownBy(() -> preparer.prepare(neither)).isInstanceOfSatisfying(InvalidBatchException.class,
                e -> assertThat(e.errors()).extracting(FieldError::pointer, FieldError::detail)
                        .containsExactly(tuple("/body", "is required, unless template is given")));
    }

    @Test
    void aServiceThatDoesNotTakePushRefusesTheBatchWithAPointerToTheChannel() {
        BatchPreparer smsAndEmail = new BatchPreparer(new BatchLimits(10, 160), new PhoneNumberNormalizer("NO"),
                new io.herald.ingest.template.InMemoryTemplateStore(Clock.fixed(NOW, ZoneOffset.UTC)),
                Clock.fixed(NOW, ZoneOffset.UTC), java.util.EnumSet.of(Channel.SMS, Channel.EMAIL));
        BatchRequest request = push(null, "Hi", null, null, null, List.of(device(APNS_TOKEN, "ios", null)));

        assertThatThrownBy(() -> smsAndEmail.prepare(request)).isInstanceOfSatisfying(InvalidBatchException.class,
                e -> assertThat(e.errors()).extracting(FieldError::pointer, FieldError::detail).containsExactly(
                        tuple("/channel", "'push' is not taken by this service (channels: [email, sms])")));
    }
}
