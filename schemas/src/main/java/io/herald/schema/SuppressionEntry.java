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
 * Shape: {@code {"recipient":"+4791234567","source":"api","reason":"asked by phone","at":"2026-11-27T10:00:00Z",
 * "clientId":"shop"}}; {@code reason} is absent when there is none, {@code clientId} for a shared entry, {@code at}
 * is an ISO-8601 instant (UTC). Unknown fields are ignored when read, so fields can be added later.
 *
 * <p>An entry either belongs to the API client that added it ({@code clientId} set; keyed
 * {@code <clientId> <recipient>}, see {@link SuppressionKeys}) or is shared (no {@code clientId}; keyed by the bare
 * recipient): an MO STOP, an operator's entry ({@code herald suppressions}), or an API entry written before entries
 * had owners. A client can remove only its own entries; shared ones only an operator can.
 *
 * @param recipient the recipient as {@value Topics#REQUESTS} keys it: E.164 ({@code +4791234567}), a lower-cased
 *     e-mail address, or a push device token; not null
 * @param source who added it: {@link #SOURCE_API}, {@link #SOURCE_MO_STOP}, {@link #SOURCE_OPERATOR} or
 *     {@link #SOURCE_PUSH_UNREGISTERED}; not null
 * @param reason a free text why, or null
 * @param at when it was added; not null
 * @param clientId the API client that owns it ({@code auth.clients} key), or null for a shared entry
 */
public record SuppressionEntry(String recipient, String source, String reason, Instant at, String clientId) {

    /** {@code source} of an entry added through the ingest API ({@code PUT /v1/suppressions/{recipient}}). */
    public static final String SOURCE_API = "api";
    /** {@code source} of an entry added by the dispatcher on an inbound (mobile-originated) STOP SMS. */
    public static final String SOURCE_MO_STOP = "mo-stop";
    /** {@code source} of an entry an operator added with {@code herald suppressions add}. */
    public static final String SOURCE_OPERATOR = "operator";
    /**
     * {@code source} of an entry the dispatcher added for a device token that APNs ({@code 410 Unregistered}) or FCM
     * ({@code UNREGISTERED}) said is no longer valid: the app was removed, or the token replaced.
     */
    public static final String SOURCE_PUSH_UNREGISTERED = "push-unregistered";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /**
     * @throws NullPointerException if recipient, source or at is null
     * @throws IllegalArgumentException if the recipient or the client id cannot be part of a key
     *     ({@link SuppressionKeys#key})
     */
    public SuppressionEntry {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(at, "at");
        SuppressionKeys.key(clientId, recipient);
    }

    /**
     * A shared entry (no owner): an MO STOP or an operator's.
     *
     * @param recipient the recipient, E.164 or a lower-cased e-mail address
     * @param source who added it
     * @param reason a free text why, or null
     * @param at when it was added
     */
    public SuppressionEntry(String recipient, String source, String reason, Instant at) {
        this(recipient, source, reason, at, null);
    }

    /** @return the record key in UTF-8: {@link SuppressionKeys#key}{@code (clientId, recipient)} */
    public byte[] key() {
        return SuppressionKeys.key(clientId, recipient).getBytes(StandardCharsets.UTF_8);
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
        if (clientId != null) {
            node.put("clientId", clientId);
        }
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
     *     or {@code at}, or {@code at} not an ISO-8601 instant, or a recipient or client id no key can hold)
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
            return new SuppressionEntry(recipient, source, text(node, "reason"), Instant.parse(at),
                    text(node, "clientId"));
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
                + (clientId == null ? "" : ", clientId=" + clientId) + "]";
    }
}
