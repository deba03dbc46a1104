package io.herald.smsc.push;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What both push servers received: the accepted pushes in arrival order and the counters of {@link PushStats}. Keeps
 * at most {@code maxRecorded} pushes (the oldest go first) and remembers as many distinct Herald message ids for
 * duplicate detection; a push without {@code herald_message_id} is never a duplicate. Counters are not bounded.
 * Thread-safe.
 */
public final class PushSink {

    private final int maxRecorded;
    private final ArrayDeque<ReceivedPush> records = new ArrayDeque<>();
    private final LinkedHashSet<String> heraldIds = new LinkedHashSet<>();
    private long apnsReceived;
    private long fcmReceived;
    private long distinctMessages;
    private long duplicates;
    private long tokensIssued;
    private long apnsRejected;
    private long fcmRejected;

    /**
     * @param maxRecorded most pushes and Herald message ids kept, at least 1
     * @throws IllegalArgumentException when maxRecorded is below 1
     */
    public PushSink(int maxRecorded) {
        if (maxRecorded < 1) {
            throw new IllegalArgumentException("maxRecorded must be >= 1");
        }
        this.maxRecorded = maxRecorded;
    }

    /**
     * Records an accepted push.
     *
     * @param push the push
     * @return false when its Herald message id was seen before (a duplicate), true otherwise
     */
    public synchronized boolean record(ReceivedPush push) {
        Objects.requireNonNull(push, "push");
        if (ReceivedPush.IOS.equals(push.platform())) {
            apnsReceived++;
        } else {
            fcmReceived++;
        }
        records.addLast(push);
        if (records.size() > maxRecorded) {
            records.removeFirst();
        }
        if (push.heraldMessageId() == null) {
            return true;
        }
        if (!heraldIds.add(push.heraldMessageId())) {
            duplicates++;
            return false;
        }
        distinctMessages++;
        if (heraldIds.size() > maxRecorded) {
            Iterator<String> oldest = heraldIds.iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    /** @param platform {@link ReceivedPush#IOS} or {@link ReceivedPush#ANDROID}: the server that answered an error */
    public synchronized void rejected(String platform) {
        if (ReceivedPush.IOS.equals(platform)) {
            apnsRejected++;
        } else {
            fcmRejected++;
        }
    }

    /** Counts one access token issued by the FCM token endpoint. */
    public synchronized void tokenIssued() {
        tokensIssued++;
    }

    /** @return the counters since start or the last {@link #clear()} */
    public synchronized PushStats stats() {
        return new PushStats(apnsReceived + fcmReceived, distinctMessages, duplicates, apnsReceived, fcmReceived,
                tokensIssued, apnsRejected, fcmRejected);
    }

    /**
     * @param filter which pushes to return
     * @return the kept pushes that match, in arrival order
     */
    public synchronized List<ReceivedPush> find(Predicate<ReceivedPush> filter) {
        List<ReceivedPush> result = new ArrayList<>();
        for (ReceivedPush push : records) {
            if (filter.test(push)) {
                result.add(push);
            }
        }
        return result;
    }

    /** Forgets every push, Herald message id and count. */
    public synchronized void clear() {
        records.clear();
        heraldIds.clear();
        apnsReceived = 0;
        fcmReceived = 0;
        distinctMessages = 0;
        duplicates = 0;
        tokensIssued = 0;
        apnsRejected = 0;
        fcmRejected = 0;
    }
}
