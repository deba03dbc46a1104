package io.herald.smsc.mail;

import java.util.List;

/**
 * One e-mail the simulator's SMTP server received, its MIME decoded. Served in {@code GET /mail/messages}.
 *
 * @param messageId       the {@code X-Herald-Message-Id} header (Herald's message id), or null without one
 * @param messageIdHeader the RFC 5322 {@code Message-ID} header, or null without one
 * @param from            the address of the first {@code From}, or null without one
 * @param to              the addresses of the {@code To} header, in order; empty without one
 * @param subject         the {@code Subject}, RFC 2047 encoded-words decoded, or null without one
 * @param text            the first {@code text/plain} part (or the body of a single-part text/plain message),
 *                        decoded per its charset and transfer encoding, or null without one
 * @param html            the first {@code text/html} part, decoded, or null without one
 */
public record ReceivedMail(String messageId, String messageIdHeader, String from, List<String> to, String subject,
                           String text, String html) {

    public ReceivedMail {
        to = to == null ? List.of() : List.copyOf(to);
    }

    @Override
    public String toString() {
        // No address, subject or text in clear: this may end up in a log line.
        return "ReceivedMail[messageId=" + messageId + ", messageIdHeader=" + messageIdHeader + ", to=" + to.size()
                + " address(es), text=" + (text != null) + ", html=" + (html != null) + "]";
    }
}
