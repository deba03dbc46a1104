package io.herald.ingest.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the message store ({@link StatusTopology#MESSAGES_STORE}) holds for one message: its latest state and its
 * status events, oldest first, at most {@value #MAX_HISTORY} (the oldest dropped first). Stored as JSON.
 *
 * @param messageId the message's id (UUID)
 * @param batchId its batch's id (UUID)
 * @param state the latest state: SENT, FAILED, DELIVERED, UNDELIVERED, EXPIRED, REJECTED or SUPPRESSED; a final
 *     state is never replaced by SENT (a SENT written again after a crash comes late), except FAILED by an event of a
 *     later attempt (a message replayed from the DLQ, {@code herald dlq replay})
 * @param updatedAt when the latest state's event happened
 * @param history the events, oldest first
 * @param clientId the API client that submitted the message (from the first status event that names it); only this
 *     client can read the status. Null while no event named it: then no client can read it.
 */
public record MessageStatusView(String messageId, String batchId, String state, Instant updatedAt,
                                List<Event> history, String clientId) {

    /** The most events kept per message. */
    public static final int MAX_HISTORY = 20;

    /**
     * One status event.
     *
     * @param state the event's state
     * @param at when it happened
     * @param gateway the gateway it names, or null
     * @param errorCode its error code, or null
     * @param attempt the delivery attempt it belongs to, from 1; null in events stored before it was kept
     */
    public record Event(String state, Instant at, String gateway, String errorCode, Integer attempt) {
    }

    /**
     * @param event a new event of this message
     * @return whether it is of a later attempt than the last event in this view's state, so that it may replace a
     *     FAILED (a replay from the DLQ keeps counting attempts); false when either attempt is unknown
     */
    boolean isLaterAttempt(Event event) {
        if (event.attempt() == null) {
            return false;
        }
        for (int i = history.size() - 1; i >= 0; i--) {
            Event earlier = history.get(i);
            if (earlier.state().equals(state)) {
                return earlier.attempt() != null && event.attempt() > earlier.attempt();
            }
        }
        return false;
    }

    /** Copies the history. */
    public MessageStatusView {
        history = List.copyOf(history);
    }

    /**
     * @param event a new event of this message
     * @param newState the latest state after it
     * @param eventClientId the client id the event names, or null; it fills in a client id still unknown
     * @return a view with the event appended (the oldest dropped beyond {@value #MAX_HISTORY}) and the state set
     */
    MessageStatusView with(Event event, String newState, String eventClientId) {
        List<Event> events = new ArrayList<>(history);
        events.add(event);
        if (events.size() > MAX_HISTORY) {
            events = events.subList(events.size() - MAX_HISTORY, events.size());
        }
        return new MessageStatusView(messageId, batchId, newState, newState.equals(state) ? updatedAt : event.at(),
                events, clientId != null ? clientId : eventClientId);
    }
}
