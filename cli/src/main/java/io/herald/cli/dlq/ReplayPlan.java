package io.herald.cli.dlq;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which selected DLQ records {@code herald dlq replay} writes back: of each message only its newest DLQ record (a
 * message dead-lettered twice is replayed once), none of a message the sent ledger shows as accepted since, and
 * every record whose value cannot be read (no message id to tell them apart), each on its own.
 */
final class ReplayPlan {

    private final Map<String, DeadLetter> newestByMessage = new LinkedHashMap<>();
    private final List<DeadLetter> unreadable = new ArrayList<>();
    private int selected;

    /** @param letter a selected DLQ record */
    void add(DeadLetter letter) {
        selected++;
        if (letter.request() == null) {
            unreadable.add(letter);
        } else {
            newestByMessage.merge(letter.request().getMessageId(), letter,
                    (a, b) -> b.deadLetteredAt().isBefore(a.deadLetteredAt()) ? a : b);
        }
    }

    /** @return how many records were selected */
    int selected() {
        return selected;
    }

    /** @return when the earliest of the readable records was dead-lettered: the sent ledger is read from there */
    Optional<Instant> earliest() {
        return newestByMessage.values().stream().map(DeadLetter::deadLetteredAt).min(Instant::compareTo);
    }

    /**
     * @param sent the message ids the sent ledger shows as accepted since {@link #earliest()}
     * @return how many messages are skipped for it
     */
    int alreadySent(Set<String> sent) {
        return (int) newestByMessage.keySet().stream().filter(sent::contains).count();
    }

    /**
     * @param sent the message ids the sent ledger shows as accepted since {@link #earliest()}
     * @return the records to write: the newest of each message not in {@code sent}, then the unreadable ones
     */
    List<DeadLetter> toReplay(Set<String> sent) {
        List<DeadLetter> letters = new ArrayList<>();
        newestByMessage.forEach((messageId, letter) -> {
            if (!sent.contains(messageId)) {
                letters.add(letter);
            }
        });
        letters.addAll(unreadable);
        return letters;
    }
}
