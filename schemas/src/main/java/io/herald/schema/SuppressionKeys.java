package io.herald.schema;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The keys of {@value Topics#SUPPRESSIONS}: who owns an entry, and for which recipient.
 *
 * <ul>
 *   <li>{@code <recipient>}: a shared entry ({@code +4791234567}, {@code ola@example.com}): an MO STOP, an operator's
 *       entry, or an API entry written before entries had owners. Only an operator removes it.</li>
 *   <li>{@code <clientId> <recipient>} (one space): the entry of the API client {@code clientId}
 *       ({@code shop +4791234567}). Only that client (or an operator) removes it.</li>
 * </ul>
 *
 * <p>A recipient never holds whitespace (E.164, or an e-mail address as the ingest service normalizes it), and a
 * client id matches {@value #CLIENT_ID_REGEX}, so a key splits at its first space without doubt. The same recipient
 * may have one shared entry and one entry per client at once; each is its own record, so one owner's tombstone never
 * removes another's entry.
 */
public final class SuppressionKeys {

    /** What a client id may be: the ingest service's {@code auth.clients} keys follow the same rule. */
    public static final String CLIENT_ID_REGEX = "[A-Za-z0-9._-]{1,64}";
    /** Between the owner and the recipient in an owned entry's key. */
    public static final char OWNER_SEPARATOR = ' ';

    private static final Pattern CLIENT_ID = Pattern.compile(CLIENT_ID_REGEX);

    private SuppressionKeys() {
    }

    /**
     * @param clientId the owner, or null for a shared entry
     * @param recipient the recipient, E.164 or an e-mail address; not null
     * @return the record key
     * @throws IllegalArgumentException if the recipient is empty or holds whitespace, or the client id does not
     *     match {@value #CLIENT_ID_REGEX}
     */
    public static String key(String clientId, String recipient) {
        if (recipient == null || recipient.isEmpty() || recipient.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a suppressed recipient must be non-empty and hold no whitespace");
        }
        if (clientId == null) {
            return recipient;
        }
        if (!CLIENT_ID.matcher(clientId).matches()) {
            throw new IllegalArgumentException("client id does not match " + CLIENT_ID_REGEX);
        }
        return clientId + OWNER_SEPARATOR + recipient;
    }

    /**
     * @param key a record key of {@value Topics#SUPPRESSIONS}
     * @return its owner and recipient, or empty if it is not a key {@link #key} could have made
     */
    public static Optional<Key> parse(String key) {
        if (key == null || key.isEmpty()) {
            return Optional.empty();
        }
        int space = key.indexOf(OWNER_SEPARATOR);
        String owner = space < 0 ? null : key.substring(0, space);
        String recipient = space < 0 ? key : key.substring(space + 1);
        try {
            return key(owner, recipient).equals(key) ? Optional.of(new Key(owner, recipient)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * A parsed key.
     *
     * @param clientId the owner, or null for a shared entry
     * @param recipient the recipient
     */
    public record Key(String clientId, String recipient) {
    }
}
