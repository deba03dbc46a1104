package io.herald.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dropwizard.core.Configuration;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.herald.schema.testing.ConfigurationDoc;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Holds the ingest service's tables in {@code docs/configuration.md} to {@link IngestConfiguration}: the same keys
 * (YAML paths, as Jackson names the properties), the defaults of a freshly constructed configuration as Jackson writes
 * them, and the {@code HERALD_*} variables {@code config.yml} substitutes, so that the document cannot drift.
 */
class ConfigurationDocTest {

    private static final ObjectMapper MAPPER = Jackson.newObjectMapper();
    /** Type of a section Dropwizard's {@link Configuration} defines (server, logging, ...). */
    private static final String DROPWIZARD = "Dropwizard";
    /** Default of such a section, as the document writes it. */
    private static final String DROPWIZARDS = "Dropwizard's";
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(HERALD_[A-Z0-9_]+)(?::-([^}]*))?}");

    /** A key of the configuration classes: its type as the document names it, and its default. */
    record Key(String type, String defaultValue) {
    }

    /** Every key, by YAML path; an entry of a map of objects appears as {@code <id>}. */
    private static Map<String, Key> defined() {
        Map<String, Key> keys = new TreeMap<>();
        collect("", new IngestConfiguration(), keys);
        return keys;
    }

    private static void collect(String prefix, Object bean, Map<String, Key> keys) {
        for (BeanPropertyDefinition property : MAPPER.getSerializationConfig()
                .introspect(MAPPER.constructType(bean.getClass())).findProperties()) {
            String key = prefix + property.getName();
            Object value = property.getAccessor().getValue(bean);
            JavaType type = property.getPrimaryType();
            if (property.getAccessor().getDeclaringClass() == Configuration.class) {
                keys.put(key, new Key(DROPWIZARD, DROPWIZARDS));
            } else if (isHerald(type.getRawClass()) && type.getRawClass().isRecord()) {
                // a value object (e.g. quiet hours): one key, unset (null) or written whole
                keys.put(key, new Key("object", value == null ? null : render(value)));
            } else if (isHerald(type.getRawClass())) {
                collect(key + ".", value, keys);
            } else if (type.isMapLikeType() && isHerald(type.getContentType().getRawClass())) {
                keys.put(key, new Key("map", render(value)));
                collect(key + ".<id>.", newInstance(type.getContentType().getRawClass()), keys);
            } else {
                keys.put(key, new Key(typeName(type), render(value)));
            }
        }
    }

    private static boolean isHerald(Class<?> type) {
        return type.getName().startsWith("io.herald.");
    }

    private static Object newInstance(Class<?> type) {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(type + " needs a no-argument constructor", e);
        }
    }

    /** The type as the Type column starts: int, long, boolean, string, duration, data size, list or map. */
    private static String typeName(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (raw == Duration.class) {
            return "duration";
        } else if (raw == DataSize.class) {
            return "data size";
        } else if (type.isMapLikeType()) {
            return "map";
        } else if (type.isCollectionLikeType()) {
            return "list";
        }
        return raw.getSimpleName().toLowerCase(Locale.ROOT);
    }

    /** A default as Jackson writes it: a scalar's text ({@code 30 days}), "" for an empty list or map. */
    private static String render(Object value) {
        JsonNode node = MAPPER.valueToTree(value);
        if (node.isValueNode()) {
            return node.asText();
        }
        return node.isEmpty() ? "" : node.toString();
    }

    /** The ingest service's rows, by key; a key listed twice fails here. */
    private static Map<String, Map<String, String>> documented() {
        Map<String, Map<String, String>> byKey = new TreeMap<>();
        for (Map<String, String> row : ConfigurationDoc.rows("Ingest service", "Key")) {
            String key = ConfigurationDoc.code(row.get("Key"));
            assertThat(byKey.put(key, row)).as("row of %s listed twice", key).isNull();
        }
        return byKey;
    }

    @Test
    void everyKeyOfIngestConfigurationIsDocumented() {
        // given every property of the configuration classes
        Set<String> missing = new TreeSet<>(defined().keySet());
        // when those in the document are taken away
        missing.removeAll(documented().keySet());
        // then none is left
        assertThat(missing).as("keys of IngestConfiguration missing from %s", ConfigurationDoc.PATH).isEmpty();
    }

    @Test
    void everyDocumentedKeyIsAPropertyOfIngestConfiguration() {
        // given every key of the ingest service's tables
        Set<String> unknown = new TreeSet<>(documented().keySet());
        // when the properties of the configuration classes are taken away
        unknown.removeAll(defined().keySet());
        // then none is left
        assertThat(unknown).as("keys in %s that IngestConfiguration does not have", ConfigurationDoc.PATH).isEmpty();
    }

    @Test
    void documentedDefaultsAndTypesAreThoseOfAFreshConfiguration() {
        Map<String, Key> defined = defined();
        Map<String, String> wrong = new TreeMap<>();
        documented().forEach((key, row) -> {
            Key expected = defined.get(key);
            if (expected == null) {
                return;
            }
            // given the default of new IngestConfiguration() as Jackson writes it, and the property's type
            // when the row's Default and Type cells are read
            String defaultCell = row.get("Default");
            String actual = expected.type().equals(DROPWIZARD) ? defaultCell
                    : ConfigurationDoc.defaultValue(defaultCell);
            // then they agree
            if (!Objects.equals(expected.defaultValue(), actual)) {
                wrong.put(key, "documented default '" + actual + "', the class has '" + expected.defaultValue() + "'");
            }
            if (!row.get("Type and unit").startsWith(expected.type())) {
                wrong.put(key, "documented type '" + row.get("Type and unit") + "', the class has " + expected.type());
            }
        });
        assertThat(wrong).as("defaults and types in %s", ConfigurationDoc.PATH).isEmpty();
    }

    @Test
    void documentedVariablesAreThoseConfigYmlSubstitutes() throws IOException {
        // given the HERALD_* variables of config.yml, with the keys they fill and their fallback
        Map<String, String> expected = new TreeMap<>();
        Map<String, Set<String>> keysByVariable = new TreeMap<>();
        Map<String, String> fallbackByVariable = new TreeMap<>();
        variables("", new ObjectMapper(new YAMLFactory()).readTree(Path.of("config.yml").toFile()), keysByVariable,
                fallbackByVariable);
        keysByVariable.forEach((variable, keys) -> expected.put(variable,
                "keys " + keys + ", unset " + fallbackByVariable.get(variable)));
        // when the document's table of variables is read
        Map<String, String> actual = new TreeMap<>();
        for (Map<String, String> row : ConfigurationDoc.rows("Ingest service", "Variable")) {
            Set<String> keys = new TreeSet<>();
            Matcher code = Pattern.compile("`([^`]+)`").matcher(row.get("Keys"));
            while (code.find()) {
                keys.add(code.group(1));
            }
            actual.put(ConfigurationDoc.code(row.get("Variable")),
                    "keys " + keys + ", unset " + ConfigurationDoc.defaultValue(row.get("Value when unset")));
        }
        // then they are the same
        assertThat(actual).as("environment variables in %s", ConfigurationDoc.PATH).isEqualTo(expected);
    }

    private static void variables(String path, JsonNode node, Map<String, Set<String>> keys,
                                  Map<String, String> fallbacks) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> variables(path.isEmpty() ? field.getKey()
                    : path + "." + field.getKey(), field.getValue(), keys, fallbacks));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                variables(path + "[" + i + "]", node.get(i), keys, fallbacks);
            }
        } else {
            Matcher variable = VARIABLE.matcher(node.asText());
            while (variable.find()) {
                keys.computeIfAbsent(variable.group(1), name -> new TreeSet<>()).add(path);
                fallbacks.put(variable.group(1), variable.group(2) == null ? null : variable.group(2));
            }
        }
    }
}
