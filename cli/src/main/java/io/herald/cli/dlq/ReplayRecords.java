package io.herald.cli.dlq;

import io.herald.schema.HeraldHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Turns a DLQ record back into a request for {@code notify.requests}: the same key and value bytes (so the same
 * partition as the original, by the default partitioner's hash of the key), the original headers without the DLQ's
 * error headers and the retry topics' due time, tier and last error, plus:
 * <ul>
 *   <li>{@value HeraldHeaders#RETRY_ATTEMPTS}: the attempts made before it was dead-lettered, so that attempts count
 *       on (a status event of the replay has a later attempt than the FAILED one, and replaces it in the batch
 *       status);</li>
 *   <li>{@value HeraldHeaders#REPLAYED_FROM}: the DLQ record's {@code topic/partition/offset}.</li>
 * </ul>
 * {@value HeraldHeaders#RETRY_FIRST_FAILURE} is kept. The record's timestamp is the time of the replay.
 */
public final class ReplayRecords {

    /** Headers dropped from a replayed record: the DLQ's, and the retry state that no longer holds. */
    static final Set<String> DROPPED = Set.of(HeraldHeaders.ERROR_CLASS, HeraldHeaders.ERROR_MESSAGE,
            HeraldHeaders.ERROR_CODE, HeraldHeaders.ORIGINAL_TOPIC, HeraldHeaders.ORIGINAL_PARTITION,
            HeraldHeaders.ORIGINAL_OFFSET, HeraldHeaders.ATTEMPTS, HeraldHeaders.RETRY_ATTEMPTS,
            HeraldHeaders.RETRY_DUE, HeraldHeaders.RETRY_TIER, HeraldHeaders.RETRY_LAST_ERROR,
            HeraldHeaders.REPLAYED_FROM);

    private ReplayRecords() {
    }

    /**
     * @param letter a DLQ record
     * @param topic where it goes, {@code notify.requests}
     * @return the record to write
     */
    public static ProducerRecord<byte[], byte[]> toRequest(DeadLetter letter, String topic) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : letter.record().headers()) {
            if (!DROPPED.contains(header.key())) {
                headers.add(header.key(), header.value());
            }
        }
        if (letter.attempts() > 0) {
            headers.add(HeraldHeaders.RETRY_ATTEMPTS,
                    Integer.toString(letter.attempts()).getBytes(StandardCharsets.UTF_8));
        }
        headers.add(HeraldHeaders.REPLAYED_FROM, letter.position().getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(topic, null, null, letter.record().key(), letter.record().value(), headers);
    }
}
