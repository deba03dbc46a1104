package io.herald.smsc.store;

import io.herald.smsc.ReceivedMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The simulator's memory: the complete messages in arrival order and their counts. Keeps at most {@code maxRecorded}
 * messages (the oldest go first) and remembers as many distinct message identities for duplicate detection; the
 * identity is the Herald message id, or (recipient, text) for a message without one. Thread-safe.
 */
public final class MessageStore {

    private final int maxRecorded;
    private final ArrayDeque<ReceivedMessage> records = new ArrayDeque<>();
    private final LinkedHashSet<String> identities = new LinkedHashSet<>();
    private long messages;
    private long distinctMessages;

    /** @param maxRecorded most messages and identities kept, at least 1 */
    public MessageStore(int maxRecorded) {
        if (maxRecorded < 1) {
            throw new IllegalArgumentException("maxRecorded must be >= 1");
        }
        this.maxRecorded = maxRecorded;
    }

    /**
     * Records a complete message.
     *
     * @param message the message
     * @return true when its identity was new, false when it is a duplicate
     */
    public synchronized boolean record(ReceivedMessage message) {
        Objects.requireNonNull(message, "message");
        messages++;
        records.addLast(message);
        if (records.size() > maxRecorded) {
            records.removeFirst();
        }
        boolean distinct = identities.add(identity(message));
        if (distinct) {
            distinctMessages++;
            if (identities.size() > maxRecorded) {
                Iterator<String> oldest = identities.iterator();
                oldest.next();
                oldest.remove();
            }
        }
        return distinct;
    }

    /** @return complete messages recorded, duplicates included */
    public synchronized long messages() {
        return messages;
    }

    /** @return complete messages whose identity was new */
    public synchronized long distinctMessages() {
        return distinctMessages;
    }

    /**
     * @param filter which messages to return
     * @return the kept messages that match, in arrival order
     */
    public synchronized List<ReceivedMessage> find(Predicate<ReceivedMessage> filter) {
        List<ReceivedMessage> result = new ArrayList<>();
        for (ReceivedMessage message : records) {
            if (filter.test(message)) {
                result.add(message);
            }
        }
        return result;
    }

    /** Forgets every message, identity and count. */
    public synchronized void clear() {
        records.clear();
        identities.clear();
        messages = 0;
        distinctMessages = 0;
    }

    private static String identity(ReceivedMessage message) {
        if (message.heraldMessageId() != null) {
            return "id:" + message.heraldMessageId();
        }
        return "to:" + message.recipient() + '\u0000' + message.text();
    }
}
