package io.herald.dispatcher.send.sms;

import org.jsmpp.bean.DeliverSm;
import org.jsmpp.extra.ProcessRequestException;

/**
 * What an SMPP session does with each {@code deliver_sm} it receives (SMPP 3.4 §4.6.1): a delivery receipt or a
 * mobile-originated message. It runs on one of jSMPP's PDU processor threads, before the {@code deliver_sm_resp} is
 * written.
 */
@FunctionalInterface
public interface DeliverSmHandler {

    /** Acknowledges every deliver_sm and does nothing else. */
    DeliverSmHandler IGNORE = pdu -> { };

    /**
     * Handles one deliver_sm. Returning normally answers {@code deliver_sm_resp} with status 0.
     *
     * @param pdu the PDU
     * @throws ProcessRequestException to answer with its command_status instead (e.g. {@code ESME_RSYSERR} when the
     *     receipt could not be stored), so that the SMSC sends the PDU again later
     */
    void onDeliverSm(DeliverSm pdu) throws ProcessRequestException;
}
