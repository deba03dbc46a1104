package io.herald.smsc.push;

/**
 * Counters of the simulator's push servers since start or the last reset. Served as {@code GET /push/stats}:
 * <pre>{@code {"received":N,"distinctMessages":M,"duplicates":D,"apns":{"received":A,"rejected":RA},
 *  "fcm":{"received":F,"rejected":RF},"tokensIssued":T,"rejected":R}}</pre>
 *
 * @param received         pushes accepted and recorded, both platforms, duplicates included
 * @param distinctMessages distinct Herald message ids ({@code herald_message_id}) among them
 * @param duplicates       accepted pushes with a Herald message id already seen: re-sends of a Herald message
 * @param apnsReceived     pushes the APNs server accepted
 * @param fcmReceived      pushes the FCM server accepted
 * @param tokensIssued     OAuth2 access tokens the FCM token endpoint issued
 * @param apnsRejected     APNs requests answered with an error (validation, authentication or injected fault)
 * @param fcmRejected      FCM requests answered with an error, token endpoint ({@code invalid_grant} ...) included
 */
public record PushStats(long received, long distinctMessages, long duplicates, long apnsReceived, long fcmReceived,
                        long tokensIssued, long apnsRejected, long fcmRejected) {

    /** @return every error answer given, both servers: {@code apnsRejected + fcmRejected} */
    public long rejected() {
        return apnsRejected + fcmRejected;
    }
}
