package io.herald.ingest.suppression;

import io.herald.schema.SuppressionEntry;
import io.herald.schema.SuppressionKeys;
import io.herald.schema.SuppressionSet;
import java.util.ArrayList;
import java.util.List;

/**
 * A fake of our {@link SuppressionStore} port: records adds and removals (as record keys) and keeps the live keys in
 * a real {@link SuppressionSet}, or fails when told to.
 */
public final class RecordingSuppressionStore implements SuppressionStore {

    private final List<SuppressionEntry> added = new ArrayList<>();
    private final List<String> removed = new ArrayList<>();
    private SuppressionSet entries = new SuppressionSet();
    private volatile RuntimeException failure;
    private volatile boolean loading;

    @Override
    public synchronized void add(SuppressionEntry entry) {
        if (failure != null) {
            throw failure;
        }
        added.add(entry);
        entries.add(entry.clientId(), entry.recipient());
    }

    @Override
    public synchronized void remove(String clientId, String recipient) {
        if (failure != null) {
            throw failure;
        }
        removed.add(SuppressionKeys.key(clientId, recipient));
        entries.remove(clientId, recipient);
    }

    @Override
    public synchronized int count(String clientId) {
        requireLoaded();
        return entries.count(clientId);
    }

    @Override
    public synchronized boolean contains(String clientId, String recipient) {
        requireLoaded();
        return entries.contains(clientId, recipient);
    }

    private void requireLoaded() {
        if (loading) {
            throw new SuppressionListUnavailableException("still loading");
        }
    }

    /** @param failure thrown by every later write, or null to succeed again */
    public void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    /** @param loading whether reads fail as if the list were not read yet */
    public void loading(boolean loading) {
        this.loading = loading;
    }

    /**
     * Adds an entry as if another writer (another client, an MO STOP, the CLI) had, without recording it.
     *
     * @param clientId the owner, or null for a shared entry
     * @param recipient the recipient
     */
    public synchronized void existing(String clientId, String recipient) {
        entries.add(clientId, recipient);
    }

    /** @return the entries added so far, in order */
    public synchronized List<SuppressionEntry> added() {
        return List.copyOf(added);
    }

    /** @return the record keys removed so far, in order ({@link SuppressionKeys#key}) */
    public synchronized List<String> removed() {
        return List.copyOf(removed);
    }

    /**
     * @param clientId an owner, or null for the shared entries
     * @param recipient a recipient
     * @return whether that entry is live now
     */
    public synchronized boolean has(String clientId, String recipient) {
        return entries.contains(clientId, recipient);
    }

    /** Forgets everything and stops failing. */
    public synchronized void reset() {
        added.clear();
        removed.clear();
        entries = new SuppressionSet();
        failure = null;
        loading = false;
    }
}
