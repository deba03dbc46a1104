package io.herald.schema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.StampedLock;

/**
 * The live keys of {@value Topics#SUPPRESSIONS} ({@link SuppressionKeys}), held compactly: which recipients are
 * suppressed, and by which owners. Nothing of an entry but its key is kept (no reason, no time).
 *
 * <p>An E.164 recipient ({@code +} and 1–15 digits, the first not 0; ITU-T E.164 §6) is held as one {@code long} in an
 * open-addressing table: its digits (below 2<sup>50</sup>) and, in the top 14 bits, its owner's index (0 for a shared
 * entry). All of a recipient's entries hash alike, so one probe run finds them. At most 75 % of the table is used, so
 * 5,000,000 phone entries take a table of 2<sup>23</sup> slots, 64 MiB, and 96 MiB for the moment it grows. Any other
 * recipient (e-mail addresses) is held in a hash map, about 150 bytes per entry, as the owners' caps bound them.
 *
 * <p>At most {@value #MAX_OWNERS} distinct owners are told apart; entries of any further owner are held as shared
 * (they suppress for every client; their counts go to the shared owner) rather than dropped.
 *
 * <p>Thread-safe: one writer (the list's reader thread) and any number of readers. Reads of phone entries are
 * lock-free while no write overlaps them ({@link StampedLock} optimistic reads).
 */
public final class SuppressionSet {

    /** The most owners told apart, the shared one (index 0) included. */
    public static final int MAX_OWNERS = 1 << 14;

    private static final int OWNER_SHIFT = 50;
    private static final long PHONE_MASK = (1L << OWNER_SHIFT) - 1;
    private static final int INITIAL_CAPACITY = 1 << 10;

    private final StampedLock lock = new StampedLock();
    private final Map<String, Integer> ownerIndex = new HashMap<>();
    private final List<String> owners = new ArrayList<>(List.of(""));
    private int[] counts = new int[16];
    /** Phone entries; 0 is an empty slot (no phone number is 0). */
    private long[] table = new long[INITIAL_CAPACITY];
    private int phoneEntries;
    /** Other recipients, each with its owners' indexes, ascending. */
    private final Map<String, int[]> others = new HashMap<>();
    private int otherEntries;

    /**
     * Adds an entry.
     *
     * @param clientId the owner, or null for a shared entry
     * @param recipient the recipient; not null
     * @return true if it was not there yet
     */
    public boolean add(String clientId, String recipient) {
        long stamp = lock.writeLock();
        try {
            int owner = ownerFor(clientId, true);
            long phone = phone(recipient);
            boolean added = phone > 0 ? addPhone(phone | ((long) owner << OWNER_SHIFT)) : addOther(recipient, owner);
            if (added) {
                counts[owner]++;
            }
            return added;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /**
     * Removes an entry.
     *
     * @param clientId the owner, or null for a shared entry
     * @param recipient the recipient; not null
     * @return true if it was there
     */
    public boolean remove(String clientId, String recipient) {
        long stamp = lock.writeLock();
        try {
            int owner = ownerFor(clientId, false);
            if (owner < 0) {
                return false;
            }
            long phone = phone(recipient);
            boolean removed = phone > 0 ? removePhone(phone | ((long) owner << OWNER_SHIFT))
                    : removeOther(recipient, owner);
            if (removed) {
                counts[owner]--;
            }
            return removed;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /**
     * @param recipient a recipient, or null
     * @return whether any owner's entry (or a shared one) suppresses it
     */
    public boolean containsAny(String recipient) {
        return recipient != null && contains(recipient, -1);
    }

    /**
     * @param clientId the owner, or null for a shared entry
     * @param recipient a recipient, or null
     * @return whether that owner has an entry for it
     */
    public boolean contains(String clientId, String recipient) {
        if (recipient == null) {
            return false;
        }
        int owner;
        long stamp = lock.readLock();
        try {
            owner = ownerFor(clientId, false);
        } finally {
            lock.unlockRead(stamp);
        }
        return owner >= 0 && contains(recipient, owner);
    }

    /** @return the number of entries, of every owner */
    public int size() {
        long stamp = lock.readLock();
        try {
            return phoneEntries + otherEntries;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /**
     * @param clientId an owner, or null for the shared entries
     * @return how many entries it has
     */
    public int count(String clientId) {
        long stamp = lock.readLock();
        try {
            int owner = ownerFor(clientId, false);
            return owner < 0 ? 0 : counts[owner];
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** @param owner an owner index, or -1 for any */
    private boolean contains(String recipient, int owner) {
        long phone = phone(recipient);
        if (phone <= 0) {
            long stamp = lock.readLock();
            try {
                int[] owned = others.get(recipient);
                return owned != null && (owner < 0 || Arrays.binarySearch(owned, owner) >= 0);
            } finally {
                lock.unlockRead(stamp);
            }
        }
        long stamp = lock.tryOptimisticRead();
        boolean found = stamp != 0 && probe(table, phone, owner);
        if (stamp != 0 && lock.validate(stamp)) {
            return found;
        }
        stamp = lock.readLock();
        try {
            return probe(table, phone, owner);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Probes for a phone entry; bounded by the table's length, so a read racing a write ends. */
    private static boolean probe(long[] slots, long phone, int owner) {
        int mask = slots.length - 1;
        long wanted = owner < 0 ? 0 : phone | ((long) owner << OWNER_SHIFT);
        int i = slot(phone, mask);
        for (int n = 0; n < slots.length; n++, i = (i + 1) & mask) {
            long value = slots[i];
            if (value == 0) {
                return false;
            }
            if (owner < 0 ? (value & PHONE_MASK) == phone : value == wanted) {
                return true;
            }
        }
        return false;
    }

    private boolean addPhone(long entry) {
        int mask = table.length - 1;
        int i = slot(entry & PHONE_MASK, mask);
        while (table[i] != 0) {
            if (table[i] == entry) {
                return false;
            }
            i = (i + 1) & mask;
        }
        table[i] = entry;
        phoneEntries++;
        if (phoneEntries > table.length / 4 * 3) {
            grow();
        }
        return true;
    }

    private boolean removePhone(long entry) {
        int mask = table.length - 1;
        int i = slot(entry & PHONE_MASK, mask);
        while (table[i] != entry) {
            if (table[i] == 0) {
                return false;
            }
            i = (i + 1) & mask;
        }
        // Backward-shift deletion: move later entries of the run up, so no probe run has a hole.
        int hole = i;
        for (int j = (hole + 1) & mask; table[j] != 0; j = (j + 1) & mask) {
            int home = slot(table[j] & PHONE_MASK, mask);
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                table[hole] = table[j];
                hole = j;
            }
        }
        table[hole] = 0;
        phoneEntries--;
        return true;
    }

    private void grow() {
        long[] old = table;
        long[] grown = new long[old.length * 2];
        int mask = grown.length - 1;
        for (long entry : old) {
            if (entry != 0) {
                int i = slot(entry & PHONE_MASK, mask);
                while (grown[i] != 0) {
                    i = (i + 1) & mask;
                }
                grown[i] = entry;
            }
        }
        table = grown;
    }

    private boolean addOther(String recipient, int owner) {
        int[] owned = others.get(recipient);
        if (owned == null) {
            others.put(recipient, new int[] {owner});
        } else {
            int at = Arrays.binarySearch(owned, owner);
            if (at >= 0) {
                return false;
            }
            int insert = -at - 1;
            int[] more = new int[owned.length + 1];
            System.arraycopy(owned, 0, more, 0, insert);
            more[insert] = owner;
            System.arraycopy(owned, insert, more, insert + 1, owned.length - insert);
            others.put(recipient, more);
        }
        otherEntries++;
        return true;
    }

    private boolean removeOther(String recipient, int owner) {
        int[] owned = others.get(recipient);
        int at = owned == null ? -1 : Arrays.binarySearch(owned, owner);
        if (at < 0) {
            return false;
        }
        if (owned.length == 1) {
            others.remove(recipient);
        } else {
            int[] fewer = new int[owned.length - 1];
            System.arraycopy(owned, 0, fewer, 0, at);
            System.arraycopy(owned, at + 1, fewer, at, owned.length - at - 1);
            others.put(recipient, fewer);
        }
        otherEntries--;
        return true;
    }

    /** @return the owner's index; with {@code create}, a new one (or 0 past {@link #MAX_OWNERS}); else -1 if none */
    private int ownerFor(String clientId, boolean create) {
        if (clientId == null) {
            return 0;
        }
        Integer index = ownerIndex.get(clientId);
        if (index != null) {
            return index;
        }
        if (!create) {
            return -1;
        }
        if (owners.size() >= MAX_OWNERS) {
            return 0;
        }
        int created = owners.size();
        owners.add(clientId);
        ownerIndex.put(clientId, created);
        if (created >= counts.length) {
            counts = Arrays.copyOf(counts, counts.length * 2);
        }
        return created;
    }

    /**
     * @param recipient a recipient
     * @return its E.164 digits as a number, or 0 if it is not {@code +} and 1–15 digits with the first not 0
     */
    static long phone(String recipient) {
        int length = recipient.length();
        if (length < 2 || length > 16 || recipient.charAt(0) != '+' || recipient.charAt(1) == '0') {
            return 0;
        }
        long digits = 0;
        for (int i = 1; i < length; i++) {
            char c = recipient.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            digits = digits * 10 + (c - '0');
        }
        return digits;
    }

    private static int slot(long phone, int mask) {
        long mixed = phone * 0x9E3779B97F4A7C15L;
        return (int) (mixed ^ (mixed >>> 32)) & mask;
    }
}
