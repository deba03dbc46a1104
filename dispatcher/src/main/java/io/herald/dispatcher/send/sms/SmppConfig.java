package io.herald.dispatcher.send.sms;

import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;
import static org.apache.kafka.common.config.ConfigDef.Range.between;

import io.herald.dispatcher.config.DispatcherConfig;
import io.herald.dispatcher.config.KeyTable;
import java.util.Locale;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The keys of the SMPP gateway ({@code smpp.*}): a fragment of {@link DispatcherConfig}'s {@link ConfigDef}, Kafka
 * {@code ConsumerConfig} style (a {@code *_CONFIG} key, its {@code *_DOC}, a {@code DEFAULT_*} and a validator). Their
 * table in {@code docs/configuration.md} is generated from {@link #define} and {@link #table} by
 * {@link io.herald.dispatcher.config.ConfigurationDocGenerator}.
 */
public final class SmppConfig {

    public static final String SMPP_HOST_CONFIG = "smpp.host";
    static final String SMPP_HOST_DOC = "Host of the SMSC.";
    public static final String DEFAULT_SMPP_HOST = "127.0.0.1";

    public static final String SMPP_PORT_CONFIG = "smpp.port";
    static final String SMPP_PORT_DOC = "TCP port of the SMSC.";
    public static final int DEFAULT_SMPP_PORT = 2775;

    public static final String SMPP_SYSTEM_ID_CONFIG = "smpp.system.id";
    static final String SMPP_SYSTEM_ID_DOC = "`system_id` of `bind_transceiver` (SMPP 3.4 §4.1.5).";
    public static final String DEFAULT_SMPP_SYSTEM_ID = "herald";

    public static final String SMPP_PASSWORD_CONFIG = "smpp.password";
    static final String SMPP_PASSWORD_DOC = "`password` of `bind_transceiver`; never logged.";
    public static final String DEFAULT_SMPP_PASSWORD = "herald";

    public static final String SMPP_SYSTEM_TYPE_CONFIG = "smpp.system.type";
    static final String SMPP_SYSTEM_TYPE_DOC = "`system_type` of `bind_transceiver`; often empty.";
    public static final String DEFAULT_SMPP_SYSTEM_TYPE = "";

    public static final String SMPP_WINDOW_SIZE_CONFIG = "smpp.window.size";
    static final String SMPP_WINDOW_SIZE_DOC = "Most outstanding `submit_sm` (no `submit_sm_resp` yet) per session.";
    public static final int DEFAULT_SMPP_WINDOW_SIZE = 10;

    public static final String SMPP_SESSIONS_CONFIG = "smpp.sessions";
    static final String SMPP_SESSIONS_DOC = "Sessions (binds) this process opens; messages are spread round-robin "
            + "over the bound ones.";
    public static final int DEFAULT_SMPP_SESSIONS = 1;

    public static final String SMPP_PDU_PROCESSOR_THREADS_CONFIG = "smpp.pdu.processor.threads";
    static final String SMPP_PDU_PROCESSOR_THREADS_DOC = "Threads that handle received PDUs (`submit_sm_resp`, "
            + "`deliver_sm`, `enquire_link`; jSMPP's `pduProcessorDegree`). A `deliver_sm` holds one while its receipt "
            + "is stored in Kafka, and a `submit_sm_resp` waits for a free one, so too few slow sending down while "
            + "receipts arrive.";
    public static final int DEFAULT_SMPP_PDU_PROCESSOR_THREADS = 32;

    public static final String SMPP_ENQUIRE_LINK_INTERVAL_MS_CONFIG = "smpp.enquire.link.interval.ms";
    static final String SMPP_ENQUIRE_LINK_INTERVAL_MS_DOC = "Idle time after which an `enquire_link` checks the "
            + "session (SMPP 3.4 §4.11).";
    public static final int DEFAULT_SMPP_ENQUIRE_LINK_INTERVAL_MS = 30_000;

    public static final String SMPP_REQUEST_TIMEOUT_MS_CONFIG = "smpp.request.timeout.ms";
    static final String SMPP_REQUEST_TIMEOUT_MS_DOC = "Wait for a response PDU (`bind_resp`, `submit_sm_resp`) and "
            + "for a free window slot; a timeout is a transient failure.";
    public static final int DEFAULT_SMPP_REQUEST_TIMEOUT_MS = 10_000;

    public static final String SMPP_RECONNECT_BACKOFF_MS_CONFIG = "smpp.reconnect.backoff.ms";
    static final String SMPP_RECONNECT_BACKOFF_MS_DOC = "Delay before re-binding a lost or refused session; doubles "
            + "after a failed bind, to at most twice this.";
    public static final long DEFAULT_SMPP_RECONNECT_BACKOFF_MS = 1000L;

    public static final String SMPP_REGISTERED_DELIVERY_CONFIG = "smpp.registered.delivery";
    static final String SMPP_REGISTERED_DELIVERY_DOC = "Ask for a delivery receipt on success and failure "
            + "(`registered_delivery` 0x01, SMPP 3.4 §5.2.17).";
    public static final boolean DEFAULT_SMPP_REGISTERED_DELIVERY = true;

    public static final String SMPP_HERALD_ID_TLV_CONFIG = "smpp.herald.id.tlv";
    static final String SMPP_HERALD_ID_TLV_DOC = "Vendor TLV (0x1400–0x3FFF, SMPP 3.4 §5.3.2) carrying Herald's "
            + "messageId on every `submit_sm`; `0` disables it.";
    public static final String DEFAULT_SMPP_HERALD_ID_TLV = "0x1F01";

    public static final String SMPP_CONCATENATION_CONFIG = "smpp.concatenation";
    static final String SMPP_CONCATENATION_DOC = "How long SMS segments are tied together: `udh` a user data header "
            + "`05 00 03 REF TOTAL SEQ` (3GPP TS 23.040 §9.2.3.24.1, 8-bit reference) in each `short_message` with "
            + "esm_class 0x40; `sar` no header, esm_class 0x00, and the TLVs `sar_msg_ref_num` (16-bit reference), "
            + "`sar_total_segments`, `sar_segment_seqnum` (SMPP 3.4 §5.3.2.22–24). See [sms.md](sms.md).";
    public static final String DEFAULT_SMPP_CONCATENATION = "udh";

    private static final int SMPP_SYSTEM_ID_MAX = 15;
    private static final int SMPP_PASSWORD_MAX = 8;
    private static final int SMPP_SYSTEM_TYPE_MAX = 12;
    private static final int VENDOR_TLV_MIN = 0x1400;
    private static final int VENDOR_TLV_MAX = 0x3FFF;

    private SmppConfig() {
    }

    /**
     * Defines these keys.
     *
     * @param def the definition to add them to
     * @return {@code def}
     */
    public static ConfigDef define(ConfigDef def) {
        return def
                .define(SMPP_HOST_CONFIG, Type.STRING, DEFAULT_SMPP_HOST, new ConfigDef.NonEmptyString(),
                        Importance.HIGH, SMPP_HOST_DOC)
                .define(SMPP_PORT_CONFIG, Type.INT, DEFAULT_SMPP_PORT, between(1, 65535), Importance.HIGH,
                        SMPP_PORT_DOC)
                .define(SMPP_SYSTEM_ID_CONFIG, Type.STRING, DEFAULT_SMPP_SYSTEM_ID,
                        maxLength(SMPP_SYSTEM_ID_MAX, false), Importance.HIGH, SMPP_SYSTEM_ID_DOC)
                .define(SMPP_PDU_PROCESSOR_THREADS_CONFIG, Type.INT, DEFAULT_SMPP_PDU_PROCESSOR_THREADS, atLeast(1),
                        Importance.LOW, SMPP_PDU_PROCESSOR_THREADS_DOC)
                .define(SMPP_PASSWORD_CONFIG, Type.PASSWORD, DEFAULT_SMPP_PASSWORD, Importance.HIGH, SMPP_PASSWORD_DOC)
                .define(SMPP_SYSTEM_TYPE_CONFIG, Type.STRING, DEFAULT_SMPP_SYSTEM_TYPE,
                        maxLength(SMPP_SYSTEM_TYPE_MAX, true), Importance.LOW, SMPP_SYSTEM_TYPE_DOC)
                .define(SMPP_WINDOW_SIZE_CONFIG, Type.INT, DEFAULT_SMPP_WINDOW_SIZE, atLeast(1), Importance.MEDIUM,
                        SMPP_WINDOW_SIZE_DOC)
                .define(SMPP_SESSIONS_CONFIG, Type.INT, DEFAULT_SMPP_SESSIONS, atLeast(1), Importance.MEDIUM,
                        SMPP_SESSIONS_DOC)
                .define(SMPP_ENQUIRE_LINK_INTERVAL_MS_CONFIG, Type.INT, DEFAULT_SMPP_ENQUIRE_LINK_INTERVAL_MS,
                        atLeast(1000), Importance.LOW, SMPP_ENQUIRE_LINK_INTERVAL_MS_DOC)
                .define(SMPP_REQUEST_TIMEOUT_MS_CONFIG, Type.INT, DEFAULT_SMPP_REQUEST_TIMEOUT_MS, atLeast(1),
                        Importance.MEDIUM, SMPP_REQUEST_TIMEOUT_MS_DOC)
                .define(SMPP_RECONNECT_BACKOFF_MS_CONFIG, Type.LONG, DEFAULT_SMPP_RECONNECT_BACKOFF_MS, atLeast(1),
                        Importance.LOW, SMPP_RECONNECT_BACKOFF_MS_DOC)
                .define(SMPP_REGISTERED_DELIVERY_CONFIG, Type.BOOLEAN, DEFAULT_SMPP_REGISTERED_DELIVERY,
                        Importance.MEDIUM, SMPP_REGISTERED_DELIVERY_DOC)
                .define(SMPP_HERALD_ID_TLV_CONFIG, Type.STRING, DEFAULT_SMPP_HERALD_ID_TLV, (name, value) -> {
                    int tag = parseTag(name, (String) value);
                    if (tag != 0 && (tag < VENDOR_TLV_MIN || tag > VENDOR_TLV_MAX)) {
                        throw new ConfigException(name, value, "must be 0 or a vendor-specific tag in 0x1400-0x3FFF");
                    }
                }, Importance.LOW, SMPP_HERALD_ID_TLV_DOC)
                .define(SMPP_CONCATENATION_CONFIG, Type.STRING, DEFAULT_SMPP_CONCATENATION,
                        ConfigDef.CaseInsensitiveValidString.in("udh", "sar"), Importance.LOW, SMPP_CONCATENATION_DOC);
    }

    /**
     * Checks what a validator of one key cannot: the password's length (a {@code PASSWORD} value is not handed to
     * validators in clear).
     *
     * @param config the parsed keys
     * @throws ConfigException if {@value #SMPP_PASSWORD_CONFIG} is longer than 8 characters
     */
    public static void check(AbstractConfig config) {
        if (config.getPassword(SMPP_PASSWORD_CONFIG).value().length() > SMPP_PASSWORD_MAX) {
            throw new ConfigException(SMPP_PASSWORD_CONFIG, "[hidden]",
                    "must be at most " + SMPP_PASSWORD_MAX + " characters");
        }
    }

    /**
     * @param config the parsed keys
     * @return the TLV tag for Herald's messageId ({@value #SMPP_HERALD_ID_TLV_CONFIG}), 0 when disabled
     */
    public static int heraldIdTlvTag(AbstractConfig config) {
        return parseTag(SMPP_HERALD_ID_TLV_CONFIG, config.getString(SMPP_HERALD_ID_TLV_CONFIG));
    }

    private static int parseTag(String name, String value) {
        try {
            String v = value.trim().toLowerCase(Locale.ROOT);
            return v.startsWith("0x") ? Integer.parseInt(v.substring(2), 16) : Integer.parseInt(v);
        } catch (NumberFormatException | NullPointerException e) {
            throw new ConfigException(name, value, "must be a hex (0x1F01) or decimal TLV tag");
        }
    }

    private static ConfigDef.Validator maxLength(int max, boolean allowEmpty) {
        return (name, value) -> {
            String s = (String) value;
            if (s == null || (!allowEmpty && s.isEmpty()) || s.length() > max) {
                throw new ConfigException(name, value, "must be " + (allowEmpty ? "" : "1 to ") + "at most " + max
                        + " characters");
            }
        };
    }

    /** @return how {@code docs/configuration.md} shows these keys: type and unit, and what a default stands for */
    public static KeyTable table() {
        return new KeyTable("smpp")
                .key(SMPP_HOST_CONFIG, "string, host or IP address")
                .key(SMPP_PORT_CONFIG, "int, TCP port")
                .key(SMPP_SYSTEM_ID_CONFIG, "string, 1–15 characters")
                .key(SMPP_PASSWORD_CONFIG, "password, at most 8 characters")
                .key(SMPP_SYSTEM_TYPE_CONFIG, "string, at most 12 characters")
                .key(SMPP_WINDOW_SIZE_CONFIG, "int, PDUs")
                .key(SMPP_SESSIONS_CONFIG, "int, sessions")
                .key(SMPP_PDU_PROCESSOR_THREADS_CONFIG, "int, threads per session")
                .key(SMPP_ENQUIRE_LINK_INTERVAL_MS_CONFIG, "int, ms (at least 1000)")
                .key(SMPP_REQUEST_TIMEOUT_MS_CONFIG, "int, ms")
                .key(SMPP_RECONNECT_BACKOFF_MS_CONFIG, "long, ms")
                .key(SMPP_REGISTERED_DELIVERY_CONFIG, "boolean")
                .key(SMPP_HERALD_ID_TLV_CONFIG, "string, TLV tag in hex (`0x…`) or decimal")
                .key(SMPP_CONCATENATION_CONFIG, "string: `udh` or `sar`");
    }
}
