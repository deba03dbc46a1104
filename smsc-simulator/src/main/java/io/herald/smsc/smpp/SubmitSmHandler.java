package io.herald.smsc.smpp;

import io.herald.smsc.codec.InvalidShortMessageException;
import io.herald.smsc.codec.ShortMessageDecoder;
import io.herald.smsc.store.MessagePart;
import io.herald.smsc.store.MessageStore;
import io.herald.smsc.store.SegmentAssembler;
import io.herald.smsc.store.SmscCounters;
import java.time.Clock;
import java.time.Instant;
import org.jsmpp.PDUStringException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.OptionalParameters;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.util.MessageId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers submit_sm (SMPP 3.4 §4.4): first the max-tps cap (ESME_RTHROTTLED), then the error rate (ESME_RSYSERR), then
 * the content (ESME_RINVMSGLEN for a bad UDH, ESME_RINVOPTPARVAL for bad SAR TLVs); an accepted part gets a fresh
 * message_id, goes to the {@link SegmentAssembler} and, when it completes a message, to the {@link MessageStore}.
 * Rejected PDUs are counted but not recorded. The other operations (submit_multi, data_sm, query_sm, replace_sm,
 * cancel_sm, broadcast) are answered ESME_RINVCMDID: Herald does not use them.
 */
final class SubmitSmHandler implements ServerMessageReceiverListener {

    private static final Logger LOG = LoggerFactory.getLogger(SubmitSmHandler.class);
    private static final int REGISTERED_DELIVERY_RECEIPT_MASK = 0x03;

    private final TokenBucket throttle;
    private final ErrorInjector errors;
    private final MessageIdGenerator messageIds;
    private final SegmentAssembler assembler;
    private final MessageStore store;
    private final SmscCounters counters;
    private final DeliveryReceipts receipts;
    private final Clock clock;

    SubmitSmHandler(TokenBucket throttle, ErrorInjector errors, MessageIdGenerator messageIds,
                    SegmentAssembler assembler, MessageStore store, SmscCounters counters, DeliveryReceipts receipts,
                    Clock clock) {
        this.throttle = throttle;
        this.errors = errors;
        this.messageIds = messageIds;
        this.assembler = assembler;
        this.store = store;
        this.counters = counters;
        this.receipts = receipts;
        this.clock = clock;
    }

    @Override
    public SubmitSmResult onAcceptSubmitSm(SubmitSm submitSm, SMPPServerSession session)
            throws ProcessRequestException {
        counters.submitSmReceived();
        if (!throttle.tryAcquire()) {
            counters.throttled();
            throw new ProcessRequestException("max-tps exceeded", SMPPConstant.STAT_ESME_RTHROTTLED);
        }
        if (errors.shouldThrottle()) {
            counters.throttled();
            throw new ProcessRequestException("injected throttling", SMPPConstant.STAT_ESME_RTHROTTLED);
        }
        if (errors.shouldFail()) {
            counters.errorInjected();
            throw new ProcessRequestException("injected error", SMPPConstant.STAT_ESME_RSYSERR);
        }
        Instant now = clock.instant();
        String messageId = messageIds.next();
        MessagePart part;
        try {
            part = SubmitSmParser.parse(submitSm, messageId, now);
        } catch (InvalidShortMessageException e) {
            counters.invalid();
            LOG.debug("submit_sm seq {} on session {} refused: {}", submitSm.getSequenceNumber(),
                    session.getSessionId(), e.getMessage());
            throw new ProcessRequestException(e.getMessage(), e.commandStatus());
        }
        counters.segmentAccepted();
        assembler.add(part).ifPresent(message -> {
            boolean distinct = store.record(message);
            if (!distinct && LOG.isDebugEnabled()) {
                LOG.debug("Duplicate message: herald id {}, smsc ids {}", message.heraldMessageId(),
                        message.smscMessageIds());
            }
        });
        if ((submitSm.getRegisteredDelivery() & REGISTERED_DELIVERY_RECEIPT_MASK) != 0) {
            receipts.expect(new ReceiptRequest(session, messageId, part.recipient(), submitSm.getDestAddrTon(),
                    submitSm.getDestAddrNpi(), part.sender(), submitSm.getSourceAddrTon(),
                    submitSm.getSourceAddrNpi(), now, ShortMessageDecoder.decode(part.dataCoding(), part.userData())));
        }
        try {
            return new SubmitSmResult(new MessageId(messageId), OptionalParameters.EMPTY_OPTIONAL_PARAMETERS);
        } catch (PDUStringException e) {
            throw new ProcessRequestException("invalid message id " + messageId, SMPPConstant.STAT_ESME_RSYSERR, e);
        }
    }

    @Override
    public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession session)
            throws ProcessRequestException {
        throw unsupported("submit_multi");
    }

    @Override
    public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession session) throws ProcessRequestException {
        throw unsupported("query_sm");
    }

    @Override
    public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession session) throws ProcessRequestException {
        throw unsupported("replace_sm");
    }

    @Override
    public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession session) throws ProcessRequestException {
        throw unsupported("cancel_sm");
    }

    @Override
    public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession session)
            throws ProcessRequestException {
        throw unsupported("broadcast_sm");
    }

    @Override
    public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancelBroadcastSm, SMPPServerSession session)
            throws ProcessRequestException {
        throw unsupported("cancel_broadcast_sm");
    }

    @Override
    public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm queryBroadcastSm,
                                                           SMPPServerSession session) throws ProcessRequestException {
        throw unsupported("query_broadcast_sm");
    }

    @Override
    public DataSmResult onAcceptDataSm(DataSm dataSm, Session session) throws ProcessRequestException {
        throw unsupported("data_sm");
    }

    private static ProcessRequestException unsupported(String operation) {
        return new ProcessRequestException(operation + " is not supported", SMPPConstant.STAT_ESME_RINVCMDID);
    }
}
