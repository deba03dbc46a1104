package io.herald.smsc.smpp;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jsmpp.session.SMPPServerSession;

/** The SMPP sessions open now, with what they bound as. Thread-safe. */
final class SessionRegistry {

    private final Map<SMPPServerSession, Peer> sessions = new ConcurrentHashMap<>();

    /** Registers a session that has connected and not bound yet. */
    void add(SMPPServerSession session, String remote) {
        sessions.put(session, new Peer(remote, null));
    }

    /** Notes the system_id a session bound with. */
    void bound(SMPPServerSession session, String systemId) {
        sessions.computeIfPresent(session, (s, peer) -> new Peer(peer.remote(), systemId));
    }

    /** @return who the session is, or an unknown peer once it is gone */
    Peer peerOf(SMPPServerSession session) {
        return sessions.getOrDefault(session, new Peer("?", null));
    }

    void remove(SMPPServerSession session) {
        sessions.remove(session);
    }

    /** @return the number of sessions bound now (BOUND_TX, BOUND_RX or BOUND_TRX) */
    int boundCount() {
        return (int) sessions.keySet().stream().filter(s -> s.getSessionState().isBound()).count();
    }

    /**
     * Picks the session a delivery receipt goes out on: the one that submitted the message when it can still receive
     * (BOUND_RX or BOUND_TRX), else any other session that can.
     *
     * @param preferred the session that submitted
     * @return the session, or empty when none can receive
     */
    Optional<SMPPServerSession> receiverFor(SMPPServerSession preferred) {
        if (preferred.getSessionState().isReceivable()) {
            return Optional.of(preferred);
        }
        return sessions.keySet().stream().filter(s -> s.getSessionState().isReceivable()).findFirst();
    }

    /** @return a snapshot of the open sessions */
    List<SMPPServerSession> all() {
        return List.copyOf(sessions.keySet());
    }

    /**
     * @param remote   the ESME's address and port
     * @param systemId the system_id it bound with, or null before the bind
     */
    record Peer(String remote, String systemId) {
    }
}
