package io.herald.local;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * One e-mail the SMSC simulator's SMTP server received, its MIME decoded, from {@code GET /mail/messages}.
 *
 * @param messageId Herald's message id, the {@code X-Herald-Message-Id} header; null without one
 * @param messageIdHeader the RFC 5322 {@code Message-ID} header; null without one
 * @param from the address of the first {@code From}
 * @param to the addresses of the {@code To} header
 * @param subject the subject, encoded-words decoded
 * @param text the first {@code text/plain} part (or the whole body of a plain message), decoded; null without one
 * @param html the first {@code text/html} part, decoded; null without one
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReceivedMail(String messageId, String messageIdHeader, String from, List<String> to, String subject,
                           String text, String html) {

    /** Reads a missing {@code to} as none. */
    public ReceivedMail {
        to = to == null ? List.of() : List.copyOf(to);
    }

    @Override
    public String toString() {
        // No address, subject or text in clear: this may end up in a log line.
        return "ReceivedMail[messageId=" + messageId + ", messageIdHeader=" + messageIdHeader + ", html="
                + (html != null) + "]";
    }
}
