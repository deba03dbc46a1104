package io.herald.smsc.store;

import io.herald.smsc.ReceivedMessage;
import io.herald.smsc.codec.ShortMessageDecoder;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reassembles concatenated messages: parts are grouped by (source_addr, destination_addr, reference) and a message is
 * complete when every part number 1–total has arrived. The user data of all parts is joined before decoding, so a
 * UCS-2 surrogate pair or a GSM escape split over two parts still decodes. A part that arrives twice replaces the
 * first. At most {@code maxPending} messages wait for parts; past that the oldest is dropped. Each complete message
 * is checked by {@link SegmentCheck} (consistent data_coding, part capacity, no split escape or surrogate pair) and
 * carries what it found, and whether its parts were tied by UDH or SAR TLVs.
 */
public final class SegmentAssembler {

    private final Map<Key, Pending> pending = new ConcurrentHashMap<>();
    private final int maxPending;

    /** @param maxPending most incomplete messages kept, at least 1 */
    public SegmentAssembler(int maxPending) {
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be >= 1");
        }
        this.maxPending = maxPending;
    }

    /**
     * @param part an accepted part
     * @return the complete message when this part was the last one missing (at once for a single message), else empty
     */
    public Optional<ReceivedMessage> add(MessagePart part) {
        if (!part.isConcatenated()) {
            return Optional.of(assemble(List.of(part)));
        }
        Key key = new Key(part.sender(), part.recipient(), part.concatenation().reference());
        List<MessagePart> complete = new ArrayList<>(1);
        pending.compute(key, (k, current) -> {
            Pending p = current;
            if (p == null || p.parts.length != part.concatenation().totalSegments()) {
                p = new Pending(part.concatenation().totalSegments(), System.nanoTime());
            }
            if (p.put(part)) {
                complete.addAll(p.inOrder());
                return null;
            }
            return p;
        });
        if (!complete.isEmpty()) {
            return Optional.of(assemble(complete));
        }
        evictOverflow();
        return Optional.empty();
    }

    /** @return how many concatenated messages wait for parts */
    public int pendingCount() {
        return pending.size();
    }

    /** Drops every incomplete message. */
    public void clear() {
        pending.clear();
    }

    private void evictOverflow() {
        while (pending.size() > maxPending) {
            pending.entrySet().stream()
                    .min(Comparator.comparingLong(e -> e.getValue().startedNanos))
                    .ifPresent(oldest -> pending.remove(oldest.getKey(), oldest.getValue()));
        }
    }

    private static ReceivedMessage assemble(List<MessagePart> parts) {
        MessagePart first = parts.get(0);
        MessagePart last = parts.get(parts.size() - 1);
        ByteArrayOutputStream userData = new ByteArrayOutputStream();
        List<String> smscIds = new ArrayList<>(parts.size());
        String heraldId = null;
        for (MessagePart part : parts) {
            userData.writeBytes(part.userData());
            smscIds.add(part.smscMessageId());
            if (heraldId == null) {
                heraldId = part.heraldMessageId();
            }
        }
        String text = ShortMessageDecoder.decode(first.dataCoding(), userData.toByteArray());
        var receivedAt = parts.stream().map(MessagePart::receivedAt).max(Comparator.naturalOrder())
                .orElse(last.receivedAt());
        String concatenation = first.concatenation() == null || parts.size() == 1 ? ReceivedMessage.NOT_CONCATENATED
                : first.concatenation().via().name().toLowerCase(Locale.ROOT);
        return new ReceivedMessage(heraldId, smscIds, first.recipient(), first.sender(), first.sourceTon(),
                first.sourceNpi(), text, parts.size(), first.dataCoding(), receivedAt, concatenation,
                SegmentCheck.anomalies(parts));
    }

    private record Key(String sender, String recipient, int reference) {
    }

    private static final class Pending {
        private final MessagePart[] parts;
        private final long startedNanos;
        private int received;

        Pending(int total, long startedNanos) {
            this.parts = new MessagePart[total];
            this.startedNanos = startedNanos;
        }

        /** @return whether every part is now in */
        boolean put(MessagePart part) {
            int index = part.concatenation().segmentNumber() - 1;
            if (parts[index] == null) {
                received++;
            }
            parts[index] = part;
            return received == parts.length;
        }

        List<MessagePart> inOrder() {
            return List.of(parts);
        }
    }
}
