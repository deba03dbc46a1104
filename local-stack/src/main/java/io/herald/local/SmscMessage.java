package io.herald.local;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * One message the SMSC simulator received (its segments reassembled), from {@code GET /messages}.
 *
 * @param heraldMessageId Herald's message id, as the dispatcher sent it
 * @param smscMessageIds the simulator's {@code message_id} of each {@code submit_sm_resp}, one per segment
 * @param recipient the destination address, E.164
 * @param sender the source address
 * @param text the reassembled text
 * @param segments number of segments
 * @param dataCoding the {@code data_coding} (0 = GSM 7-bit default alphabet, 8 = UCS-2), per SMPP 3.4 §5.2.19
 * @param receivedAt when the last segment arrived, ISO-8601
 * @param concatenation how the segments were tied together: {@code none} (one segment), {@code udh} or {@code sar}
 * @param anomalies what the simulator's check of the segments found (mixed data_coding, a segment over capacity, a
 *     split escape sequence or surrogate pair), one sentence each; empty if none (or from an older simulator)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SmscMessage(String heraldMessageId, List<String> smscMessageIds, String recipient, String sender,
                          String text, int segments, int dataCoding, String receivedAt, String concatenation,
                          List<String> anomalies) {

    /** Reads a missing {@code anomalies} as none. */
    public SmscMessage {
        anomalies = anomalies == null ? List.of() : List.copyOf(anomalies);
    }

    @Override
    public String toString() {
        // No recipient or text in clear: this may end up in a log line.
        return "SmscMessage[heraldMessageId=" + heraldMessageId + ", segments=" + segments + ", dataCoding="
                + dataCoding + ", concatenation=" + concatenation + ", anomalies=" + anomalies + "]";
    }
}
