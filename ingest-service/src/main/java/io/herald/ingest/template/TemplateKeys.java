package io.herald.ingest.template;

import io.herald.ingest.api.StoredTemplate;
import io.herald.ingest.api.TemplateVersion;
import io.herald.ingest.auth.AuthFactory;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * How a client's named template is keyed in the {@link TemplateStore} and in {@code notify.templates}:
 * {@code <clientId>/<templateId>}, so that each client has its own templates and one client's id names nothing of
 * another's. Neither part may hold a {@code /} (client ids match {@link AuthFactory#CLIENT_ID}, template ids
 * {@link TemplateId}), so a key has exactly one.
 *
 * <p>Keys without a {@code /} are templates written before templates belonged to clients (legacy): every client may
 * still use and read them, none may replace or delete them (an operator removes one with a tombstone for its key);
 * a client's own template of the same id comes first.
 */
public final class TemplateKeys {

    private TemplateKeys() {
    }

    /**
     * @param clientId the client's id
     * @param templateId the template's id, valid per {@link TemplateId}
     * @return the key, {@code clientId/templateId}
     */
    public static String key(String clientId, String templateId) {
        return prefix(clientId) + templateId;
    }

    /**
     * @param clientId the client's id
     * @return the start of every key of its templates, {@code clientId/}
     */
    public static String prefix(String clientId) {
        return clientId + "/";
    }

    /**
     * @param key a store key
     * @return whether it is a well-formed key: {@code clientId/templateId}, or a legacy template id
     */
    public static boolean isValid(String key) {
        int slash = key.indexOf('/');
        if (slash < 0) {
            return TemplateId.problem(key).isEmpty();
        }
        return AuthFactory.CLIENT_ID.matcher(key.substring(0, slash)).matches()
                && TemplateId.problem(key.substring(slash + 1)).isEmpty();
    }

    /**
     * The template a client's batch or GET names: its own, else a legacy one of that id.
     *
     * @param store the store
     * @param clientId the client's id
     * @param templateId the template's id
     * @return the stored template, with {@code templateId} as its id
     */
    public static Optional<StoredTemplate> find(TemplateStore store, String clientId, String templateId) {
        return store.get(key(clientId, templateId)).or(() -> store.get(templateId))
                .map(stored -> new StoredTemplate(templateId, stored.version(), stored.text(), stored.updatedAt()));
    }

    /**
     * The kept versions of the template {@link #find} gives: the client's own, else a legacy one of that id.
     *
     * @param store the store
     * @param clientId the client's id
     * @param templateId the template's id
     * @return its versions, newest first; empty if there is no such template
     */
    public static List<TemplateVersion> history(TemplateStore store, String clientId, String templateId) {
        List<TemplateVersion> own = store.history(key(clientId, templateId));
        return own.isEmpty() ? store.history(templateId) : own;
    }

    /**
     * @param templates stored templates, each with its store key as id (as every store keeps them)
     * @param keyPrefix the start of the keys to keep, e.g. {@link #prefix}
     * @return those whose key starts with it, by key
     */
    static List<StoredTemplate> withPrefix(Collection<StoredTemplate> templates, String keyPrefix) {
        return templates.stream().filter(t -> t.id().startsWith(keyPrefix))
                .sorted(Comparator.comparing(StoredTemplate::id)).toList();
    }
}
