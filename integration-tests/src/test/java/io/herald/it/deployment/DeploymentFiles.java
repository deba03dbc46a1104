package io.herald.it.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads Herald's deployment files as the container runtimes would: the Dockerfiles under {@code docker/}, the compose
 * file and the Kubernetes manifests under {@code docker/k8s/} (multi-document YAML), and resolves each container's
 * environment (Dockerfile {@code ENV}, then compose {@code environment} or Kubernetes {@code envFrom} and {@code env}
 * with ConfigMaps, Secrets and {@code $(VAR)} references). Paths are relative to the repository root, {@link #ROOT}.
 */
final class DeploymentFiles {

    /** The repository root, seen from the dispatcher module (Surefire's working directory). */
    static final Path ROOT = Path.of("..");
    static final Path DOCKER = ROOT.resolve("docker");
    static final Path K8S = DOCKER.resolve("k8s");
    static final Path COMPOSE = DOCKER.resolve("compose.yaml");

    /** The value a {@code fieldRef} to {@code status.podIP} stands for. */
    static final String POD_IP = "10.0.0.1";

    /** The value a {@code fieldRef} to {@code metadata.name} stands for: a StatefulSet pod's name. */
    static final String POD_NAME = "herald-dispatcher-0";

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DOCKER_ENV = Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S+)");
    private static final Pattern K8S_REFERENCE = Pattern.compile("\\$\\((\\w+)\\)");
    private static final Pattern COMPOSE_INTERPOLATION = Pattern.compile("\\$\\{(\\w+)(?::?-([^}]*))?}");

    private DeploymentFiles() {
    }

    /**
     * The final stage of a Dockerfile.
     *
     * @param path the file
     * @param env its {@code ENV} variables, name to value (quotes removed)
     * @param exposed its {@code EXPOSE} ports
     * @param cmd its {@code CMD} in exec form
     * @param copies its {@code COPY} of build-context files, destination in the image to source path in the context
     * @param healthcheck its {@code HEALTHCHECK CMD}, or null if it has none
     */
    record Dockerfile(Path path, Map<String, String> env, Set<Integer> exposed, List<String> cmd,
                      Map<String, String> copies, String healthcheck) {

        /** @return the name of its directory under docker/, e.g. {@code dispatcher} */
        String service() {
            return path.getParent().getFileName().toString();
        }
    }

    /**
     * A container of a compose service or a Kubernetes pod.
     *
     * @param where e.g. {@code compose service dispatcher} or {@code docker/k8s/dispatcher.yaml Deployment
     *     herald-dispatcher container dispatcher}, for messages
     * @param dockerfile the Dockerfile its image is built from, or null for a third-party image
     * @param env its environment, Dockerfile {@code ENV} first; every {@code HERALD_*} variable it is given
     * @param declaredHerald the {@code HERALD_*} variables the compose file or the manifests set (not the Dockerfile)
     * @param cmd its command line: the compose {@code command} or the Dockerfile {@code CMD}
     * @param spec its compose service or Kubernetes container node
     */
    record Container(String where, Dockerfile dockerfile, Map<String, String> env, Set<String> declaredHerald,
                     List<String> cmd, JsonNode spec) {
    }

    /** One document of a Kubernetes manifest, with the file it came from. */
    record Manifest(Path file, JsonNode doc) {

        String kind() {
            return doc.path("kind").asText();
        }

        String name() {
            return doc.path("metadata").path("name").asText();
        }

        @Override
        public String toString() {
            return ROOT.relativize(file) + " " + kind() + " " + name();
        }
    }

    /**
     * Reads the final stage of a Dockerfile.
     *
     * @param path e.g. {@code docker/dispatcher/Dockerfile}
     * @return its ENV, EXPOSE, CMD, COPY and HEALTHCHECK
     * @throws UncheckedIOException if it cannot be read
     */
    static Dockerfile dockerfile(Path path) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : read(path).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            lines.add(current.append(line).toString().trim());
            current.setLength(0);
        }
        int lastFrom = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("FROM ")) {
                lastFrom = i;
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        Set<Integer> exposed = new LinkedHashSet<>();
        List<String> cmd = List.of();
        Map<String, String> copies = new LinkedHashMap<>();
        String healthcheck = null;
        for (String line : lines.subList(lastFrom, lines.size())) {
            String instruction = line.split("\\s+", 2)[0];
            String rest = line.substring(instruction.length()).trim();
            switch (instruction) {
                case "ENV" -> {
                    Matcher m = DOCKER_ENV.matcher(rest);
                    while (m.find()) {
                        env.put(m.group(1), m.group(2).replaceAll("^\"|\"$", ""));
                    }
                }
                case "EXPOSE" -> Stream.of(rest.split("\\s+")).forEach(p -> exposed.add(Integer.parseInt(p)));
                case "CMD" -> cmd = stringList(parseJson(rest));
                case "COPY" -> {
                    if (!rest.startsWith("--from")) {
                        String[] parts = rest.split("\\s+");
                        copies.put(parts[parts.length - 1], parts[0]);
                    }
                }
                case "HEALTHCHECK" -> healthcheck = rest;
                default -> {
                }
            }
        }
        return new Dockerfile(path, env, exposed, cmd, copies, healthcheck);
    }

    /** @return every Dockerfile under docker/, by its directory's name */
    static Map<String, Dockerfile> dockerfiles() {
        Map<String, Dockerfile> all = new LinkedHashMap<>();
        try (Stream<Path> dirs = Files.list(DOCKER)) {
            dirs.map(dir -> dir.resolve("Dockerfile")).filter(Files::isRegularFile).sorted()
                    .forEach(file -> all.put(file.getParent().getFileName().toString(), dockerfile(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    /** @return docker/compose.yaml */
    static JsonNode compose() {
        return yaml(COMPOSE).get(0);
    }

    /**
     * The containers of docker/compose.yaml. A service's environment is its Dockerfile's {@code ENV} and then its
     * {@code environment}, with {@code ${VAR:-default}} taken as the default (the variable unset).
     *
     * @return one per service, in file order
     */
    static List<Container> composeContainers() {
        List<Container> containers = new ArrayList<>();
        compose().path("services").properties().forEach(service -> {
            JsonNode spec = service.getValue();
            Dockerfile dockerfile = null;
            if (spec.has("build")) {
                Path file = DOCKER.resolve(spec.path("build").path("context").asText(".")).normalize()
                        .resolve(spec.path("build").path("dockerfile").asText("Dockerfile"));
                dockerfile = Files.isRegularFile(file) ? dockerfile(file) : null;
            }
            Map<String, String> env = new LinkedHashMap<>();
            if (dockerfile != null) {
                env.putAll(dockerfile.env());
            }
            Set<String> declared = new LinkedHashSet<>();
            JsonNode environment = spec.path("environment");
            if (environment.isArray()) {
                environment.forEach(entry -> {
                    String[] kv = entry.asText().split("=", 2);
                    env.put(kv[0], interpolate(kv.length > 1 ? kv[1] : ""));
                    declared.add(kv[0]);
                });
            } else {
                environment.properties().forEach(e -> {
                    env.put(e.getKey(), interpolate(e.getValue().asText()));
                    declared.add(e.getKey());
                });
            }
            List<String> cmd = spec.has("command") ? stringList(spec.get("command"))
                    : dockerfile == null ? List.of() : dockerfile.cmd();
            containers.add(new Container("compose service " + service.getKey(), dockerfile, env,
                    heraldOnly(declared), cmd, spec));
        });
        return containers;
    }

    /** @return every YAML file of docker/k8s/, sorted by name */
    static List<Path> k8sFiles() {
        try (Stream<Path> files = Files.list(K8S)) {
            return files.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return every document of every file of docker/k8s/ but kustomization.yaml */
    static List<Manifest> manifests() {
        List<Manifest> all = new ArrayList<>();
        for (Path file : k8sFiles()) {
            if (!file.getFileName().toString().startsWith("kustomization.")) {
                yaml(file).forEach(doc -> all.add(new Manifest(file, doc)));
            }
        }
        return all;
    }

    /** @return the Deployments and StatefulSets, in file order */
    static List<Manifest> workloads() {
        return manifests().stream().filter(m -> m.kind().equals("Deployment") || m.kind().equals("StatefulSet"))
                .toList();
    }

    /** @return the documents of that kind */
    static List<Manifest> manifests(String kind) {
        return manifests().stream().filter(m -> m.kind().equals(kind)).toList();
    }

    /**
     * The containers of every Kubernetes workload (Deployment, StatefulSet, DaemonSet, Job) in docker/k8s/. The
     * environment is the Dockerfile's {@code ENV} (for an image {@code herald/<dir>}: docker/&lt;dir&gt;/Dockerfile),
     * then {@code envFrom}, then {@code env}, resolving ConfigMaps and Secrets of docker/k8s/.
     *
     * @return every container, in file order
     * @throws AssertionError if a ConfigMap, Secret or key that is not optional is missing
     */
    static List<Container> k8sContainers() {
        Map<String, Dockerfile> dockerfiles = dockerfiles();
        List<Container> containers = new ArrayList<>();
        for (Manifest m : manifests()) {
            if (!Set.of("Deployment", "StatefulSet", "DaemonSet", "Job").contains(m.kind())) {
                continue;
            }
            for (JsonNode container : podSpec(m.doc()).path("containers")) {
                String where = m + " container " + container.path("name").asText();
                Dockerfile dockerfile = dockerfiles.get(heraldImageDir(container.path("image").asText()));
                Map<String, String> env = new LinkedHashMap<>();
                if (dockerfile != null) {
                    env.putAll(dockerfile.env());
                }
                Set<String> declared = new LinkedHashSet<>();
                for (JsonNode from : container.path("envFrom")) {
                    Map<String, String> source = from.has("configMapRef")
                            ? configMapData(from.path("configMapRef"), where)
                            : secretData(from.path("secretRef"), where);
                    env.putAll(source);
                    declared.addAll(source.keySet());
                }
                for (JsonNode var : container.path("env")) {
                    String name = var.path("name").asText();
                    env.put(name, envValue(var, env, where));
                    declared.add(name);
                }
                List<String> cmd = container.has("args") ? stringList(container.get("args"))
                        : dockerfile == null ? List.of() : dockerfile.cmd();
                containers.add(new Container(where, dockerfile, env, heraldOnly(declared), cmd, container));
            }
        }
        return containers;
    }

    /** @return the pod spec of a workload */
    static JsonNode podSpec(JsonNode workload) {
        return workload.path("spec").path("template").path("spec");
    }

    /**
     * @param image e.g. {@code herald/dispatcher:0.1.0}
     * @return {@code dispatcher}, or null if the image is not {@code herald/<name>}
     */
    static String heraldImageDir(String image) {
        String name = imageName(image);
        return name.startsWith("herald/") ? name.substring("herald/".length()) : null;
    }

    /** @return the image without its tag or digest */
    static String imageName(String image) {
        String noDigest = image.split("@", 2)[0];
        int slash = noDigest.lastIndexOf('/');
        int colon = noDigest.lastIndexOf(':');
        return colon > slash ? noDigest.substring(0, colon) : noDigest;
    }

    /**
     * Reads every document of a YAML file.
     *
     * @return the documents, empty ones left out
     */
    static List<JsonNode> yaml(Path file) {
        try {
            return YAML.readValues(YAML.createParser(file.toFile()), JsonNode.class).readAll().stream()
                    .filter(doc -> doc != null && !doc.isMissingNode() && !doc.isNull()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Reads a YAML file after replacing each {@code ${NAME}} or {@code ${NAME:-default}} with the environment's value
     * or the default, as Dropwizard's {@code EnvironmentVariableSubstitutor} does.
     *
     * @param file e.g. ingest-service/config.yml
     * @param env the environment
     * @return the first document
     */
    static JsonNode substitutedYaml(Path file, Map<String, String> env) {
        Matcher m = COMPOSE_INTERPOLATION.matcher(read(file));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.getOrDefault(m.group(1), m.group(2) == null ? "" : m.group(2));
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        try {
            return YAML.readTree(out.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * @param file e.g. ingest-service/config.yml
     * @return the names {@code X} of its {@code ${X}} and {@code ${X:-default}} variables
     */
    static Set<String> variables(Path file) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = COMPOSE_INTERPOLATION.matcher(read(file));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String interpolate(String composeValue) {
        Matcher m = COMPOSE_INTERPOLATION.matcher(composeValue);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(2) == null ? "" : m.group(2)));
        }
        return m.appendTail(out).toString();
    }

    private static Set<String> heraldOnly(Set<String> names) {
        Set<String> herald = new LinkedHashSet<>();
        names.stream().filter(n -> n.startsWith("HERALD_")).forEach(herald::add);
        return herald;
    }

    private static Map<String, String> configMapData(JsonNode ref, String where) {
        return data("ConfigMap", ref, where);
    }

    private static Map<String, String> secretData(JsonNode ref, String where) {
        return data("Secret", ref, where);
    }

    private static Map<String, String> data(String kind, JsonNode ref, String where) {
        String name = ref.path("name").asText();
        List<Manifest> found = manifests(kind).stream().filter(m -> m.name().equals(name)).toList();
        if (found.isEmpty()) {
            if (ref.path("optional").asBoolean(false)) {
                return Map.of();
            }
            throw new AssertionError(where + " refers to " + kind + " " + name + ", which docker/k8s/ does not define");
        }
        Map<String, String> data = new LinkedHashMap<>();
        JsonNode doc = found.get(0).doc();
        doc.path("data").properties().forEach(e -> data.put(e.getKey(), kind.equals("Secret")
                ? new String(Base64.getDecoder().decode(e.getValue().asText()), StandardCharsets.UTF_8)
                : e.getValue().asText()));
        doc.path("stringData").properties().forEach(e -> data.put(e.getKey(), e.getValue().asText()));
        return data;
    }

    private static String envValue(JsonNode var, Map<String, String> env, String where) {
        if (var.has("value")) {
            Matcher m = K8S_REFERENCE.matcher(var.get("value").asText());
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                // Kubernetes leaves a reference to an undefined variable as it is.
                m.appendReplacement(out, Matcher.quoteReplacement(env.getOrDefault(m.group(1), m.group())));
            }
            return m.appendTail(out).toString();
        }
        JsonNode from = var.path("valueFrom");
        String name = var.path("name").asText();
        for (String kind : List.of("configMapKeyRef", "secretKeyRef")) {
            if (from.has(kind)) {
                JsonNode ref = from.get(kind);
                Map<String, String> data = data(kind.startsWith("configMap") ? "ConfigMap" : "Secret", ref, where);
                String key = ref.path("key").asText();
                if (!data.containsKey(key) && !ref.path("optional").asBoolean(false)) {
                    throw new AssertionError(where + ": " + name + " refers to key " + key + " of "
                            + ref.path("name").asText() + ", which has no such key");
                }
                return data.getOrDefault(key, "");
            }
        }
        if (from.path("fieldRef").path("fieldPath").asText().equals("status.podIP")) {
            return POD_IP;
        }
        if (from.path("fieldRef").path("fieldPath").asText().equals("metadata.name")) {
            return POD_NAME;
        }
        return "";
    }

    private static JsonNode parseJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    private static List<String> stringList(JsonNode node) {
        if (node.isTextual()) {
            return List.of(node.asText().trim().split("\\s+"));
        }
        List<String> list = new ArrayList<>();
        node.forEach(n -> list.add(n.asText()));
        return list;
    }
}
