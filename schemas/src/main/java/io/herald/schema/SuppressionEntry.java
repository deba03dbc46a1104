package io.herald.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * One entry of the suppression (opt-out) list, the value of a {@value Topics#SUPPRESSIONS} record.
 *
 * <p>Written as a small UTF-8 JSON document, not Avro: only Herald reads this topic, so it needs no registry schema.
 * Shape: {@code {"recipient":"+4791234567","source":"api","reason":"asked by phone","at":"2026-11-27T10:00:00Z"}};
 * {@code reason} is absent when there is none, {@code at} is an ISO-8601 instant (UTC). Unknown fields are ignored
 * when read, so fields can be added later.
 *
 * @param recipient the recipient as {@value Topics#REQUESTS} keys it: E.164 ({@code +4791234567}) or a lower-cased
 *     e-mail address; not null
 * @param source who added it: {@link #SOURCE_API} or {@link #SOURCE_MO_STOP}; not null
 * @param reason a free text why, or null
 * @param at when it was added; not null
 */
public record SuppressionEntry(String recipient, String source, String reason, Instant at) {

    /** {@code source} of an entry added through the ingest API ({@code PUT /v1/suppressions/{recipient}}). */
    public static final String SOURCE_API = "api";
    /** {@code source} of an entry added by the dispatcher on an inbound (mobile-originated) STOP SMS. */
    public static final String SOURCE_MO_STOP = "mo-stop";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /**
     * @throws NullPointerException if recipient, source or at is null
     */
    public SuppressionEntry {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(at, "at");
    }

    /** @return the record key: the recipient in UTF-8 */
    public byte[] key() {
        return recipient.getBytes(StandardCharsets.UTF_8);
    }

    /** @return the record value: this entry as UTF-8 JSON */
    public byte[] toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("recipient", recipient);
        node.put("source", source);
        if (reason != null) {
            node.put("reason", reason);
        }
        node.put("at", at.toString());
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a suppression entry as JSON", e);
        }
    }

    /**
     * Reads a record value.
     *
     * @param json the UTF-8 JSON value of a {@value Topics#SUPPRESSIONS} record, not null (a null value is a
     *     tombstone: there is no entry)
     * @return the entry
     * @throws IllegalArgumentException if the value is not JSON of this shape (no {@code recipient}, {@code source}
     *     or {@code at}, or {@code at} not an ISO-8601 instant)
     */
    public static SuppressionEntry fromJson(byte[] json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("a suppression entry must be a JSON object");
            }
            String recipient = text(node, "recipient");
            String source = text(node, "source");
            String at = text(node, "at");
            if (recipient == null || source == null || at == null) {
                throw new IllegalArgumentException("a suppression entry needs recipient, source and at");
            }
            return new SuppressionEntry(recipient, source, text(node, "reason"), Instant.parse(at));
        } catch (IOException | DateTimeParseException e) {
            throw new IllegalArgumentException("not a suppression entry: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** Masks the recipient ({@link PiiMask#recipient}) and leaves the reason out: both may be personal data. */
    @Override
    public String toString() {
        return "SuppressionEntry[recipient=" + PiiMask.recipient(recipient) + ", source=" + source + ", at=" + at
                + "]";
    }
}
