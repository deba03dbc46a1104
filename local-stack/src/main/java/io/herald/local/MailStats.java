package io.herald.local;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The SMSC simulator's e-mail counters, from {@code GET /mail/stats}.
 *
 * @param received e-mails its SMTP server received, one per recipient mailbox, re-sends included
 * @param distinctMessages distinct {@code X-Herald-Message-Id} header values among them
 * @param duplicates e-mails carrying that header minus {@code distinctMessages}: re-sends of a Herald message
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MailStats(long received, long distinctMessages, long duplicates) {
}
