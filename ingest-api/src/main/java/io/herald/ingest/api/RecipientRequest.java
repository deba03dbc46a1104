package io.herald.ingest.api;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.herald.schema.PiiMask;
import java.util.Map;

/**
 * One recipient of a batch.
 *
 * @param to the phone number as the client has it: E.164 ({@code +4791234567}), international with a {@code 00}
 *     prefix, or national (read in the configured {@code defaultRegion}); spaces, dashes, dots and parentheses are
 *     allowed; may be null (rejected later)
 * @param vars the values of the template's placeholders for this recipient; JSON strings, numbers or booleans; may be
 *     null when the template has no placeholders
 * @param clientReference an opaque reference (at most 256 characters) echoed in this recipient's statuses; may be null
 * @param platform push only, and required there: {@code ios} (an APNs device token, {@code to}) or {@code android}
 *     (an FCM registration token); null for SMS and e-mail
 */
public record RecipientRequest(String to,
                               @JsonDeserialize(contentUsing = ScalarTextDeserializer.class) Map<String, String> vars,
                               String clientReference, String platform) {

    /** The value of {@code platform} for an APNs device token. */
    public static final String PLATFORM_IOS = "ios";
    /** The value of {@code platform} for an FCM registration token. */
    public static final String PLATFORM_ANDROID = "android";

    /**
     * An SMS or e-mail recipient (no platform).
     *
     * @param to the number or address
     * @param vars the template's values, or null
     * @param clientReference a reference echoed in statuses, or null
     */
    public RecipientRequest(String to, Map<String, String> vars, String clientReference) {
        this(to, vars, clientReference, null);
    }

    /** Masks the number and leaves the values out: they are personal data. */
    @Override
    public String toString() {
        return "RecipientRequest[to=" + PiiMask.recipient(to) + ", vars=" + (vars == null ? "null" : vars.keySet())
                + ", clientReference=" + clientReference + ", platform=" + platform + "]";
    }
}
