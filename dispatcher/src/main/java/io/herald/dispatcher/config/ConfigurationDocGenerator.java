package io.herald.dispatcher.config;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/**
 * Writes the dispatcher's key tables of {@code docs/configuration.md} from the {@link ConfigDef} fragments that
 * {@link DispatcherConfig} composes, so that the document cannot drift from the code (Kafka renders its own tables
 * with {@code ConfigDef.toHtml} the same way). Each table sits between two marker comments,
 * {@code <!-- BEGIN GENERATED dispatcher keys: <id> -->} and {@code <!-- END GENERATED dispatcher keys: <id> -->};
 * the text around them is written by hand.
 *
 * <p>A row is: the key; the type and unit of its {@link KeyTable.Row}; the default ({@code (required)} when there is
 * none, {@code (empty)} for an empty string, list or password, else the value as a {@code .properties} file writes
 * it), followed by the row's note; the environment variable ({@link DispatcherConfig#envName}); the key's
 * documentation. Every {@code |} in a cell is escaped.
 */
public final class ConfigurationDocGenerator {

    /** How to rewrite the tables of {@code docs/configuration.md}, from the repository's root. */
    public static final String REGENERATE = "./mvnw -B verify -pl dispatcher -am -Dtest=ConfigurationDocTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dherald.docs.update=true";

    private static final String HEADER = "| Key | Type and unit | Default | Environment variable | Description |\n"
            + "|---|---|---|---|---|\n";

    private ConfigurationDocGenerator() {
    }

    /** @return the marker line before table {@code id} */
    static String begin(String id) {
        return "<!-- BEGIN GENERATED dispatcher keys: " + id + " -->";
    }

    /** @return the marker line after table {@code id} */
    static String end(String id) {
        return "<!-- END GENERATED dispatcher keys: " + id + " -->";
    }

    /**
     * Replaces every dispatcher table of the document with the one generated from the key definitions.
     *
     * @param markdown the whole of {@code docs/configuration.md}
     * @return the document with the tables rewritten; equal to {@code markdown} when they were up to date
     * @throws IllegalStateException if a table's markers are missing, a defined key is in no table or in two, a
     *     table names a key that is not defined, or a row's type does not start with the key's ConfigDef type (or a
     *     {@code *.ms} key's does not say {@code ms})
     */
    public static String update(String markdown) {
        ConfigDef def = DispatcherConfig.configDef();
        List<KeyTable> tables = DispatcherConfig.keyTables();
        checkCoverage(def, tables);
        String result = markdown;
        for (KeyTable table : tables) {
            String begin = begin(table.id());
            String end = end(table.id());
            int from = result.indexOf(begin);
            int to = result.indexOf(end);
            if (from < 0 || to < from) {
                throw new IllegalStateException("docs/configuration.md has no '" + begin + "' ... '" + end + "'");
            }
            result = result.substring(0, from + begin.length()) + "\n\n" + render(table, def) + "\n"
                    + result.substring(to);
        }
        return result;
    }

    /**
     * @param table the keys and how to show them
     * @param def the definitions of (at least) those keys
     * @return the Markdown table, header included, each line ending with a newline
     */
    static String render(KeyTable table, ConfigDef def) {
        StringBuilder out = new StringBuilder(HEADER);
        for (KeyTable.Row row : table.rows()) {
            ConfigDef.ConfigKey key = def.configKeys().get(row.key());
            checkType(row, key);
            out.append("| `").append(row.key()).append("` | ").append(cell(row.typeAndUnit())).append(" | ")
                    .append(cell(defaultValue(key) + row.defaultNote())).append(" | `")
                    .append(DispatcherConfig.envName(row.key())).append("` | ").append(cell(key.documentation))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String defaultValue(ConfigDef.ConfigKey key) {
        Object value = key.defaultValue;
        if (value == ConfigDef.NO_DEFAULT_VALUE) {
            return "(required)";
        }
        String text;
        if (value instanceof List<?> list) {
            text = list.stream().map(String::valueOf).collect(Collectors.joining(","));
        } else if (value instanceof Password password) {
            text = password.value();
        } else {
            text = String.valueOf(value);
        }
        return text.isEmpty() ? "(empty)" : "`" + text + "`";
    }

    private static String cell(String markdown) {
        return markdown.replace("|", "\\|");
    }

    private static void checkType(KeyTable.Row row, ConfigDef.ConfigKey key) {
        String type = key.type.name().toLowerCase(Locale.ROOT);
        if (!row.typeAndUnit().startsWith(type) || (row.key().endsWith(".ms") && !row.typeAndUnit().contains("ms"))) {
            throw new IllegalStateException("type of " + row.key() + " is " + type + (row.key().endsWith(".ms")
                    ? ", in ms" : "") + ", but its row says '" + row.typeAndUnit() + "'");
        }
    }

    private static void checkCoverage(ConfigDef def, List<KeyTable> tables) {
        Set<String> shown = new HashSet<>();
        Set<String> twice = new TreeSet<>();
        for (KeyTable table : tables) {
            table.rows().forEach(row -> {
                if (!shown.add(row.key())) {
                    twice.add(row.key());
                }
            });
        }
        Map<String, ConfigDef.ConfigKey> defined = def.configKeys();
        Set<String> missing = new TreeSet<>(defined.keySet());
        missing.removeAll(shown);
        Set<String> unknown = new TreeSet<>(shown);
        unknown.removeAll(defined.keySet());
        if (!twice.isEmpty() || !missing.isEmpty() || !unknown.isEmpty()) {
            throw new IllegalStateException("key tables: in two tables " + twice + ", in none " + missing
                    + ", not defined " + unknown);
        }
    }
}
