package io.herald.smsc.smpp;

import io.herald.smsc.codec.Concatenation;
import io.herald.smsc.codec.InvalidShortMessageException;
import io.herald.smsc.codec.UserDataHeader;
import io.herald.smsc.store.MessagePart;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.OptionalParameters;
import org.jsmpp.bean.SubmitSm;

/**
 * Takes a submit_sm (SMPP 3.4 §4.4.1) apart into a {@link MessagePart}: user data from short_message, or from the
 * message_payload TLV (§5.3.2.32) when present; the UDH when esm_class has UDHI (0x40); the SAR TLVs
 * sar_msg_ref_num/sar_total_segments/sar_segment_seqnum (§5.3.2.22–24) when there is no UDH concatenation IE; and the
 * Herald message id TLV ({@link HeraldTlv#HERALD_MESSAGE_ID_TAG}).
 */
final class SubmitSmParser {

    /** ESME_RINVOPTPARVAL, SMPP 3.4 §5.1.3. */
    static final int ESME_RINVOPTPARVAL = 0xC4;

    private static final int ESM_CLASS_UDHI = 0x40;

    private SubmitSmParser() {
    }

    /**
     * @param submitSm      the PDU
     * @param smscMessageId the message_id it is answered with
     * @param receivedAt    when it arrived
     * @return the part
     * @throws InvalidShortMessageException when the UDH runs past the user data or the SAR TLVs are incomplete or out
     *                                      of range
     */
    static MessagePart parse(SubmitSm submitSm, String smscMessageId, Instant receivedAt)
            throws InvalidShortMessageException {
        OptionalParameter[] tlvs = submitSm.getOptionalParameters();
        if (tlvs == null) {
            tlvs = OptionalParameters.EMPTY_OPTIONAL_PARAMETERS;
        }
        byte[] userData = userData(submitSm, tlvs);
        Concatenation concatenation = null;
        if ((submitSm.getEsmClass() & ESM_CLASS_UDHI) != 0) {
            UserDataHeader udh = UserDataHeader.parse(userData);
            concatenation = udh.concatenation();
            userData = Arrays.copyOfRange(userData, udh.length(), userData.length);
        }
        if (concatenation == null) {
            concatenation = sar(tlvs);
        }
        return new MessagePart(smscMessageId, heraldMessageId(tlvs), nullToEmpty(submitSm.getDestAddress()),
                nullToEmpty(submitSm.getSourceAddr()), submitSm.getSourceAddrTon() & 0xFF,
                submitSm.getSourceAddrNpi() & 0xFF, submitSm.getDataCoding() & 0xFF, concatenation, userData,
                receivedAt);
    }

    private static byte[] userData(SubmitSm submitSm, OptionalParameter[] tlvs) {
        OptionalParameter.Message_payload payload = OptionalParameters.get(OptionalParameter.Message_payload.class,
                tlvs);
        if (payload != null) {
            return payload.getValue();
        }
        byte[] shortMessage = submitSm.getShortMessage();
        return shortMessage == null ? new byte[0] : shortMessage;
    }

    private static Concatenation sar(OptionalParameter[] tlvs) throws InvalidShortMessageException {
        OptionalParameter.Sar_msg_ref_num ref = OptionalParameters.get(OptionalParameter.Sar_msg_ref_num.class, tlvs);
        OptionalParameter.Sar_total_segments total = OptionalParameters.get(
                OptionalParameter.Sar_total_segments.class, tlvs);
        OptionalParameter.Sar_segment_seqnum seq = OptionalParameters.get(OptionalParameter.Sar_segment_seqnum.class,
                tlvs);
        if (ref == null && total == null && seq == null) {
            return null;
        }
        if (ref == null || total == null || seq == null) {
            throw new InvalidShortMessageException("sar_msg_ref_num, sar_total_segments and sar_segment_seqnum "
                    + "must come together", ESME_RINVOPTPARVAL);
        }
        Concatenation concatenation = new Concatenation(ref.getValue() & 0xFFFF, total.getValue() & 0xFF,
                seq.getValue() & 0xFF, Concatenation.Via.SAR);
        if (!concatenation.isValid()) {
            throw new InvalidShortMessageException("SAR segment " + concatenation.segmentNumber() + " of "
                    + concatenation.totalSegments() + " is out of range", ESME_RINVOPTPARVAL);
        }
        return concatenation;
    }

    private static String heraldMessageId(OptionalParameter[] tlvs) {
        OptionalParameter tlv = OptionalParameters.get(HeraldTlv.HERALD_MESSAGE_ID_TAG, tlvs);
        if (!(tlv instanceof OptionalParameter.OctetString)) {
            return null;
        }
        byte[] value = ((OptionalParameter.OctetString) tlv).getValue();
        int length = value.length;
        while (length > 0 && value[length - 1] == 0) {
            length--;
        }
        String id = new String(value, 0, length, StandardCharsets.US_ASCII).trim();
        return id.isEmpty() ? null : id;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
