package io.herald.ingest.bulk;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.herald.ingest.api.BatchRequest;
import io.herald.ingest.api.RecipientRequest;
import io.herald.ingest.api.ScalarTextDeserializer;
import io.herald.schema.PiiMask;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One bulk-load line, as read from JSON ({@code {"batchId": "…", "to": "…", "text": "…"}}) or from a CSV row under
 * its header: one recipient of a batch, with the fields a {@code POST /v1/batches} body has for the batch. Any field
 * may be null here; the checks are {@link io.herald.ingest.core.BatchPreparer}'s.
 *
 * @param batchId the batch the line belongs to ({@link BatchIds}); lines of one batch may come in any number of loads
 * @param to the recipient: a phone number (E.164, {@code 00}-international or national in the default region) or,
 *     with {@code channel} {@code email}, an e-mail address
 * @param text the message template, with {@code {{name}}} placeholders; or null with {@code template}
 * @param template the id of a named template ({@code PUT /v1/templates/{id}}); or null with {@code text}
 * @param vars the values of the placeholders; may be null
 * @param from the sender; null takes the loader's default for SMS ({@code streams.bulkDefaultFrom})
 * @param channel {@code sms} (null) or {@code email}
 * @param subject e-mail only: the subject template
 * @param html e-mail only: an HTML body template
 * @param sendAt do not send before this instant (ISO-8601); null sends at once
 * @param expiresAt give up after this instant (ISO-8601); null never expires
 * @param clientReference an opaque reference echoed in the message's statuses (at most 256 characters)
 * @param priority the priority lane, {@code high}, {@code normal} (null) or {@code bulk}, as a batch's
 *     {@code priority}; the request goes to that lane's topic. (Lines are written by whoever may write
 *     {@code notify.bulk}, an operator's role: {@code auth.clients.<id>.maxPriority} does not apply.)
 */
public record BulkLine(String batchId, String to, String text, String template, Map<String, String> vars,
                       String from, String channel, String subject, String html, Instant sendAt, Instant expiresAt,
                       String clientReference, String priority) {

    /** The JSON field names, in the order of the record, which are also the CSV columns that are not variables. */
    public static final List<String> FIELDS = List.of("batchId", "to", "text", "template", "vars", "from", "channel",
            "subject", "html", "sendAt", "expiresAt", "clientReference", "priority");

    /** Binds a JSON line (Jackson); every field optional. */
    @JsonCreator
    public BulkLine(@JsonProperty("batchId") String batchId, @JsonProperty("to") String to,
                    @JsonProperty("text") String text, @JsonProperty("template") String template,
                    @JsonProperty("vars") @JsonDeserialize(contentUsing = ScalarTextDeserializer.class)
                    Map<String, String> vars, @JsonProperty("from") String from,
                    @JsonProperty("channel") String channel, @JsonProperty("subject") String subject,
                    @JsonProperty("html") String html, @JsonProperty("sendAt") Instant sendAt,
                    @JsonProperty("expiresAt") Instant expiresAt,
                    @JsonProperty("clientReference") String clientReference,
                    @JsonProperty("priority") String priority) {
        this.batchId = batchId;
        this.to = to;
        this.text = text;
        this.template = template;
        this.vars = vars;
        this.from = from;
        this.channel = channel;
        this.subject = subject;
        this.html = html;
        this.sendAt = sendAt;
        this.expiresAt = expiresAt;
        this.clientReference = clientReference;
        this.priority = priority;
    }

    /** @return true if the line is for the e-mail channel */
    public boolean isEmail() {
        return BatchRequest.CHANNEL_EMAIL.equals(channel);
    }

    /**
     * The line as the one-recipient batch the REST endpoint would have received.
     *
     * @param defaultSmsFrom the sender of SMS lines without {@code from}
     * @return the batch request
     */
    public BatchRequest toBatchRequest(String defaultSmsFrom) {
        String sender = from == null && !isEmail() ? defaultSmsFrom : from;
        return new BatchRequest(sender, text, List.of(new RecipientRequest(to, vars, clientReference)), sendAt,
                expiresAt, template, channel, subject, html, null).withPriority(priority);
    }

    /** Masks the recipient and leaves texts and values out: personal data. */
    @Override
    public String toString() {
        return "BulkLine[batchId=" + batchId + ", to=" + PiiMask.recipient(to) + ", channel=" + channel
                + ", template=" + template + ", textLength=" + (text == null ? "null" : text.length())
                + ", vars=" + (vars == null ? "null" : vars.keySet()) + "]";
    }
}
