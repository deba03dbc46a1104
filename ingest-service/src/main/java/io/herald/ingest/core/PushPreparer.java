package io.herald.ingest.core;

import io.herald.ingest.api.JsonPointers;
import io.herald.ingest.api.RecipientRequest;
import io.herald.ingest.api.Rejection;
import io.herald.push.PushPayloads;
import io.herald.push.PushRules;
import io.herald.schema.NotificationRequest;
import io.herald.schema.PushPlatform;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One recipient of a push batch: its platform and device token checked ({@link PushRules}), its title, body and data
 * rendered, and the payload they make checked against the platform's limit (APNs: the whole payload, FCM: the
 * notification and data, {@link PushPayloads}). A recipient that fails gets a {@link Rejection} with a pointer to
 * the field at fault; the others of the batch go on.
 */
final class PushPreparer {

    private PushPreparer() {
    }

    /**
     * @param index the recipient's index in the batch
     * @param recipient the recipient
     * @param source where the body comes from ({@code body} or a named template)
     * @param push the batch's push fields
     * @param rejections where a rejection goes
     * @return the request's recipient (the token), body, title, data and options, with 0 segments; null if the
     *     recipient was rejected
     */
    static BatchPreparer.Prepared prepare(int index, RecipientRequest recipient, BatchChecks.Source source,
                                          PushChecks.PushParts push, List<Rejection> rejections) {
        Optional<PushPlatform> platform = PushRules.platform(recipient.platform());
        PushRules.Token token = device(index, recipient, platform, rejections);
        if (token == null) {
            return null;
        }
        Rendered rendered = render(index, recipient, source, push, rejections);
        if (rendered == null) {
            return null;
        }
        String body = rendered.body();
        String title = rendered.title();
        Map<String, String> data = rendered.data();
        // Sized with a message id of the real one's length: the record gets its id later.
        PushPayloads.Content content = new PushPayloads.Content(PushPayloads.SIZING_MESSAGE_ID, platform.get(),
                token.token(), title, body, data.isEmpty() ? null : data, push.ttlSeconds(), push.collapseKey(),
                push.priority(), push.badge(), push.sound());
        String tooLarge = tooLarge(platform.get(), content);
        if (tooLarge != null) {
            rejections.add(new Rejection(index, recipient.to(), tooLarge, source.pointer()));
            return null;
        }
        return new BatchPreparer.Prepared(NotificationRequest.newBuilder()
                .setRecipient(token.token())
                .setText(body)
                .setPlatform(platform.get())
                .setTitle(title)
                .setData(content.data())
                .setTtlSeconds(push.ttlSeconds())
                .setCollapseKey(push.collapseKey())
                .setPriority(push.priority())
                .setBadge(push.badge())
                .setSound(push.sound()), 0);
    }

    /**
     * @return the recipient's token, checked for its platform; null if the platform or the token is invalid (a
     *     rejection was added)
     */
    private static PushRules.Token device(int index, RecipientRequest recipient, Optional<PushPlatform> platform,
                                          List<Rejection> rejections) {
        if (platform.isEmpty()) {
            rejections.add(new Rejection(index, recipient.to(), recipient.platform() == null
                    ? "platform is required for push: ios or android" : "platform must be ios or android",
                    JsonPointers.recipient(index, "platform")));
            return null;
        }
        PushRules.Token token = PushRules.token(platform.get(), recipient.to());
        if (!token.isValid()) {
            rejections.add(new Rejection(index, recipient.to(), "to " + token.problem(),
                    JsonPointers.recipient(index, "to")));
            return null;
        }
        return token;
    }

    /** A recipient's rendered body, title (or null) and data (empty for none). */
    private record Rendered(String body, String title, Map<String, String> data) {
    }

    /** @return the rendered parts; null if one could not be rendered or the body is blank (a rejection was added) */
    private static Rendered render(int index, RecipientRequest recipient, BatchChecks.Source source,
                                   PushChecks.PushParts push, List<Rejection> rejections) {
        String body = BatchPreparer.render(index, recipient, source.template(), recipient.vars(), rejections,
                PushChecks.MAX_BODY_LENGTH, "body", source.pointer());
        if (body == null) {
            return null;
        }
        if (body.isBlank()) {
            rejections.add(new Rejection(index, recipient.to(), "rendered body is blank", source.pointer()));
            return null;
        }
        String title = null;
        if (push.title() != null) {
            title = BatchPreparer.render(index, recipient, push.title(), recipient.vars(), rejections,
                    PushChecks.MAX_TITLE_LENGTH, "title", "/title");
            if (title == null) {
                return null;
            }
        }
        Map<String, String> data = data(index, recipient, push, rejections);
        return data == null ? null : new Rendered(body, title, data);
    }

    /** @return the rendered data, in the batch's key order; null if a value could not be rendered */
    private static Map<String, String> data(int index, RecipientRequest recipient, PushChecks.PushParts push,
                                            List<Rejection> rejections) {
        Map<String, String> data = new LinkedHashMap<>();
        for (Map.Entry<String, MessageTemplate> entry : push.data().entrySet()) {
            String value = BatchPreparer.render(index, recipient, entry.getValue(), recipient.vars(), rejections,
                    PushChecks.MAX_DATA_VALUE_LENGTH, "data value", "/data/" + JsonPointers.escape(entry.getKey()));
            if (value == null) {
                return null;
            }
            data.put(entry.getKey(), value);
        }
        return data;
    }

    /** @return why the payload is over the platform's limit, or null if it is not */
    private static String tooLarge(PushPlatform platform, PushPayloads.Content content) {
        if (platform == PushPlatform.IOS) {
            int bytes = PushPayloads.apns(content).length;
            return bytes > PushPayloads.APNS_MAX_PAYLOAD_BYTES ? "the rendered APNs payload (title, body, badge, sound"
                    + " and data) has " + bytes + " bytes, more than APNs' " + PushPayloads.APNS_MAX_PAYLOAD_BYTES
                    : null;
        }
        int bytes = PushPayloads.fcmPayloadBytes(content);
        return bytes > PushPayloads.FCM_MAX_PAYLOAD_BYTES ? "the rendered FCM notification and data have " + bytes
                + " bytes, more than FCM's " + PushPayloads.FCM_MAX_PAYLOAD_BYTES : null;
    }
}
