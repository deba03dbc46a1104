package io.herald.schema;

import java.util.List;

/**
 * The Kafka topics Herald reads and writes. Every module takes topic names from here, so that they are defined once.
 *
 * <table>
 *   <caption>Topics</caption>
 *   <tr><th>Topic</th><th>Key</th><th>Value</th></tr>
 *   <tr><td>{@value #REQUESTS}</td><td>recipient (E.164 or lower-cased e-mail address), UTF-8 string</td>
 *       <td>{@link NotificationRequest}, Avro in Confluent wire format</td></tr>
 *   <tr><td>{@value #REQUESTS_HIGH}, {@value #REQUESTS_BULK}</td><td>as {@value #REQUESTS}</td>
 *       <td>as {@value #REQUESTS}: the requests of {@code high} and {@code bulk} priority batches</td></tr>
 *   <tr><td>{@value #STATUS}</td><td>messageId, UTF-8 string</td>
 *       <td>{@link DeliveryStatus}, Avro in Confluent wire format</td></tr>
 *   <tr><td>{@value #REQUESTS_DLQ}</td><td>as {@value #REQUESTS}</td>
 *       <td>the original record's bytes, unchanged, with error headers</td></tr>
 *   <tr><td>{@value #REQUESTS}{@value #RETRY_INFIX}<i>tier</i>, e.g. {@code notify.requests.retry.30s}</td>
 *       <td>as {@value #REQUESTS}</td>
 *       <td>the original record's bytes, unchanged, with {@code herald.retry.*} headers (attempts, first failure,
 *       last error, due time)</td></tr>
 *   <tr><td>{@value #SENT}</td><td>messageId, UTF-8 string</td>
 *       <td>the previous release's sent ledger (read, no longer written): which record of which partition was
 *       accepted by the gateway (compacted); a SENT status's {@value #LEDGER_HEADER} header is the entry now</td></tr>
 *   <tr><td>{@value #RECEIPTS}</td><td>gateway message id, canonical (lower case, no leading zeros), UTF-8 string</td>
 *       <td>{@link DeliveryReceipt}, Avro in Confluent wire format</td></tr>
 *   <tr><td>{@value #TEMPLATES}</td><td>template id ({@code [A-Za-z0-9_.-]}, 1–64 characters), UTF-8 string</td>
 *       <td>the named template as UTF-8 JSON, {@code {"id", "version", "text", "updatedAt"}}; null (a tombstone)
 *       when it was deleted (compacted)</td></tr>
 *   <tr><td>{@value #SUPPRESSIONS}</td><td>recipient (E.164 or lower-cased e-mail address), UTF-8 string</td>
 *       <td>{@link SuppressionEntry} as a small UTF-8 JSON document (only Herald reads it); a tombstone (null)
 *       removes the recipient from the list (compacted)</td></tr>
 *   <tr><td>{@value #BATCHES}</td><td>batchId, UTF-8 string</td>
 *       <td>{@link BatchIntake}, Avro in Confluent wire format: recipients taken into a batch</td></tr>
 *   <tr><td>{@value #BATCHES_COMPLETED}</td><td>batchId, UTF-8 string</td>
 *       <td>a batch's final counters as UTF-8 JSON (the body of {@code GET /v1/batches/{id}}), once per batch when
 *       no message of it is pending</td></tr>
 *   <tr><td>{@value #BULK}</td><td>none, or any UTF-8 string</td>
 *       <td>one bulk-load line, UTF-8: a JSON object, or CSV after a header line (see docs/bulk-load.md)</td></tr>
 *   <tr><td>{@value #BULK_REJECTED}</td><td>as {@value #BULK}</td>
 *       <td>a refused bulk-load line as UTF-8 JSON: the line as it was, and why it was refused</td></tr>
 *   <tr><td>{@value #IDEMPOTENCY}</td><td>{@code clientId:key} (the client's {@code Idempotency-Key}), UTF-8
 *       string</td>
 *       <td>UTF-8 JSON {@code {"kind", "claimId", "requestHash", "batchId", "response"}}: a claim of the key, its
 *       completion with the 202 answer, or its release (compacted, deleted after 48 h)</td></tr>
 *   <tr><td>{@value #STATUS_CALLBACK_TARGETS}</td><td>batchId, UTF-8 string</td>
 *       <td>{@link StatusCallbackTarget}, Avro in Confluent wire format (compacted, deleted after 7 days)</td></tr>
 *   <tr><td>{@value #STATUS_CALLBACKS}</td><td>clientId, UTF-8 string</td>
 *       <td>up to 100 message status events to POST, UTF-8 JSON</td></tr>
 * </table>
 */
public final class Topics {

    /** Requests to send, one record per recipient. */
    public static final String REQUESTS = "notify.requests";

    /**
     * Requests of {@code high} priority batches (one-time codes, alerts), one record per recipient, keyed as
     * {@value #REQUESTS}; the dispatchers serve this lane first. As many partitions as {@value #REQUESTS}.
     */
    public static final String REQUESTS_HIGH = "notify.requests.high";

    /**
     * Requests of {@code bulk} priority batches (campaigns), one record per recipient, keyed as {@value #REQUESTS};
     * the dispatchers give this lane its weight's share of the gateway ({@code priority.weight.bulk}). As many
     * partitions as {@value #REQUESTS}. Not to be confused with {@value #BULK}, the bulk loader's input lines.
     */
    public static final String REQUESTS_BULK = "notify.requests.bulk";

    /** The three request topics, one per priority lane, highest first: high, normal, bulk. */
    public static final List<String> REQUEST_LANES = List.of(REQUESTS_HIGH, REQUESTS, REQUESTS_BULK);

    /** Status events ({@link DeliveryStatus}) for every message. */
    public static final String STATUS = "notify.status";

    /** Records that failed permanently or could not be read (dead-letter queue). */
    public static final String REQUESTS_DLQ = "notify.requests.dlq";

    /** Between {@value #REQUESTS} and a retry tier's name in a retry topic's name. */
    public static final String RETRY_INFIX = ".retry.";

    /** The default retry tiers: how long a record waits in each retry topic before its next attempt. */
    public static final List<String> DEFAULT_RETRY_TIERS = List.of("30s", "5m", "30m");

    /**
     * The previous release's sent ledger: one record per message the gateway accepted, keyed by messageId, written to
     * the partition with the number of the request's partition, compacted. Nothing writes it any more (a SENT status
     * carries the entry in its {@value #LEDGER_HEADER} header); the dispatcher still reads it, if it exists, when it
     * is assigned partitions, so that an upgrade in the middle of a backlog sends nothing twice.
     */
    public static final String SENT = "notify.sent";

    /**
     * The header of a SENT status on {@value #STATUS} that makes it the sent ledger's entry of the record that was
     * sent: UTF-8 text {@code <topic> <partition> <offset> <attempts> <gatewayMessageId>[,<gatewayMessageId>...]}.
     */
    public static final String LEDGER_HEADER = "herald.ledger";

    /**
     * Delivery receipts (DLRs) as the gateways sent them, before they are matched to their messages; the dispatcher's
     * receipt correlator turns them into DELIVERED, UNDELIVERED, EXPIRED or REJECTED events on {@value #STATUS}.
     */
    public static final String RECEIPTS = "notify.receipts";

    /**
     * Named message templates, keyed by template id; compacted, so that the latest record of each id (or its
     * tombstone) stays for ever. The value is JSON ({@code {"id": "otp", "version": 3, "text": "Code {{code}}",
     * "updatedAt": "2026-11-27T21:00:00Z"}}: version from 1, updatedAt ISO-8601 UTC), not Avro: only the ingest
     * service reads and writes this topic, so it needs no schema in the registry. A null value (tombstone) deletes
     * the template. Every ingest instance reads the whole topic into memory.
     */
    public static final String TEMPLATES = "notify.templates";

    /**
     * Partition count of {@value #TEMPLATES}: one, since every reader reads all of it and templates are few; a single
     * partition also orders every template write.
     */
    public static final int TEMPLATES_PARTITIONS = 1;

    /**
     * The suppression (opt-out) list: one record per recipient who must not be sent to, keyed by the recipient as
     * {@value #REQUESTS} keys it (E.164, or the lower-cased e-mail address), value a {@link SuppressionEntry} as JSON;
     * a tombstone (null value) removes the recipient. Compacted (no time-based deletion): every dispatcher reads it
     * whole from the beginning. Written by the ingest API ({@code PUT/DELETE /v1/suppressions/{recipient}}) and by
     * the dispatcher on an inbound STOP SMS.
     */
    public static final String SUPPRESSIONS = "notify.suppressions";

    /** Partition count of {@value #SUPPRESSIONS} when Herald creates it: small, since it is read whole. */
    public static final int DEFAULT_SUPPRESSIONS_PARTITIONS = 3;

    /**
     * Control of batches in flight: one record per batch that a client paused, resumed or cancelled, keyed by batchId,
     * value a {@link BatchControl} as JSON. Compacted: the latest state of each batch stays. Written by the ingest API
     * ({@code POST /v1/batches/{id}/pause|resume|cancel}); every dispatcher and ingest instance reads it whole
     * ({@link BatchControls}), and a dispatcher sends nothing before it has read it to the end.
     */
    public static final String BATCH_CONTROL = "notify.batch-control";

    /** Partition count of {@value #BATCH_CONTROL} when Herald creates it: small, since it is read whole. */
    public static final int DEFAULT_BATCH_CONTROL_PARTITIONS = 3;

    /**
     * Requests of paused batches, moved aside from {@value #REQUESTS} (and from the retry and delay topics) so that
     * they block no other batch: the same key, value and headers, plus where each came from. Read by the dispatchers'
     * retry loop, which sends a record once its batch runs again (or ends it CANCELLED). As many partitions as
     * {@value #REQUESTS}, so that a recipient keeps one partition.
     */
    public static final String HELD = "notify.requests.held";

    /**
     * Recipients taken into batches ({@link BatchIntake}), keyed by batchId: the totals of each REST batch, one record
     * per bulk-load line. The status topology sums them per batch. Time-based retention (the broker's default).
     */
    public static final String BATCHES = "notify.batches";

    /**
     * One record per batch when it completes (no message pending), keyed by batchId, value the batch's counters as
     * JSON; written by the status topology, read by the ingest service's completion callbacks (and by anyone who
     * wants to know).
     */
    public static final String BATCHES_COMPLETED = "notify.batches.completed";

    /**
     * Bulk-load lines as {@code kafka-console-producer} writes them: one JSON object or CSV line per record. The
     * bulk-load topology validates each and writes a {@link NotificationRequest} to {@value #REQUESTS}, or the line
     * and its reason to {@value #BULK_REJECTED}.
     */
    public static final String BULK = "notify.bulk";

    /** Refused bulk-load lines: the line as it was, and the reason, as JSON. */
    public static final String BULK_REJECTED = "notify.bulk.rejected";

    /**
     * Where batches' per-message status events go ({@link StatusCallbackTarget}), keyed by batchId: written by the
     * ingest service before the batch's requests, read in full by every status-callback batcher. Compacted, and deleted
     * after {@link #STATUS_CALLBACK_TARGETS_RETENTION_MS}.
     */
    public static final String STATUS_CALLBACK_TARGETS = "notify.status-callback-targets";

    /** Retention of {@value #STATUS_CALLBACK_TARGETS} when Herald creates it: 7 days. */
    public static final long STATUS_CALLBACK_TARGETS_RETENTION_MS = 7L * 24 * 60 * 60 * 1000;

    /**
     * Per-message status events to POST, up to 100 per record, as UTF-8 JSON {@code {"callbackUrl", "clientId",
     * "event", "delivery", "body"}}, keyed by clientId: written by the status-callback batcher, read by the callback
     * sender.
     */
    public static final String STATUS_CALLBACKS = "notify.status-callbacks";

    /**
     * Idempotency keys of {@code POST /v1/batches}: claims, completions with the 202 answer, and releases, keyed
     * {@code clientId:key}. Every ingest instance reads all of it. Compacted, and deleted after
     * {@link #IDEMPOTENCY_RETENTION_MS}.
     */
    public static final String IDEMPOTENCY = "notify.idempotency";

    /** Retention of {@value #IDEMPOTENCY} when Herald creates it: 48 h, twice a key's default life of 24 h. */
    public static final long IDEMPOTENCY_RETENTION_MS = 48L * 60 * 60 * 1000;

    /**
     * The largest record of {@value #IDEMPOTENCY} (its {@code max.message.bytes} when Herald creates it): 16 MiB, for
     * the gzip-compressed 202 answer of a batch of 100,000 recipients (about 2.5 MiB) with room to spare.
     */
    public static final int IDEMPOTENCY_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    /**
     * Default partition count of {@value #BULK}: one, so that the lines of a file are read in file order and every
     * recipient's messages stay in that order. More partitions read faster, but keep a recipient's order only if the
     * lines are keyed by recipient.
     */
    public static final int DEFAULT_BULK_PARTITIONS = 1;

    /** Default partition count of {@value #REQUESTS}; it caps how many dispatchers can share the work. */
    public static final int DEFAULT_REQUESTS_PARTITIONS = 12;

    /** Default partition count of {@value #STATUS} and {@value #REQUESTS_DLQ}. */
    public static final int DEFAULT_STATUS_PARTITIONS = 6;

    private Topics() {
    }

    /**
     * The request topic of a priority lane.
     *
     * @param lane the lane; null for {@link PriorityLane#NORMAL} (a record written before lanes existed)
     * @return {@value #REQUESTS_HIGH}, {@value #REQUESTS} or {@value #REQUESTS_BULK}
     */
    public static String requestsTopic(PriorityLane lane) {
        if (lane == null) {
            return REQUESTS;
        }
        return switch (lane) {
            case HIGH -> REQUESTS_HIGH;
            case NORMAL -> REQUESTS;
            case BULK -> REQUESTS_BULK;
        };
    }

    /**
     * @param topic a topic name
     * @return whether it is one of the request topics ({@link #REQUEST_LANES})
     */
    public static boolean isRequestTopic(String topic) {
        return REQUESTS.equals(topic) || REQUESTS_HIGH.equals(topic) || REQUESTS_BULK.equals(topic);
    }

    /**
     * The retry topic of a tier.
     *
     * @param tier the tier's name, e.g. {@code 30s}
     * @return e.g. {@code notify.requests.retry.30s}
     */
    public static String retryTopic(String tier) {
        return REQUESTS + RETRY_INFIX + tier;
    }

    /**
     * The topic of a delay tier: records whose {@code notBefore} is still ahead wait there (see the dispatcher's
     * {@code schedule.tiers}).
     *
     * @param tier the tier's name, e.g. {@code 1h}
     * @return e.g. {@code notify.requests.delay.1h}
     */
    public static String delayTopic(String tier) {
        return REQUESTS + ".delay." + tier;
    }
}
