package io.herald.ingest.core;

import io.herald.schema.SuppressionEntry;
import java.util.ArrayList;
import java.util.List;

/** A fake of our {@link SuppressionWriter} port: records adds and removals, or fails when told to. */
public final class RecordingSuppressionWriter implements SuppressionWriter {

    private final List<SuppressionEntry> added = new ArrayList<>();
    private final List<String> removed = new ArrayList<>();
    private volatile RuntimeException failure;

    @Override
    public synchronized void add(SuppressionEntry entry) {
        if (failure != null) {
            throw failure;
        }
        added.add(entry);
    }

    @Override
    public synchronized void remove(String recipient) {
        if (failure != null) {
            throw failure;
        }
        removed.add(recipient);
    }

    /** @param failure thrown by every later call, or null to succeed again */
    public void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    /** @return the entries added so far, in order */
    public synchronized List<SuppressionEntry> added() {
        return List.copyOf(added);
    }

    /** @return the recipients removed so far, in order */
    public synchronized List<String> removed() {
        return List.copyOf(removed);
    }

    /** Forgets everything and stops failing. */
    public synchronized void reset() {
        added.clear();
        removed.clear();
        failure = null;
    }
}
