package io.herald.dispatcher.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One table of the dispatcher's keys in {@code docs/configuration.md}: which keys, in which order, and what the
 * {@link org.apache.kafka.common.config.ConfigDef} cannot say about them (the type with its unit or shape, and what a
 * default stands for). The rest of a row (default, environment variable, description) comes from the key's
 * definition; {@link ConfigurationDocGenerator} renders it.
 */
public final class KeyTable {

    /**
     * How one key is shown.
     *
     * @param key the key, e.g. {@code smpp.window.size}
     * @param typeAndUnit the type as the table gives it, Markdown, e.g. {@code int, PDUs} or
     *     {@code list of durations (a whole number and `ms`, `s`, `m`, `h` or `d`)}; starts with the ConfigDef type
     * @param defaultNote Markdown appended to the default, e.g. {@code : hostname-pid} after {@code (empty)} or
     *     {@code  (72 hours)} after {@code `259200000`}; empty for none
     */
    public record Row(String key, String typeAndUnit, String defaultNote) {
        public Row {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(typeAndUnit, "typeAndUnit");
            Objects.requireNonNull(defaultNote, "defaultNote");
        }
    }

    private final String id;
    private final List<Row> rows = new ArrayList<>();

    /**
     * @param id the table's name in its marker comments in {@code docs/configuration.md}, e.g. {@code smpp}
     */
    public KeyTable(String id) {
        this.id = Objects.requireNonNull(id, "id");
    }

    /**
     * Adds a row whose default needs no note.
     *
     * @param key the key
     * @param typeAndUnit as {@link Row#typeAndUnit()}
     * @return this table
     */
    public KeyTable key(String key, String typeAndUnit) {
        return key(key, typeAndUnit, "");
    }

    /**
     * Adds a row.
     *
     * @param key the key
     * @param typeAndUnit as {@link Row#typeAndUnit()}
     * @param defaultNote as {@link Row#defaultNote()}
     * @return this table
     */
    public KeyTable key(String key, String typeAndUnit, String defaultNote) {
        rows.add(new Row(key, typeAndUnit, defaultNote));
        return this;
    }

    /** @return the table's name in its marker comments */
    public String id() {
        return id;
    }

    /** @return the rows, in order */
    public List<Row> rows() {
        return List.copyOf(rows);
    }
}
