package io.herald.local;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The SMSC simulator's push counters, from {@code GET /push/stats}: what its APNs and FCM servers took.
 *
 * @param received pushes recorded (accepted), over both services, re-sends included
 * @param distinctMessages distinct {@code herald_message_id} values among them
 * @param duplicates pushes carrying a {@code herald_message_id} seen before: re-sends of a Herald message
 * @param rejected requests answered with an error (an unregistered token, an injected outage, a bad request)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PushStats(long received, long distinctMessages, long duplicates, long rejected) {
}
