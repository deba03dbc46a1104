package io.herald.dispatcher.send.sms;

import io.herald.dispatcher.config.DispatcherConfig;

/**
 * What the SMPP client needs from {@link DispatcherConfig}.
 *
 * @param host gateway host
 * @param port gateway TCP port
 * @param systemId bind system_id
 * @param password bind password
 * @param systemType bind system_type, may be empty
 * @param windowSize outstanding submit_sm per session, at least 1
 * @param sessions sessions to bind, at least 1
 * @param enquireLinkIntervalMs enquire_link interval, in ms
 * @param requestTimeoutMs response timeout (bind_resp, submit_sm_resp) and window wait, in ms
 * @param reconnectBackoffMs first delay before re-binding, in ms
 * @param registeredDelivery whether to request delivery receipts
 * @param heraldIdTlvTag vendor TLV tag for Herald's messageId, 0 for none
 * @param concatenation how the segments of a long message are tied together (UDH or SAR TLVs), not null
 * @param pduProcessorThreads threads per session that handle received PDUs, at least 1
 */
public record SmppSettings(String host, int port, String systemId, String password, String systemType,
                           int windowSize, int sessions, int enquireLinkIntervalMs, int requestTimeoutMs,
                           long reconnectBackoffMs, boolean registeredDelivery, int heraldIdTlvTag,
                           SmsConcatenation concatenation, int pduProcessorThreads) {

    /**
     * @param config the dispatcher configuration
     * @return its smpp.* settings
     */
    public static SmppSettings from(DispatcherConfig config) {
        return new SmppSettings(
                config.getString(SmppConfig.SMPP_HOST_CONFIG),
                config.getInt(SmppConfig.SMPP_PORT_CONFIG),
                config.getString(SmppConfig.SMPP_SYSTEM_ID_CONFIG),
                config.getPassword(SmppConfig.SMPP_PASSWORD_CONFIG).value(),
                config.getString(SmppConfig.SMPP_SYSTEM_TYPE_CONFIG),
                config.getInt(SmppConfig.SMPP_WINDOW_SIZE_CONFIG),
                config.getInt(SmppConfig.SMPP_SESSIONS_CONFIG),
                config.getInt(SmppConfig.SMPP_ENQUIRE_LINK_INTERVAL_MS_CONFIG),
                config.getInt(SmppConfig.SMPP_REQUEST_TIMEOUT_MS_CONFIG),
                config.getLong(SmppConfig.SMPP_RECONNECT_BACKOFF_MS_CONFIG),
                config.getBoolean(SmppConfig.SMPP_REGISTERED_DELIVERY_CONFIG),
                SmppConfig.heraldIdTlvTag(config),
                SmsConcatenation.parse(config.getString(SmppConfig.SMPP_CONCATENATION_CONFIG)),
                config.getInt(SmppConfig.SMPP_PDU_PROCESSOR_THREADS_CONFIG));
    }

    /** Leaves the password out. */
    @Override
    public String toString() {
        return "SmppSettings[" + host + ":" + port + ", systemId=" + systemId + ", sessions=" + sessions
                + ", windowSize=" + windowSize + ", concatenation=" + concatenation + "]";
    }
}
