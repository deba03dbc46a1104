package io.herald.local;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The SMSC simulator's counters, from {@code GET /stats}.
 *
 * @param distinctMessages distinct Herald message ids received (a message sent twice counts once)
 * @param messages messages received, counting re-sends (a multi-segment message counts once)
 * @param duplicates messages received whose Herald message id had been received before
 * @param submitSm {@code submit_sm} PDUs received (one per segment)
 * @param segments segments received
 * @param throttled {@code submit_sm} answered with ESME_RTHROTTLED
 * @param errors {@code submit_sm} answered with an error status other than throttling
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SmscStats(long distinctMessages, long messages, long duplicates, long submitSm, long segments,
                        long throttled, long errors) {
}
