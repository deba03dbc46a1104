package io.herald.smsc.mail;

/**
 * Counters of the simulator's SMTP server since start or the last reset. Served as {@code GET /mail/stats}.
 *
 * @param received         e-mails received, one per recipient mailbox (a message to two addresses counts twice)
 * @param distinctMessages distinct values of the {@code X-Herald-Message-Id} header among them
 * @param duplicates       e-mails with that header minus {@code distinctMessages}: re-sends of a Herald message
 */
public record MailStats(long received, long distinctMessages, long duplicates) {
}
