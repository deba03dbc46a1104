package io.herald.harness.chaos;

/**
 * One message as the simulator received it, on any channel: an SMS at the SMSC ({@code GET /messages}), a push at the
 * APNs or FCM server ({@code GET /push/messages}).
 *
 * @param heraldMessageId Herald's message id the dispatcher sent with it, or null without one
 * @param recipient the E.164 number or the device token
 * @param receivedAt when it arrived, ISO-8601, or null if unknown
 */
record Arrival(String heraldMessageId, String recipient, String receivedAt) {

    @Override
    public String toString() {
        return "Arrival[" + heraldMessageId + "]"; // no recipient in clear: this may end up in a log line
    }
}
