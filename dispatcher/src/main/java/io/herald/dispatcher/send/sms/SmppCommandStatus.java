package io.herald.dispatcher.send.sms;

import io.herald.dispatcher.send.SendResult;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * SMPP 3.4 {@code command_status} values (§5.1.3, Table 5-2) and whether a {@code submit_sm} that got one may be
 * retried as it is. The names are the specification's and are written to status events as {@code errorCode}; a value
 * that is not in this table is written as {@code 0x%08X} and treated as permanent, since an unknown refusal is more
 * likely to repeat than to clear up.
 *
 * <p>Transient: {@link #ESME_RTHROTTLED}, {@link #ESME_RMSGQFUL}, {@link #ESME_RSYSERR} (errors of the SMSC, not of
 * the message), {@link #ESME_RINVBNDSTS} (the session is not bound: the bind was lost), and
 * {@link #ESME_RX_T_APPN} ("temporary application error"). Response timeouts and lost connections are transient too,
 * but have no command_status: see {@link SmppConnection}. Of the transient ones, {@link #ESME_RTHROTTLED} and
 * {@link #ESME_RMSGQFUL} are throttling (the sender slows down and does not count the attempt) and
 * {@link #ESME_RINVBNDSTS} means the gateway is unavailable (it feeds the circuit breaker): see {@link #cause()}.
 */
public enum SmppCommandStatus {
    ESME_ROK(0x00, false, "No error"),
    ESME_RINVMSGLEN(0x01, false, "Message length is invalid"),
    ESME_RINVCMDLEN(0x02, false, "Command length is invalid"),
    ESME_RINVCMDID(0x03, false, "Invalid command ID"),
    ESME_RINVBNDSTS(0x04, true, "Incorrect BIND status for given command"),
    ESME_RALYBND(0x05, false, "ESME already in bound state"),
    ESME_RINVPRTFLG(0x06, false, "Invalid priority flag"),
    ESME_RINVREGDLVFLG(0x07, false, "Invalid registered delivery flag"),
    ESME_RSYSERR(0x08, true, "System error"),
    ESME_RINVSRCADR(0x0A, false, "Invalid source address"),
    ESME_RINVDSTADR(0x0B, false, "Invalid destination address"),
    ESME_RINVMSGID(0x0C, false, "Message ID is invalid"),
    ESME_RBINDFAIL(0x0D, false, "Bind failed"),
    ESME_RINVPASWD(0x0E, false, "Invalid password"),
    ESME_RINVSYSID(0x0F, false, "Invalid system ID"),
    ESME_RCANCELFAIL(0x11, false, "Cancel SM failed"),
    ESME_RREPLACEFAIL(0x13, false, "Replace SM failed"),
    ESME_RMSGQFUL(0x14, true, "Message queue full"),
    ESME_RINVSERTYP(0x15, false, "Invalid service type"),
    ESME_RINVNUMDESTS(0x33, false, "Invalid number of destinations"),
    ESME_RINVDLNAME(0x34, false, "Invalid distribution list name"),
    ESME_RINVDESTFLAG(0x40, false, "Destination flag is invalid"),
    ESME_RINVSUBREP(0x42, false, "Invalid submit with replace request"),
    ESME_RINVESMCLASS(0x43, false, "Invalid esm_class field data"),
    ESME_RCNTSUBDL(0x44, false, "Cannot submit to distribution list"),
    ESME_RSUBMITFAIL(0x45, false, "submit_sm or submit_multi failed"),
    ESME_RINVSRCTON(0x48, false, "Invalid source address TON"),
    ESME_RINVSRCNPI(0x49, false, "Invalid source address NPI"),
    ESME_RINVDSTTON(0x50, false, "Invalid destination address TON"),
    ESME_RINVDSTNPI(0x51, false, "Invalid destination address NPI"),
    ESME_RINVSYSTYP(0x53, false, "Invalid system_type field"),
    ESME_RINVREPFLAG(0x54, false, "Invalid replace_if_present flag"),
    ESME_RINVNUMMSGS(0x55, false, "Invalid number of messages"),
    ESME_RTHROTTLED(0x58, true, "Throttling error (ESME has exceeded allowed message limits)"),
    ESME_RINVSCHED(0x61, false, "Invalid scheduled delivery time"),
    ESME_RINVEXPIRY(0x62, false, "Invalid message validity period (expiry time)"),
    ESME_RINVDFTMSGID(0x63, false, "Predefined message invalid or not found"),
    ESME_RX_T_APPN(0x64, true, "ESME receiver temporary app error code"),
    ESME_RX_P_APPN(0x65, false, "ESME receiver permanent app error code"),
    ESME_RX_R_APPN(0x66, false, "ESME receiver reject message error code"),
    ESME_RQUERYFAIL(0x67, false, "query_sm request failed"),
    ESME_RINVOPTPARSTREAM(0xC0, false, "Error in the optional part of the PDU body"),
    ESME_ROPTPARNOTALLWD(0xC1, false, "Optional parameter not allowed"),
    ESME_RINVPARLEN(0xC2, false, "Invalid parameter length"),
    ESME_RMISSINGOPTPARAM(0xC3, false, "Expected optional parameter missing"),
    ESME_RINVOPTPARAMVAL(0xC4, false, "Invalid optional parameter value"),
    ESME_RDELIVERYFAILURE(0xFE, false, "Delivery failure"),
    ESME_RUNKNOWNERR(0xFF, false, "Unknown error");

    private static final Map<Integer, SmppCommandStatus> BY_VALUE = new HashMap<>();

    static {
        for (SmppCommandStatus status : values()) {
            BY_VALUE.put(status.value, status);
        }
    }

    private final int value;
    private final boolean transientError;
    private final String description;

    SmppCommandStatus(int value, boolean transientError, String description) {
        this.value = value;
        this.transientError = transientError;
        this.description = description;
    }

    /** @return the command_status value */
    public int value() {
        return value;
    }

    /** @return true if a submit_sm refused with this status may succeed when sent again later */
    public boolean isTransient() {
        return transientError;
    }

    /** @return the specification's description */
    public String description() {
        return description;
    }

    /**
     * @param value a command_status
     * @return the status, or null if the value is not in SMPP 3.4's table (reserved or vendor-specific)
     */
    public static SmppCommandStatus of(int value) {
        return BY_VALUE.get(value);
    }

    /**
     * @param value a command_status
     * @return the value as the specification writes it, e.g. {@code 0x0000000B}
     */
    public static String hex(int value) {
        return String.format(Locale.ROOT, "0x%08X", value);
    }

    /**
     * The send result of a negative {@code submit_sm_resp}.
     *
     * @param commandStatus the response's command_status, not 0
     * @return a transient or permanent failure whose code is the status name (or its hex value when unknown) and
     *     whose text is the description and hex value
     */
    public static SendResult toResult(int commandStatus) {
        SmppCommandStatus status = of(commandStatus);
        if (status == null) {
            return SendResult.permanentFailure(hex(commandStatus),
                    "SMPP command_status " + hex(commandStatus) + " (not in SMPP 3.4; treated as permanent)");
        }
        String text = status.description + " (" + hex(commandStatus) + ")";
        if (!status.transientError) {
            return SendResult.permanentFailure(status.name(), text);
        }
        return SendResult.transientFailure(status.cause(), status.name(), text);
    }

    /**
     * @return for a transient status, how the sender should treat it: {@link #ESME_RTHROTTLED} and
     *     {@link #ESME_RMSGQFUL} ask it to slow down, {@link #ESME_RINVBNDSTS} means the bind is gone; the others
     *     are errors
     */
    public SendResult.TransientCause cause() {
        return switch (this) {
            case ESME_RTHROTTLED, ESME_RMSGQFUL -> SendResult.TransientCause.THROTTLED;
            case ESME_RINVBNDSTS -> SendResult.TransientCause.GATEWAY_UNAVAILABLE;
            default -> SendResult.TransientCause.ERROR;
        };
    }
}
