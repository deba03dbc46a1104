package io.herald.smsc;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCoding;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;

/** A test ESME: jSMPP's real client session, bound to the simulator, that keeps the deliver_sm it receives. */
final class Esme implements AutoCloseable {

    static final String SENDER = "Herald";

    final SMPPSession session = new SMPPSession();
    final BlockingQueue<DeliverSm> delivered = new LinkedBlockingQueue<>();

    private Esme() {
        session.setTransactionTimer(5_000);
        session.setMessageReceiverListener(new MessageReceiverListener() {
            @Override
            public void onAcceptDeliverSm(DeliverSm deliverSm) {
                delivered.add(deliverSm);
            }

            @Override
            public void onAcceptAlertNotification(AlertNotification alertNotification) {
            }

            @Override
            public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) {
                return null;
            }
        });
    }

    /** Binds a transceiver with the given credentials; throws as jSMPP does when the bind is refused. */
    static Esme bind(SmscSimulator smsc, String systemId, String password) throws Exception {
        return bind(smsc, BindType.BIND_TRX, systemId, password);
    }

    static Esme bind(SmscSimulator smsc, BindType bindType, String systemId, String password) throws Exception {
        Esme esme = new Esme();
        try {
            esme.session.connectAndBind("127.0.0.1", smsc.smppPort(), new BindParameter(bindType, systemId,
                    password, "", TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null), 5_000);
        } catch (Exception e) {
            esme.close();
            throw e;
        }
        return esme;
    }

    static Esme bind(SmscSimulator smsc) throws Exception {
        return bind(smsc, "herald", "herald");
    }

    /**
     * Sends one submit_sm from {@link #SENDER} (alphanumeric) to an international number.
     *
     * @return the message_id of the submit_sm_resp
     */
    String submit(String recipient, int esmClass, int dataCoding, byte[] shortMessage, boolean receipt,
                  OptionalParameter... tlvs) throws Exception {
        DataCoding coding = () -> (byte) dataCoding;
        return session.submitShortMessage("", TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN, SENDER,
                TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, recipient, new ESMClass(esmClass), (byte) 0,
                (byte) 1, null, null, new RegisteredDelivery(receipt ? 1 : 0), (byte) 0, coding, (byte) 0,
                shortMessage, tlvs).getMessageId();
    }

    /** The Herald message id TLV (0x1F01) as the dispatcher sends it: the UUID as ASCII octets. */
    static OptionalParameter heraldId(String id) {
        return new OptionalParameter.OctetString((short) 0x1F01, id.getBytes(StandardCharsets.US_ASCII));
    }

    /** @return the command_status of the NegativeResponseException somewhere in the cause chain, or -1 */
    static int commandStatus(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof NegativeResponseException) {
                return ((NegativeResponseException) c).getCommandStatus();
            }
        }
        return -1;
    }

    @Override
    public void close() {
        if (session.getSessionState().isBound()) {
            session.unbindAndClose();
        } else {
            session.close();
        }
    }
}
