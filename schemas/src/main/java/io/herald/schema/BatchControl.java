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
import java.util.Locale;
import java.util.Objects;

/**
 * A batch's control state, the value of a {@value Topics#BATCH_CONTROL} record keyed by the batch id.
 *
 * <p>Written as a small UTF-8 JSON document, not Avro (only Herald reads this topic): {@code {"batchId":"b-1",
 * "clientId":"shop","state":"PAUSED","held":true,"at":"2026-12-07T10:00:00Z"}}; {@code at} is an ISO-8601 instant
 * (UTC). Unknown fields are ignored when read, so fields can be added later.
 *
 * <p>A batch without a record runs. {@code held} turns true with the batch's first pause and stays true: from then on
 * its requests go through {@value Topics#HELD} even while it runs again, so that those moved aside and those still on
 * {@value Topics#REQUESTS} reach each recipient in the order they were written (a recipient's records share one
 * partition of each topic, and the held topic is read in order).
 *
 * @param batchId the batch's id; not null
 * @param clientId the API client that owns the batch; not null
 * @param state the batch's state; not null
 * @param held whether the batch was ever paused
 * @param at when the state was set; not null
 */
public record BatchControl(String batchId, String clientId, State state, boolean held, Instant at) {

    /** What a batch may do. */
    public enum State {
        /** Its messages are sent (also the state of a batch with no record). */
        RUNNING,
        /** Its messages wait in {@value Topics#HELD}; none reaches a gateway. */
        PAUSED,
        /** Final: its messages not yet accepted by a gateway end CANCELLED. */
        CANCELLED;

        /** @return the name as the API writes it, e.g. {@code paused} */
        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /** @throws NullPointerException if a field but {@code held} is null */
    public BatchControl {
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(at, "at");
    }

    /**
     * @param control a batch's control, or null if it has none
     * @return its state: {@link State#RUNNING} without a control
     */
    public static State stateOf(BatchControl control) {
        return control == null ? State.RUNNING : control.state();
    }

    /**
     * The state after a request to change it.
     *
     * @param previous the batch's current control, or null if it has none (it runs)
     * @param batchId the batch
     * @param clientId its client
     * @param wanted the state asked for
     * @param at now
     * @return the new control; {@code held} is kept once set and set by a pause
     */
    public static BatchControl next(BatchControl previous, String batchId, String clientId, State wanted, Instant at) {
        boolean held = (previous != null && previous.held()) || wanted == State.PAUSED;
        return new BatchControl(batchId, clientId, wanted, held, at);
    }

    /** @return the record key: the batch id in UTF-8 */
    public byte[] key() {
        return batchId.getBytes(StandardCharsets.UTF_8);
    }

    /** @return the record value: this control as UTF-8 JSON */
    public byte[] toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("batchId", batchId);
        node.put("clientId", clientId);
        node.put("state", state.name());
        node.put("held", held);
        node.put("at", at.toString());
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a batch control as JSON", e);
        }
    }

    /**
     * Reads a record value.
     *
     * @param json the UTF-8 JSON value of a {@value Topics#BATCH_CONTROL} record, not null
     * @return the control
     * @throws IllegalArgumentException if the value is not JSON of this shape (a field missing, an unknown state,
     *     {@code at} not an ISO-8601 instant)
     */
    public static BatchControl fromJson(byte[] json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("a batch control must be a JSON object");
            }
            String batchId = text(node, "batchId");
            String clientId = text(node, "clientId");
            String state = text(node, "state");
            String at = text(node, "at");
            if (batchId == null || clientId == null || state == null || at == null) {
                throw new IllegalArgumentException("a batch control needs batchId, clientId, state and at");
            }
            JsonNode held = node.get("held");
            return new BatchControl(batchId, clientId, State.valueOf(state), held != null && held.asBoolean(),
                    Instant.parse(at));
        } catch (IOException | DateTimeParseException e) {
            throw new IllegalArgumentException("not a batch control: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
