package io.herald.ingest.core;

import io.herald.ingest.api.BatchRequest;
import io.herald.ingest.api.FieldError;
import io.herald.ingest.api.JsonPointers;
import io.herald.ingest.api.RecipientRequest;
import io.herald.ingest.api.Rejection;
import io.herald.ingest.template.InMemoryTemplateStore;
import io.herald.ingest.template.TemplateId;
import io.herald.ingest.template.TemplateKeys;
import io.herald.ingest.template.TemplateStore;
import io.herald.schema.Channel;
import io.herald.schema.NotificationRequest;
import io.herald.schema.QuietHours;
import io.herald.sms.SmsEncoder;
import io.herald.sms.SmsEncoding;
import io.herald.sms.SmsInfo;
import io.herald.text.HtmlEscape;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns a {@link BatchRequest} into the records to write: checks the batch as a whole (a failure rejects it all,
 * {@link InvalidBatchException}), then each recipient (a failure rejects that recipient only, with a reason).
 *
 * <p>Batch rules, each reported with a JSON Pointer: {@code from} is a valid {@link SenderId}; exactly one of
 * {@code text} and {@code template} is given (neither: pointer {@code /text}; both: pointer {@code /template});
 * {@code text} is not blank, a valid {@link MessageTemplate} and not longer than {@code maxTextLength} outside its
 * placeholders; {@code template} is a valid {@link TemplateId} of a template in the {@link TemplateStore}, whose text
 * obeys the same rules as {@code text};
 * {@code recipients} has 1 to {@code maxRecipients} entries, each an object with a {@code to} and a
 * {@code clientReference} of at most {@value BatchLimits#MAX_CLIENT_REFERENCE_LENGTH} characters; {@code expiresAt}
 * is in the future and after {@code sendAt}.
 *
 * <p>Recipient rules, each a {@link Rejection} with a pointer to the field at fault: {@code to} is a valid phone
 * number ({@link PhoneNumberNormalizer}); the template's variables are all given; the rendered text is at most
 * {@code maxTextLength} code points, takes at most {@code maxSegments} SMS segments ({@link SmsEncoder#info}: GSM
 * 7-bit or UCS-2 per 3GPP TS 23.038, split per TS 23.040) and is not blank (pointer {@code /text}, or
 * {@code /template} when the batch names a template). The accepted texts' segments are summed into
 * {@link PreparedBatch#segments()}. A request rendered from a named template carries its id and version
 * ({@code templateId}, {@code templateVersion}).
 *
 * <p>E-mail ({@code "channel": "email"}; {@code channel} is {@code sms} or {@code email}, else pointer
 * {@code /channel}): {@code from} is an address with an optional display name ({@link EmailAddress#senderProblem});
 * {@code subject} is required, one line, at most {@value BatchLimits#MAX_SUBJECT_LENGTH} characters; {@code text}
 * (or the named template) is the text/plain body and {@code html} an optional HTML body, each at most
 * {@code maxEmailBodyLength} characters. Per recipient: {@code to} is an address ({@link EmailAddress#normalize},
 * the record's recipient and key being its lower-cased form); the subject, text and HTML are rendered with the
 * recipient's variables, HTML-escaped in the HTML ({@link HtmlEscape}); a rendered subject with a line break is
 * rejected (pointer {@code /subject}: no header injection). No segments are counted. {@code subject} and
 * {@code html} on an SMS batch are errors. Thread-safe.
 */
public final class BatchPreparer {

    /** At most this many field errors are listed in one answer; the detail gives the total. */
    static final int MAX_LISTED_ERRORS = BatchChecks.MAX_LISTED_ERRORS;

    private final BatchLimits limits;
    private final PhoneNumberNormalizer phoneNumbers;
    private final BatchChecks checks;

    /**
     * A preparer that takes every channel.
     *
     * @param limits the size limits
     * @param phoneNumbers the normalizer, with the default region
     * @param templates the named templates a batch may use instead of a text
     * @param clock the clock for {@code createdAt} and for checking {@code expiresAt}
     */
    public BatchPreparer(BatchLimits limits, PhoneNumberNormalizer phoneNumbers, TemplateStore templates,
                         Clock clock) {
        this(limits, phoneNumbers, templates, clock, EnumSet.allOf(Channel.class));
    }

    /**
     * @param limits the size limits
     * @param phoneNumbers the normalizer, with the default region
     * @param templates the named templates a batch may use instead of a text
     * @param clock the clock for {@code createdAt} and for checking {@code sendAt} and {@code expiresAt}
     * @param channels the channels taken ({@code channels}); a batch of another is a 400 with pointer
     *     {@code /channel}
     */
    public BatchPreparer(BatchLimits limits, PhoneNumberNormalizer phoneNumbers, TemplateStore templates,
                         Clock clock, Set<Channel> channels) {
        this.limits = limits;
        this.phoneNumbers = phoneNumbers;
        this.checks = new BatchChecks(limits, templates, clock, channels);
    }

    /**
     * A preparer without named templates (an empty {@link InMemoryTemplateStore}): a batch naming a template is
     * rejected with pointer {@code /template}.
     *
     * @param limits the size limits
     * @param phoneNumbers the normalizer, with the default region
     * @param clock the clock for {@code createdAt} and for checking {@code expiresAt}
     */
    public BatchPreparer(BatchLimits limits, PhoneNumberNormalizer phoneNumbers, Clock clock) {
        this(limits, phoneNumbers, new InMemoryTemplateStore(clock), clock);
    }

    /**
     * Validates and renders a batch.
     *
     * @param request the request body; null if the body was empty
     * @return the requests to write (with a new batch id and one new message id each) and the rejections
     * @throws InvalidBatchException if the batch as a whole breaks a rule; it lists every invalid field (up to
     *     {@value #MAX_LISTED_ERRORS})
     * @throws PayloadTooLargeException (413) as soon as the accepted recipients' rendered parts pass
     *     {@link BatchLimits#maxRenderedChars()} together
     * @throws TemplateStoreUnavailableException if the batch names a template and the store cannot tell yet whether
     *     it exists (still loading)
     */
    public PreparedBatch prepare(BatchRequest request) {
        return prepare(request, CallbackKeys.DEFAULT_CLIENT);
    }

    /**
     * Validates and renders a batch of a client: a named template is the client's own, or a legacy one
     * ({@link TemplateKeys}).
     *
     * @param request the request body; null if the body was empty
     * @param clientId the client whose batch it is
     * @return as {@link #prepare(BatchRequest)}
     * @throws InvalidBatchException as {@link #prepare(BatchRequest)}
     * @throws PayloadTooLargeException as {@link #prepare(BatchRequest)}
     * @throws TemplateStoreUnavailableException as {@link #prepare(BatchRequest)}
     */
    public PreparedBatch prepare(BatchRequest request, String clientId) {
        return prepare(request, clientId, RenderBudget.UNLIMITED);
    }

    /**
     * Validates and renders a batch of a client, charging each accepted recipient's rendered parts to a budget as
     * they are rendered.
     *
     * @param request the request body; null if the body was empty
     * @param clientId the client whose batch it is
     * @param budget takes the rendered chars; its {@link IngestBusyException} ends the batch
     * @return as {@link #prepare(BatchRequest)}
     * @throws InvalidBatchException as {@link #prepare(BatchRequest)}
     * @throws PayloadTooLargeException as {@link #prepare(BatchRequest)}
     * @throws TemplateStoreUnavailableException as {@link #prepare(BatchRequest)}
     * @throws IngestBusyException if the budget has no room for the rendered output
     */
    public PreparedBatch prepare(BatchRequest request, String clientId, RenderBudget budget) {
        BatchChecks.Checked checked = checks.check(request, clientId);
        String batchId = UUID.randomUUID().toString();
        List<NotificationRequest> requests = new ArrayList<>(request.recipients().size());
        List<Rejection> rejections = new ArrayList<>();
        long segments = 0;
        long renderedChars = 0;
        for (int index = 0; index < request.recipients().size(); index++) {
            Prepared prepared = prepareRecipient(index, request, checked, batchId, rejections);
            if (prepared != null) {
                segments += prepared.segments();
                NotificationRequest built = prepared.request().build();
                long chars = length(built.getText()) + length(built.getSubject()) + length(built.getHtml());
                renderedChars += chars;
                if (renderedChars > limits.maxRenderedChars()) {
                    throw new PayloadTooLargeException("the batch renders to more than " + limits.maxRenderedChars()
                            + " characters (maxRenderedCharsPerBatch), at recipient " + index + "; split the batch");
                }
                budget.take(chars);
                requests.add(built);
            }
        }
        return new PreparedBatch(batchId, requests, rejections, segments);
    }

    /**
     * Validates and renders a batch of exactly one recipient under a batch id the caller chose: the path of a bulk-load
     * line, checked by the same rules as {@link #prepare} (a line is a one-recipient batch).
     *
     * <p>A batch-level error (the first of them, in the order {@link #prepare} lists them) and a recipient rejection
     * both come back as a rejection. Pointers are JSON Pointers (RFC 6901) into the one-recipient form: the
     * {@code /recipients/0} prefix is dropped, so the number is {@code /to}, a missing variable {@code /vars}, a too
     * long reference {@code /clientReference}, the text {@code /text} (or {@code /template}), the rest as in
     * {@link #prepare} ({@code /from}, {@code /subject}, {@code /expiresAt} …).
     *
     * @param batchId the batch id to set on the request (not checked here)
     * @param request a batch whose {@code recipients} has exactly one entry (null entry allowed: rejected with
     *     pointer {@code ""})
     * @return the request to write (a new message id), or the reason and pointer of its rejection
     * @throws IllegalArgumentException if {@code request} is null or does not have exactly one recipient
     * @throws TemplateStoreUnavailableException if the batch names a template and the store cannot tell yet whether
     *     it exists (still loading): try again later, nothing was decided
     */
    public PreparedRecipient prepareOne(String batchId, BatchRequest request) {
        return prepareOne(batchId, request, CallbackKeys.DEFAULT_CLIENT);
    }

    /**
     * {@link #prepareOne(String, BatchRequest)} for a client: a named template is the client's own, or a legacy one.
     *
     * @param batchId the batch id to set on the request (not checked here)
     * @param request a batch whose {@code recipients} has exactly one entry
     * @param clientId the client whose line it is
     * @return as {@link #prepareOne(String, BatchRequest)}
     * @throws IllegalArgumentException if {@code request} is null or does not have exactly one recipient
     * @throws TemplateStoreUnavailableException as {@link #prepareOne(String, BatchRequest)}
     */
    public PreparedRecipient prepareOne(String batchId, BatchRequest request, String clientId) {
        if (request == null || request.recipients() == null || request.recipients().size() != 1) {
            throw new IllegalArgumentException("a one-recipient batch is required");
        }
        BatchChecks.Checked checked;
        try {
            checked = checks.check(request, clientId);
        } catch (InvalidBatchException e) {
            FieldError first = e.errors().get(0);
            return PreparedRecipient.rejected(first.detail(), onePointer(first.pointer()));
        }
        List<Rejection> rejections = new ArrayList<>(1);
        Prepared prepared = prepareRecipient(0, request, checked, batchId, rejections);
        if (prepared == null) {
            Rejection rejection = rejections.get(0);
            return PreparedRecipient.rejected(rejection.reason(), onePointer(rejection.pointer()));
        }
        return PreparedRecipient.accepted(prepared.request().build(), prepared.segments());
    }

    /** @return the pointer with the {@code /recipients/0} prefix dropped (an empty pointer for the recipient itself) */
    private static String onePointer(String pointer) {
        String prefix = JsonPointers.recipient(0);
        return pointer.equals(prefix) ? "" : pointer.startsWith(prefix + "/") ? pointer.substring(prefix.length())
                : pointer;
    }


    /**
     * One recipient of a checked batch, with every field of its request set.
     *
     * @return the request builder and its segments, or null if the recipient was rejected (a rejection was added)
     */
    private Prepared prepareRecipient(int index, BatchRequest request, BatchChecks.Checked checked, String batchId,
                                      List<Rejection> rejections) {
        RecipientRequest recipient = request.recipients().get(index);
        BatchChecks.Source source = checked.source();
        Prepared prepared = switch (checked.channel()) {
            case EMAIL -> prepareEmail(index, recipient, source, checked.email(), rejections);
            case PUSH -> PushPreparer.prepare(index, recipient, source, checked.push(), rejections);
            default -> prepareSms(index, recipient, source, rejections);
        };
        if (prepared == null) {
            return null;
        }
        prepared.request()
                .setMessageId(UUID.randomUUID().toString())
                .setBatchId(batchId)
                .setChannel(checked.channel())
                .setSender(request.from() == null ? BatchChecks.DEFAULT_PUSH_FROM : request.from().strip())
                .setCreatedAt(checked.now())
                .setNotBefore(request.sendAt())
                .setExpiresAt(request.expiresAt())
                .setMaxRate(request.maxRate())
                .setLane(checked.lane())
                .setQuietHours(request.quietHours() == null ? null
                        : new QuietHours(request.quietHours().start(), request.quietHours().end()))
                .setClientReference(recipient.clientReference())
                .setTemplateId(source.templateId())
                .setTemplateVersion(source.templateVersion());
        return prepared;
    }

    /**
     * One SMS recipient: its E.164 number and rendered text.
     *
     * @return the request's recipient and text with its segments, or null if the recipient was rejected (a rejection
     *     was added)
     */
    private Prepared prepareSms(int index, RecipientRequest recipient, BatchChecks.Source source,
                                                   List<Rejection> rejections) {
        PhoneNumberNormalizer.Result number = phoneNumbers.normalize(recipient.to());
        if (!number.isValid()) {
            rejections.add(new Rejection(index, recipient.to(), number.reason(), JsonPointers.recipient(index, "to")));
            return null;
        }
        String text = render(index, recipient, source.template(), recipient.vars(), rejections,
                limits.maxTextLength(), "text", source.pointer());
        if (text == null) {
            return null;
        }
        String textPointer = source.pointer();
        int length = text.codePointCount(0, text.length());
        if (length > limits.maxTextLength()) {
            rejections.add(new Rejection(index, recipient.to(), "rendered text has " + length
                    + " characters, more than the maximum " + limits.maxTextLength(), textPointer));
            return null;
        }
        SmsInfo sms = SmsEncoder.info(text);
        if (sms.segments() > limits.maxSegments()) {
            rejections.add(new Rejection(index, recipient.to(), "text needs " + sms.segments()
                    + " SMS segments (" + sms.encoding() + ", " + sms.units()
                    + (sms.encoding() == SmsEncoding.GSM7 ? " septets" : " UTF-16 units") + "); at most "
                    + limits.maxSegments(), textPointer));
            return null;
        }
        if (text.isBlank()) {
            rejections.add(new Rejection(index, recipient.to(), "rendered text is blank", textPointer));
            return null;
        }
        return new Prepared(NotificationRequest.newBuilder().setRecipient(number.e164()).setText(text),
                sms.segments());
    }

    /**
     * One e-mail recipient: its normalized address, rendered subject, text and (if the batch has one) HTML body,
     * the HTML with HTML-escaped variables.
     *
     * @return the request's recipient, subject, text and html, or null if the recipient was rejected
     */
    private Prepared prepareEmail(int index, RecipientRequest recipient, BatchChecks.Source source,
                                                     BatchChecks.EmailParts email, List<Rejection> rejections) {
        EmailAddress.Result address = EmailAddress.normalize(recipient.to());
        if (!address.isValid()) {
            rejections.add(new Rejection(index, recipient.to(), address.reason(), JsonPointers.recipient(index, "to")));
            return null;
        }
        String subject = render(index, recipient, email.subject(), recipient.vars(), rejections,
                BatchLimits.MAX_SUBJECT_LENGTH, "subject", "/subject");
        String text = subject == null ? null : render(index, recipient, source.template(), recipient.vars(),
                rejections, limits.maxEmailBodyLength(), "text", source.pointer());
        String html = text == null || email.html() == null ? null
                : render(index, recipient, email.html(), HtmlEscape.values(recipient.vars()), rejections,
                        limits.maxEmailBodyLength(), "HTML body", "/html");
        if (text == null || (email.html() != null && html == null)) {
            return null;
        }
        if (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
            rejections.add(new Rejection(index, recipient.to(), "rendered subject has a line break (CR or LF); a "
                    + "subject is one line", "/subject"));
            return null;
        }
        String tooLong = tooLong(subject, BatchLimits.MAX_SUBJECT_LENGTH, "subject");
        String pointer = "/subject";
        if (tooLong == null) {
            tooLong = tooLong(text, limits.maxEmailBodyLength(), "text");
            pointer = source.pointer();
        }
        if (tooLong == null && html != null) {
            tooLong = tooLong(html, limits.maxEmailBodyLength(), "HTML body");
            pointer = "/html";
        }
        if (tooLong != null) {
            rejections.add(new Rejection(index, recipient.to(), tooLong, pointer));
            return null;
        }
        if (subject.isBlank() || text.isBlank()) {
            rejections.add(new Rejection(index, recipient.to(), "rendered " + (subject.isBlank() ? "subject"
                    : "text") + " is blank", subject.isBlank() ? "/subject" : source.pointer()));
            return null;
        }
        return new Prepared(NotificationRequest.newBuilder().setRecipient(address.address()).setText(text)
                .setSubject(subject).setHtml(html), 0);
    }

    /**
     * Renders one part for one recipient, stopping once it passes twice {@code maxLength} chars (a code point takes
     * one or two): past that it is too long whatever its code points.
     *
     * @param maxLength the most code points the part may have
     * @param what the part's name in a rejection, e.g. {@code text}
     * @param pointer where a too long part points
     * @return the rendered part, or null if a variable is missing (a rejection with pointer {@code vars} was added) or
     *     it is too long (a rejection with {@code pointer} was added)
     */
    static String render(int index, RecipientRequest recipient, MessageTemplate template,
                                 Map<String, String> vars, List<Rejection> rejections, int maxLength, String what,
                                 String pointer) {
        try {
            return template.render(vars, (int) Math.min(Integer.MAX_VALUE - 8, 2L * maxLength));
        } catch (MissingVariableException e) {
            rejections.add(new Rejection(index, recipient.to(), e.getMessage(), JsonPointers.recipient(index, "vars")));
            return null;
        } catch (MessageTemplate.RenderedTooLongException e) {
            rejections.add(new Rejection(index, recipient.to(), "rendered " + what + " has more than the maximum "
                    + maxLength + " characters", pointer));
            return null;
        }
    }

    private static long length(CharSequence text) {
        return text == null ? 0 : text.length();
    }

    /** @return why a rendered part is too long, or null if it is not */
    private static String tooLong(String rendered, int max, String what) {
        int length = rendered.codePointCount(0, rendered.length());
        return length > max ? "rendered " + what + " has " + length + " characters, more than the maximum " + max
                : null;
    }

    /** One accepted recipient's request, its per-recipient fields set, and its SMS segments (0 for e-mail, push). */
    record Prepared(NotificationRequest.Builder request, int segments) {
    }
}
