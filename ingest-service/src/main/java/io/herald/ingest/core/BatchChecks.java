package io.herald.ingest.core;

import io.herald.ingest.api.BatchRequest;
import io.herald.ingest.api.FieldError;
import io.herald.ingest.api.JsonPointers;
import io.herald.ingest.api.QuietHoursRequest;
import io.herald.ingest.api.RecipientRequest;
import io.herald.ingest.template.TemplateId;
import io.herald.ingest.template.TemplateKeys;
import io.herald.ingest.template.TemplateStore;
import io.herald.schema.Channel;
import io.herald.schema.Priorities;
import io.herald.schema.PriorityLane;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The batch-level rules of {@link BatchPreparer} (its Javadoc lists them): a failure rejects the whole batch with an
 * {@link InvalidBatchException} that lists every invalid field, each with a JSON Pointer. Thread-safe.
 */
final class BatchChecks {

    /** The earliest {@code sendAt} or {@code expiresAt} accepted: 0001-01-01T00:00:00Z. */
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    /** The latest {@code sendAt} or {@code expiresAt} accepted: 9999-12-31T23:59:59.999Z. */
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");
    private static final String OUT_OF_RANGE = "must lie between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z";

    /** At most this many field errors are listed in one answer; the detail gives the total. */
    static final int MAX_LISTED_ERRORS = 100;

    private final BatchLimits limits;
    private final TemplateStore templates;
    private final Clock clock;
    private final Set<Channel> channels;

    /**
     * @param limits the size limits
     * @param templates the named templates a batch may use instead of a text
     * @param clock the clock for checking {@code sendAt} and {@code expiresAt}
     * @param channels the channels taken; a batch of another is refused with pointer {@code /channel}
     */
    BatchChecks(BatchLimits limits, TemplateStore templates, Clock clock, Set<Channel> channels) {
        this.limits = limits;
        this.templates = templates;
        this.clock = clock;
        this.channels = Set.copyOf(channels);
    }

    /**
     * The batch-level checks.
     *
     * @return what the recipients need: the channel, text source, e-mail parts and the time of the check
     * @throws InvalidBatchException if the batch as a whole breaks a rule
     */
    Checked check(BatchRequest request, String clientId) {
        if (request == null) {
            throw invalid(List.of(new FieldError("", "a JSON object is required")));
        }
        Instant now = clock.instant();
        List<FieldError> errors = new ArrayList<>();
        Channel channel = checkChannel(request, errors);
        if (channel != null && !channels.contains(channel)) {
            errors.add(new FieldError("/channel", "'" + request.channel() + "' is not taken by this service (channels: "
                    + channels.stream().map(c -> c.name().toLowerCase(Locale.ROOT)).sorted().toList() + ")"));
            throw invalid(errors);
        }
        if (channel == Channel.EMAIL) {
            EmailAddress.senderProblem(request.from()).ifPresent(detail -> errors.add(new FieldError("/from",
                    detail)));
        } else if (channel == Channel.PUSH) {
            checkPushSender(request.from(), errors);
        } else {
            SenderId.problem(request.from()).ifPresent(detail -> errors.add(new FieldError("/from", detail)));
        }
        Source source = checkSource(request, clientId, channel, errors);
        EmailParts email = checkEmailParts(request, channel, errors);
        PushChecks.PushParts push = PushChecks.check(request, channel, errors);
        checkTimes(request, now, errors);
        checkSchedule(request, now, errors);
        checkRate(request, errors);
        PriorityLane lane = lane(request.priority(), errors);
        checkQuietHours(request, channel, errors);
        CallbackUrl.problem(request.callbackUrl())
                .ifPresent(detail -> errors.add(new FieldError("/callbackUrl", detail)));
        CallbackUrl.problem(request.statusCallbackUrl())
                .ifPresent(detail -> errors.add(new FieldError("/statusCallbackUrl", detail)));
        checkRecipients(request.recipients(), channel, errors);
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return new Checked(channel, source, email, push, lane, now);
    }

    /**
     * A batch that passed the batch-level checks.
     *
     * @param channel its channel
     * @param source where its text (push: its body) comes from
     * @param email an e-mail batch's subject and HTML templates; null for other channels
     * @param push a push batch's title, data and delivery options; null for other channels
     * @param lane its priority lane ({@code priority}, NORMAL when not given)
     * @param now when it was checked
     */
    record Checked(Channel channel, Source source, EmailParts email, PushChecks.PushParts push, PriorityLane lane,
                   Instant now) {
    }

    /** The longest {@code from} of a push batch, in characters. */
    static final int MAX_PUSH_FROM_LENGTH = 64;
    /** The sender of a push batch without {@code from}. */
    static final String DEFAULT_PUSH_FROM = "herald";

    /** A push batch's {@code from} is optional: a label in its statuses, no address. */
    private static void checkPushSender(String from, List<FieldError> errors) {
        if (from != null && (from.isBlank() || from.length() > MAX_PUSH_FROM_LENGTH
                || from.chars().anyMatch(Character::isISOControl))) {
            errors.add(new FieldError("/from", "for push is optional; if given, 1-" + MAX_PUSH_FROM_LENGTH
                    + " characters without control characters"));
        }
    }

    /** The e-mail parts of a batch beyond its text: the subject template and the HTML template (null if none). */
    record EmailParts(MessageTemplate subject, MessageTemplate html) {
    }

    /** @return the channel, SMS when not given; null if invalid (an error was added) */
    private static Channel checkChannel(BatchRequest request, List<FieldError> errors) {
        Channel channel = channelOf(request);
        if (channel == null) {
            errors.add(new FieldError("/channel", "must be " + BatchRequest.CHANNEL_SMS + ", "
                    + BatchRequest.CHANNEL_EMAIL + " or " + BatchRequest.CHANNEL_PUSH + ", not '" + request.channel()
                    + "'"));
        }
        return channel;
    }

    /**
     * @param request a batch
     * @return its channel: SMS when not given; null if it names none
     */
    static Channel channelOf(BatchRequest request) {
        return request.channel() == null ? Channel.SMS : BatchRequest.channelNamed(request.channel());
    }

    /** @return the subject and HTML templates of an e-mail batch; null for SMS or if invalid (errors were added) */
    private EmailParts checkEmailParts(BatchRequest request, Channel channel, List<FieldError> errors) {
        if (channel == null) {
            return null;
        }
        if (channel != Channel.EMAIL) {
            if (request.subject() != null) {
                errors.add(new FieldError("/subject", "is only for channel email"));
            }
            if (request.html() != null) {
                errors.add(new FieldError("/html", "is only for channel email"));
            }
            return null;
        }
        MessageTemplate subject = TemplateTexts.check(request.subject(), "/subject", BatchLimits.MAX_SUBJECT_LENGTH,
                errors);
        if (request.subject() != null && (request.subject().indexOf('\r') >= 0
                || request.subject().indexOf('\n') >= 0)) {
            errors.add(new FieldError("/subject", "must be one line (no CR or LF)"));
        }
        MessageTemplate html = request.html() == null ? null
                : TemplateTexts.check(request.html(), "/html", limits.maxEmailBodyLength(), errors);
        return new EmailParts(subject, html);
    }

    /**
     * Where a batch's text comes from: the parsed template, the pointer of the field that gave it, and the named
     * template's id and version (both null for an inline text).
     */
    record Source(MessageTemplate template, String pointer, String templateId, Long templateVersion) {
    }

    /**
     * The batch's text source: {@code text} or {@code template}; for push {@code body} or {@code template}.
     *
     * @return the source, or null if it is invalid (errors were added)
     */
    private Source checkSource(BatchRequest request, String clientId, Channel channel, List<FieldError> errors) {
        if (channel == Channel.PUSH && request.text() != null) {
            errors.add(new FieldError("/text", "is not used for channel push: give the notification's text as body"));
            return null;
        }
        String field = channel == Channel.PUSH ? "body" : "text";
        String inline = channel == Channel.PUSH ? request.body() : request.text();
        int maxLength = maxSourceLength(channel);
        if (request.template() == null) {
            if (inline == null) {
                errors.add(new FieldError("/" + field, "is required, unless template is given"));
                return null;
            }
            MessageTemplate template = TemplateTexts.check(inline, "/" + field, maxLength, errors);
            return template == null ? null : new Source(template, "/" + field, null, null);
        }
        if (inline != null) {
            errors.add(new FieldError("/template", "must not be given together with " + field + ": give exactly one"));
            return null;
        }
        return namedSource(request, clientId, maxLength, errors);
    }

    /** @return the source of a batch that names a template, or null if it is invalid (errors were added) */
    private Source namedSource(BatchRequest request, String clientId, int maxLength, List<FieldError> errors) {
        var idProblem = TemplateId.problem(request.template());
        if (idProblem.isPresent()) {
            errors.add(new FieldError("/template", idProblem.get()));
            return null;
        }
        var stored = TemplateKeys.find(templates, clientId, request.template());
        if (stored.isEmpty()) {
            errors.add(new FieldError("/template", "no template with id '" + request.template() + "'"));
            return null;
        }
        MessageTemplate template = TemplateTexts.check(stored.get().text(), "/template", maxLength, errors);
        return template == null ? null
                : new Source(template, "/template", stored.get().id(), stored.get().version());
    }

    /** @return the most characters a channel's text (push: body) may have, template and rendered */
    private int maxSourceLength(Channel channel) {
        if (channel == Channel.PUSH) {
            return PushChecks.MAX_BODY_LENGTH;
        }
        return channel == Channel.EMAIL ? limits.maxEmailBodyLength() : limits.maxTextLength();
    }

    private static void checkQuietHours(BatchRequest request, Channel channel, List<FieldError> errors) {
        QuietHoursRequest window = request.quietHours();
        if (window == null) {
            return;
        }
        if (channel != null && channel != Channel.SMS) {
            errors.add(new FieldError("/quietHours", "applies to SMS only (the time zone comes from the number)"));
            return;
        }
        boolean startOk = checkLocalTime(window.start(), "/quietHours/start", errors);
        boolean endOk = checkLocalTime(window.end(), "/quietHours/end", errors);
        if (startOk && endOk && window.start().equals(window.end())) {
            errors.add(new FieldError("/quietHours/end", "must differ from start"));
        }
    }

    private static boolean checkLocalTime(String time, String pointer, List<FieldError> errors) {
        if (!QuietHoursRequest.isLocalTime(time)) {
            errors.add(new FieldError(pointer, "must be a local time HH:mm, 00:00 to 23:59"));
            return false;
        }
        return true;
    }

    /**
     * @param priority the batch's {@code priority}: {@code high}, {@code normal} or {@code bulk} (any case), or null
     * @return its lane, NORMAL when not given; null if invalid (an error was added)
     */
    static PriorityLane lane(String priority, List<FieldError> errors) {
        if (priority == null) {
            return PriorityLane.NORMAL;
        }
        PriorityLane lane = Priorities.parse(priority).orElse(null);
        if (lane == null) {
            errors.add(new FieldError("/priority", "must be high, normal or bulk"));
        }
        return lane;
    }

    private static void checkRate(BatchRequest request, List<FieldError> errors) {
        Integer maxRate = request.maxRate();
        if (maxRate != null && (maxRate < 1 || maxRate > BatchRequest.MAX_RATE)) {
            errors.add(new FieldError("/maxRate", "must be between 1 and " + BatchRequest.MAX_RATE
                    + " messages per second"));
        }
    }

    /** A sendAt in the past sends at once; one beyond the horizon is refused. */
    private void checkSchedule(BatchRequest request, Instant now, List<FieldError> errors) {
        Instant sendAt = request.sendAt();
        if (sendAt != null && sendAt.isAfter(now.plusMillis(limits.maxScheduleAheadMs()))) {
            errors.add(new FieldError("/sendAt", "is more than " + Duration.ofMillis(limits.maxScheduleAheadMs())
                    .toString().substring(2).toLowerCase(Locale.ROOT) + " ahead (maxScheduleAhead)"));
        }
    }

    private static void checkTimes(BatchRequest request, Instant now, List<FieldError> errors) {
        if (outOfRange(request.sendAt())) {
            errors.add(new FieldError("/sendAt", OUT_OF_RANGE));
        }
        Instant expiresAt = request.expiresAt();
        if (expiresAt == null) {
            return;
        }
        if (outOfRange(expiresAt)) {
            errors.add(new FieldError("/expiresAt", OUT_OF_RANGE));
            return;
        }
        if (!expiresAt.isAfter(now)) {
            errors.add(new FieldError("/expiresAt", "must be in the future"));
        } else if (request.sendAt() != null && !expiresAt.isAfter(request.sendAt())) {
            errors.add(new FieldError("/expiresAt", "must be after sendAt"));
        }
    }

    /**
     * @return whether an instant lies outside years 1–9999: Instant reads years up to ±1,000,000,000, but a record's
     *     times are Avro timestamp-millis (a long of ms, ±292 million years), and nothing sensible is that far
     */
    private static boolean outOfRange(Instant instant) {
        return instant != null && (instant.isBefore(EARLIEST) || instant.isAfter(LATEST));
    }

    private void checkRecipients(List<RecipientRequest> recipients, Channel channel, List<FieldError> errors) {
        if (recipients == null) {
            errors.add(new FieldError("/recipients", "is required"));
            return;
        }
        if (recipients.isEmpty()) {
            errors.add(new FieldError("/recipients", "must contain at least 1 recipient"));
            return;
        }
        if (recipients.size() > limits.maxRecipients()) {
            errors.add(new FieldError("/recipients", "must contain at most " + limits.maxRecipients()
                    + " recipients, has " + recipients.size()));
            return;
        }
        for (int index = 0; index < recipients.size(); index++) {
            RecipientRequest recipient = recipients.get(index);
            String pointer = JsonPointers.recipient(index);
            if (recipient == null) {
                errors.add(new FieldError(pointer, "must be an object"));
            } else {
                if (recipient.to() == null || recipient.to().isBlank()) {
                    errors.add(new FieldError(pointer + "/to", "is required"));
                }
                if (recipient.platform() != null && channel != null && channel != Channel.PUSH) {
                    errors.add(new FieldError(pointer + "/platform", "is only for channel push"));
                }
                String reference = recipient.clientReference();
                if (reference != null && reference.length() > BatchLimits.MAX_CLIENT_REFERENCE_LENGTH) {
                    errors.add(new FieldError(pointer + "/clientReference", "must have at most "
                            + BatchLimits.MAX_CLIENT_REFERENCE_LENGTH + " characters"));
                }
            }
        }
    }

    static InvalidBatchException invalid(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? (errors.get(0).pointer().isEmpty() ? "" : errors.get(0).pointer() + " ") + errors.get(0).detail()
                : errors.size() + " invalid fields" + (errors.size() > MAX_LISTED_ERRORS
                        ? ", the first " + MAX_LISTED_ERRORS + " listed" : "");
        return new InvalidBatchException(detail,
                errors.size() > MAX_LISTED_ERRORS ? errors.subList(0, MAX_LISTED_ERRORS) : errors);
    }
}
