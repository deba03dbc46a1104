package io.herald.it.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.dispatcher.admin.AdminServer;
import io.herald.dispatcher.admin.DispatcherStats;
import io.herald.dispatcher.config.DispatcherConfig;
import io.herald.dispatcher.send.sms.SmppConfig;
import io.herald.it.deployment.DeploymentFiles.Container;
import io.herald.it.deployment.DeploymentFiles.Dockerfile;
import io.herald.it.deployment.DeploymentFiles.Manifest;
import io.herald.schema.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * docker/compose.yaml, the Dockerfiles and docker/k8s/ against the code: images, {@code HERALD_*} variables, ports,
 * health check paths, grace periods, KEDA's bounds and the kustomization's file list. No Docker or Kubernetes is
 * needed: the files are parsed, and each image's configuration is read with the code's own rules
 * ({@link DispatcherConfig#load}, ingest-service's config.yml with its variables, the simulator's picocli options).
 */
class DeploymentFilesTest {

    /** Herald's images: the directories of docker/ with a Dockerfile. */
    private static final Set<String> HERALD_IMAGES = Set.of("ingest-service", "dispatcher", "smsc-simulator");
    /** Third-party images the compose file may run. */
    private static final Set<String> KNOWN_IMAGES = Set.of("apache/kafka", "apicurio/apicurio-registry-mem");
    private static final Pattern HEALTHCHECK_PORT = Pattern.compile("/dev/tcp/[\\w.]+/(\\d+)");
    private static final Pattern HEALTHCHECK_PATH = Pattern.compile("GET (/\\S*) HTTP");
    private static final Pattern SLEEP = Pattern.compile("sleep (\\d+)");

    @Test
    void composeBuildsHeraldsDockerfilesAndRunsKnownImages() {
        // given the compose file
        JsonNode services = DeploymentFiles.compose().path("services");
        // then every build names an existing Dockerfile of Herald's, every image is a known one
        SoftAssertions softly = new SoftAssertions();
        services.properties().forEach(service -> {
            JsonNode spec = service.getValue();
            if (spec.has("build")) {
                Path file = DeploymentFiles.DOCKER.resolve(spec.path("build").path("context").asText("."))
                        .normalize().resolve(spec.path("build").path("dockerfile").asText("Dockerfile"));
                softly.assertThat(file).as("compose service %s: build.dockerfile", service.getKey()).isRegularFile();
                softly.assertThat(file.getParent().getFileName().toString())
                        .as("compose service %s: build.dockerfile's directory", service.getKey()).isIn(HERALD_IMAGES);
            } else {
                softly.assertThat(DeploymentFiles.imageName(spec.path("image").asText()))
                        .as("compose service %s: image", service.getKey()).isIn(KNOWN_IMAGES);
            }
        });
        softly.assertAll();
        assertThat(DeploymentFiles.dockerfiles().keySet()).containsExactlyInAnyOrderElementsOf(HERALD_IMAGES);
    }

    @Test
    void kubernetesRunsHeraldsImages() {
        // given the containers of docker/k8s/ and the kustomization's image overrides
        List<Container> containers = DeploymentFiles.k8sContainers();
        JsonNode kustomization = DeploymentFiles.yaml(DeploymentFiles.K8S.resolve("kustomization.yaml")).get(0);
        // then each runs herald/<dir> of a Dockerfile of Herald's, or a known image
        assertThat(containers).isNotEmpty();
        SoftAssertions softly = new SoftAssertions();
        Set<String> imageNames = new TreeSet<>();
        for (Container container : containers) {
            String image = container.spec().path("image").asText();
            imageNames.add(DeploymentFiles.imageName(image));
            String dir = DeploymentFiles.heraldImageDir(image);
            if (dir == null) {
                softly.assertThat(DeploymentFiles.imageName(image)).as("%s: image", container.where())
                        .isIn(KNOWN_IMAGES);
            } else {
                softly.assertThat(dir).as("%s: image %s", container.where(), image).isIn(HERALD_IMAGES);
                softly.assertThat(container.dockerfile()).as("%s: docker/%s/Dockerfile", container.where(), dir)
                        .isNotNull();
                // the command line of the image stays: its config file and ports are what the checks below read
                softly.assertThat(container.spec().has("command") || container.spec().has("args"))
                        .as("%s overrides the image's ENTRYPOINT or CMD", container.where()).isFalse();
            }
        }
        kustomization.path("images").forEach(override -> softly.assertThat(override.path("name").asText())
                .as("kustomization.yaml images[].name").isIn(imageNames));
        softly.assertAll();
    }

    @Test
    void everyHeraldVariableIsAConfigKeyOfItsService() {
        // given every container of Herald's images in compose and Kubernetes
        SoftAssertions softly = new SoftAssertions();
        for (Container container : heraldContainers()) {
            // when its service is read with the code's rules
            HeraldService service = HeraldService.of(container);
            // then each HERALD_* variable the files set is one the service reads
            for (String variable : container.declaredHerald()) {
                softly.assertThat(service.readsVariable().test(variable))
                        .as("%s sets %s, which %s does not read (it reads %s)", container.where(), variable,
                                service.name(), readRule(service))
                        .isTrue();
            }
        }
        softly.assertAll();
    }

    @Test
    void portsAreThoseTheServicesListenOn() {
        SoftAssertions softly = new SoftAssertions();
        // Dockerfiles: EXPOSE and HEALTHCHECK against the image run as built
        for (Dockerfile dockerfile : DeploymentFiles.dockerfiles().values()) {
            Container bare = new Container(dockerfile.path().toString(), dockerfile, dockerfile.env(), Set.of(),
                    dockerfile.cmd(), null);
            HeraldService service = HeraldService.of(bare);
            softly.assertThat(dockerfile.exposed()).as("%s: EXPOSE", dockerfile.path())
                    .containsExactlyInAnyOrderElementsOf(service.ports().values());
            checkHealthcheckCommand(softly, dockerfile.path() + ": HEALTHCHECK", dockerfile.healthcheck(), service);
            softly.assertThat(service.bindHost()).as("%s: the address it binds", dockerfile.path())
                    .isEqualTo("0.0.0.0");
        }
        // compose: published ports and health checks
        for (Container container : DeploymentFiles.composeContainers()) {
            if (container.dockerfile() == null) {
                continue;
            }
            HeraldService service = HeraldService.of(container);
            for (JsonNode mapping : container.spec().path("ports")) {
                softly.assertThat(containerPort(mapping)).as("%s: ports %s", container.where(), mapping.asText())
                        .isIn(service.ports().values());
            }
            if (container.spec().has("healthcheck")) {
                checkHealthcheckCommand(softly, container.where() + ": healthcheck",
                        container.spec().path("healthcheck").path("test").toString(), service);
            }
            softly.assertThat(service.bindHost()).as("%s: the address it binds", container.where())
                    .isEqualTo("0.0.0.0");
        }
        checkComposeSmppTarget(softly);
        // Kubernetes: containerPorts, probes, Services, application.server
        for (Container container : heraldK8sContainers()) {
            HeraldService service = HeraldService.of(container);
            Map<String, Integer> declared = containerPorts(container.spec());
            softly.assertThat(declared.values()).as("%s: containerPorts", container.where())
                    .containsExactlyInAnyOrderElementsOf(service.ports().values());
            for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                JsonNode get = container.spec().path(probe).path("httpGet");
                softly.assertThat(get.isMissingNode()).as("%s: %s.httpGet", container.where(), probe)
                        .isEqualTo(probe.equals("startupProbe") && !container.spec().has(probe));
                if (!get.isMissingNode()) {
                    softly.assertThat(resolvePort(get.path("port"), declared)).as("%s: %s port", container.where(), probe)
                            .isEqualTo(service.healthPort());
                    softly.assertThat(get.path("path").asText()).as("%s: %s path", container.where(), probe)
                            .isIn(service.healthPaths());
                }
            }
            softly.assertThat(service.bindHost()).as("%s: the address it binds", container.where())
                    .isEqualTo("0.0.0.0");
            String applicationServer = container.env().get("HERALD_INGEST_APPLICATION_SERVER");
            if (applicationServer != null && !applicationServer.isEmpty()) {
                softly.assertThat(applicationServer).as("%s: HERALD_INGEST_APPLICATION_SERVER", container.where())
                        .isEqualTo(DeploymentFiles.POD_IP + ":" + service.ports().get("api"));
            }
        }
        checkServices(softly);
        softly.assertAll();
    }

    @Test
    void podsAreAnnotatedForPrometheusWithTheAdminPortAndTheMetricsPathEachServiceServes() {
        // given each Deployment that runs a Herald service with metrics
        SoftAssertions softly = new SoftAssertions();
        int checked = 0;
        for (Container container : heraldK8sContainers()) {
            HeraldService service = HeraldService.of(container);
            String path = HeraldService.METRICS_PATHS.get(service.name());
            if (path == null) {
                continue;
            }
            JsonNode annotations = DeploymentFiles.manifests().stream()
                    .filter(m -> container.where().startsWith(m.toString()))
                    .map(m -> m.doc().path("spec").path("template").path("metadata").path("annotations"))
                    .findFirst().orElseThrow();
            // then Prometheus scrapes its admin port at the path it serves
            softly.assertThat(annotations.path("prometheus.io/scrape").asText()).as("%s: prometheus.io/scrape",
                    container.where()).isEqualTo("true");
            softly.assertThat(annotations.path("prometheus.io/port").asText()).as("%s: prometheus.io/port",
                    container.where()).isEqualTo(Integer.toString(service.healthPort()));
            softly.assertThat(annotations.path("prometheus.io/path").asText()).as("%s: prometheus.io/path",
                    container.where()).isEqualTo(path);
            checked++;
        }
        softly.assertThat(checked).as("Deployments with metrics").isEqualTo(HeraldService.METRICS_PATHS.size());
        softly.assertAll();
    }

    @Test
    void dispatcherServesTheHealthPathsTheFilesProbe() throws IOException, InterruptedException {
        // given a running AdminServer
        AdminServer admin = new AdminServer("127.0.0.1", 0, "deployment-files-test", new DispatcherStats(),
                () -> true, () -> 1);
        admin.start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            for (String path : HeraldService.DISPATCHER_ADMIN_PATHS) {
                // when a probe asks for a path the files may use
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + admin.port() + path)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                // then the path exists (200, or 503 for /health while nothing polls)
                assertThat(response.statusCode()).as("GET %s", path).isIn(200, 503);
            }
        } finally {
            admin.close();
        }
    }

    @Test
    void gracePeriodsOutlastTheDispatchersDrain() {
        SoftAssertions softly = new SoftAssertions();
        // Kubernetes: the grace period covers the preStop hook and then shutdown.timeout.ms
        for (Manifest workload : DeploymentFiles.workloads()) {
            JsonNode pod = DeploymentFiles.podSpec(workload.doc());
            for (Container container : heraldK8sContainers()) {
                if (!container.where().startsWith(workload.toString()) || !isDispatcher(container)) {
                    continue;
                }
                long drainS = drainSeconds(container);
                long preStopS = preStopSleepSeconds(container.spec());
                softly.assertThat(pod.path("terminationGracePeriodSeconds").asLong(30))
                        .as("%s: terminationGracePeriodSeconds (preStop sleep %d s + shutdown.timeout.ms %d s)",
                                workload, preStopS, drainS)
                        .isGreaterThan(preStopS + drainS);
            }
        }
        // compose: stop_grace_period
        for (Container container : DeploymentFiles.composeContainers()) {
            if (isDispatcher(container)) {
                softly.assertThat(composeSeconds(container.spec().path("stop_grace_period").asText("10s")))
                        .as("%s: stop_grace_period", container.where()).isGreaterThan(drainSeconds(container));
            }
        }
        softly.assertAll();
    }

    @Test
    void kubernetesDispatchersAreStaticMembersNamedAfterTheirStatefulSetPod() {
        // given the dispatcher containers of docker/k8s/
        List<Container> dispatchers = heraldK8sContainers().stream().filter(DeploymentFilesTest::isDispatcher).toList();
        assertThat(dispatchers).isNotEmpty();
        SoftAssertions softly = new SoftAssertions();
        for (Container dispatcher : dispatchers) {
            // then each runs in a StatefulSet (stable pod names) and joins under its pod's name
            softly.assertThat(dispatcher.where()).as("the workload of %s", dispatcher.where())
                    .contains(" StatefulSet ");
            DispatcherConfig config = HeraldService.of(dispatcher).dispatcherConfig();
            softly.assertThat(config.getString(DispatcherConfig.GROUP_INSTANCE_ID_CONFIG))
                    .as("%s: group.instance.id", dispatcher.where()).isEqualTo(DeploymentFiles.POD_NAME);
            softly.assertThat(config.kafkaClients().consumer(Map.of()).get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG))
                    .as("%s: the requests consumer's group.instance.id", dispatcher.where())
                    .isEqualTo(DeploymentFiles.POD_NAME + "-requests");
        }
        softly.assertAll();
    }

    @Test
    void kedaScalesTheDispatcherGroupWithinThePartitionsOfNotifyRequests() {
        // given the partitions Herald creates notify.requests with
        int partitions = requestsPartitions();
        List<Manifest> scaledObjects = DeploymentFiles.manifests("ScaledObject");
        assertThat(scaledObjects).as("a KEDA ScaledObject in docker/k8s/").isNotEmpty();
        SoftAssertions softly = new SoftAssertions();
        for (Manifest scaled : scaledObjects) {
            JsonNode spec = scaled.doc().path("spec");
            // then it scales a dispatcher workload, at most to one pod per partition
            softly.assertThat(scaled.doc().path("apiVersion").asText()).as("%s apiVersion", scaled)
                    .isEqualTo("keda.sh/v1alpha1");
            softly.assertThat(spec.path("maxReplicaCount").asInt(100)).as("%s maxReplicaCount (notify.requests "
                    + "has %d partitions)", scaled, partitions).isLessThanOrEqualTo(partitions);
            softly.assertThat(spec.path("minReplicaCount").asInt(0)).as("%s minReplicaCount", scaled)
                    .isBetween(1, spec.path("maxReplicaCount").asInt(100));
            String target = spec.path("scaleTargetRef").path("name").asText();
            String kind = spec.path("scaleTargetRef").path("kind").asText("Deployment");
            List<Container> dispatchers = heraldK8sContainers().stream()
                    .filter(c -> c.where().contains(" " + kind + " " + target + " container ") && isDispatcher(c))
                    .toList();
            softly.assertThat(dispatchers).as("%s scaleTargetRef %s %s: a dispatcher workload", scaled, kind, target)
                    .hasSize(1);
            for (JsonNode trigger : spec.path("triggers")) {
                softly.assertThat(trigger.path("type").asText()).as("%s trigger type", scaled).isEqualTo("kafka");
                JsonNode metadata = trigger.path("metadata");
                // No topic: KEDA then sums the group's lag over every topic it commits, the three priority lanes'.
                softly.assertThat(metadata.has("topic")).as("%s names no single topic (the group reads %s)", scaled,
                        Topics.REQUEST_LANES).isFalse();
                for (Container dispatcher : dispatchers) {
                    DispatcherConfig config = HeraldService.of(dispatcher).dispatcherConfig();
                    softly.assertThat(kedaValue(metadata, "consumerGroup", dispatcher)).as("%s consumer group", scaled)
                            .isEqualTo(config.getString(DispatcherConfig.GROUP_ID_CONFIG));
                    softly.assertThat(kedaValue(metadata, "bootstrapServers", dispatcher))
                            .as("%s bootstrap servers", scaled)
                            .isEqualTo(String.join(",", config.getList(DispatcherConfig.BOOTSTRAP_SERVERS_CONFIG)));
                }
            }
        }
        softly.assertAll();
    }

    @Test
    void kustomizationListsEveryManifestAndOnlyThose() {
        // given docker/k8s/
        JsonNode kustomization = DeploymentFiles.yaml(DeploymentFiles.K8S.resolve("kustomization.yaml")).get(0);
        List<String> listed = new ArrayList<>();
        kustomization.path("resources").forEach(r -> listed.add(r.asText()));
        List<String> present = DeploymentFiles.k8sFiles().stream().map(f -> f.getFileName().toString())
                .filter(name -> !name.startsWith("kustomization.")).toList();
        // then the kustomization names each file once, and each file it names exists
        assertThat(listed).as("kustomization.yaml resources").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(present);
        listed.forEach(name -> assertThat(DeploymentFiles.K8S.resolve(name)).isRegularFile());
    }

    @Test
    void everyComposeServiceHasAHealthCheckAndWaitsForItsDependencies() {
        // given the compose services and the Dockerfiles they build
        Map<String, Container> byName = new java.util.LinkedHashMap<>();
        DeploymentFiles.composeContainers().forEach(c -> byName.put(c.where().substring("compose service ".length()), c));
        SoftAssertions softly = new SoftAssertions();
        byName.forEach((name, container) -> {
            // then each has a health check, its own or its Dockerfile's
            softly.assertThat(hasHealthCheck(container)).as("compose service %s: healthcheck", name).isTrue();
            // and each dependency names a service and a condition it can meet
            container.spec().path("depends_on").properties().forEach(dependency -> {
                Container target = byName.get(dependency.getKey());
                String condition = dependency.getValue().path("condition").asText();
                softly.assertThat(target).as("compose service %s depends on %s", name, dependency.getKey())
                        .isNotNull();
                softly.assertThat(condition).as("compose service %s: depends_on %s condition", name,
                        dependency.getKey()).isIn("service_healthy", "service_started", "service_completed_successfully");
                if (target != null && condition.equals("service_healthy")) {
                    softly.assertThat(hasHealthCheck(target)).as("%s has a health check", dependency.getKey()).isTrue();
                }
            });
            if (container.spec().path("depends_on").isArray()) {
                softly.fail("compose service %s: depends_on without conditions", name);
            }
        });
        softly.assertAll();
    }

    private static List<Container> heraldContainers() {
        List<Container> all = new ArrayList<>();
        DeploymentFiles.composeContainers().stream().filter(c -> c.dockerfile() != null).forEach(all::add);
        all.addAll(heraldK8sContainers());
        return all;
    }

    private static List<Container> heraldK8sContainers() {
        return DeploymentFiles.k8sContainers().stream().filter(c -> c.dockerfile() != null).toList();
    }

    private static boolean isDispatcher(Container container) {
        return container.dockerfile() != null && container.dockerfile().service().equals("dispatcher");
    }

    private static String readRule(HeraldService service) {
        return switch (service.name()) {
            case "ingest-service" -> "a ${HERALD_...} of its config file";
            case "dispatcher" -> DispatcherConfig.ENV_PREFIX + "<KEY> of a DispatcherConfig key, a pass-through "
                    + "KAFKA_/CONSUMER_/PRODUCER_/STREAMS_ key, or a ${HERALD_...} of its logback.xml";
            default -> "only the ${HERALD_...} of its logback.xml";
        };
    }

    private static void checkHealthcheckCommand(SoftAssertions softly, String where, String command,
                                                HeraldService service) {
        softly.assertThat(command).as(where).isNotNull();
        if (command == null) {
            return;
        }
        Matcher port = HEALTHCHECK_PORT.matcher(command);
        Matcher url = Pattern.compile("https?://[\\w.]+:(\\d+)(/\\S*)").matcher(command);
        if (url.find()) {
            softly.assertThat(Integer.parseInt(url.group(1))).as("%s port", where).isEqualTo(service.healthPort());
            softly.assertThat(url.group(2).replaceAll("[\"'\\]>].*", "")).as("%s path", where)
                    .isIn(service.healthPaths());
            return;
        }
        Matcher path = HEALTHCHECK_PATH.matcher(command);
        softly.assertThat(port.find() && path.find()).as("%s: a port and a GET path in %s", where, command).isTrue();
        port.reset();
        path.reset();
        if (port.find() && path.find()) {
            softly.assertThat(Integer.parseInt(port.group(1))).as("%s port", where).isEqualTo(service.healthPort());
            softly.assertThat(path.group(1)).as("%s path", where).isIn(service.healthPaths());
        }
    }

    /** The dispatcher in compose sends to the simulator's SMPP port with the simulator's credentials. */
    private static void checkComposeSmppTarget(SoftAssertions softly) {
        List<Container> compose = DeploymentFiles.composeContainers();
        for (Container dispatcher : compose) {
            if (!isDispatcher(dispatcher)) {
                continue;
            }
            DispatcherConfig config = HeraldService.of(dispatcher).dispatcherConfig();
            String host = config.getString(SmppConfig.SMPP_HOST_CONFIG);
            Container smsc = compose.stream().filter(c -> c.where().equals("compose service " + host)).findFirst()
                    .orElse(null);
            softly.assertThat(smsc).as("%s: smpp.host %s is a compose service", dispatcher.where(), host).isNotNull();
            if (smsc == null || smsc.dockerfile() == null) {
                continue;
            }
            softly.assertThat(config.getInt(SmppConfig.SMPP_PORT_CONFIG)).as("%s: smpp.port", dispatcher.where())
                    .isEqualTo(HeraldService.of(smsc).ports().get("smpp"));
            softly.assertThat(config.getString(SmppConfig.SMPP_SYSTEM_ID_CONFIG))
                    .as("%s: smpp.system.id", dispatcher.where())
                    .isEqualTo(HeraldService.simulatorOption(smsc, "--system-id"));
            softly.assertThat(config.getPassword(SmppConfig.SMPP_PASSWORD_CONFIG).value())
                    .as("%s: smpp.password", dispatcher.where())
                    .isEqualTo(HeraldService.simulatorOption(smsc, "--password"));
        }
    }

    /** Each Service selects pods of a workload and targets a port their container declares. */
    private static void checkServices(SoftAssertions softly) {
        List<Manifest> workloads = DeploymentFiles.workloads();
        for (Manifest service : DeploymentFiles.manifests("Service")) {
            JsonNode selector = service.doc().path("spec").path("selector");
            List<Manifest> selected = workloads.stream().filter(w -> matches(selector,
                    w.doc().path("spec").path("template").path("metadata").path("labels"))).toList();
            softly.assertThat(selected).as("%s selects a workload's pods", service).hasSize(1);
            for (Manifest workload : selected) {
                for (JsonNode container : DeploymentFiles.podSpec(workload.doc()).path("containers")) {
                    Map<String, Integer> declared = containerPorts(container);
                    for (JsonNode port : service.doc().path("spec").path("ports")) {
                        JsonNode target = port.has("targetPort") ? port.get("targetPort") : port.get("port");
                        softly.assertThat(resolvePort(target, declared)).as("%s targetPort %s", service, target)
                                .isIn(declared.values());
                    }
                }
            }
        }
    }

    private static boolean matches(JsonNode selector, JsonNode labels) {
        if (selector.isEmpty()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> e : selector.properties()) {
            if (!labels.path(e.getKey()).asText().equals(e.getValue().asText())) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Integer> containerPorts(JsonNode container) {
        Map<String, Integer> ports = new java.util.LinkedHashMap<>();
        for (JsonNode port : container.path("ports")) {
            ports.put(port.path("name").asText(String.valueOf(port.path("containerPort").asInt())),
                    port.path("containerPort").asInt());
        }
        return ports;
    }

    private static int resolvePort(JsonNode port, Map<String, Integer> declared) {
        if (port.canConvertToInt()) {
            return port.asInt();
        }
        Integer byName = declared.get(port.asText());
        if (byName == null) {
            fail("port name " + port.asText() + " is not among the container's ports " + declared);
        }
        return byName;
    }

    /** @return the container port of a compose mapping such as {@code "8080:8080"} or {@code 127.0.0.1:80:8080/tcp} */
    private static int containerPort(JsonNode mapping) {
        if (mapping.isObject()) {
            return mapping.path("target").asInt();
        }
        String[] parts = mapping.asText().split("/")[0].split(":");
        return Integer.parseInt(parts[parts.length - 1]);
    }

    private static boolean hasHealthCheck(Container container) {
        JsonNode own = container.spec().path("healthcheck");
        if (!own.isMissingNode()) {
            return !own.path("disable").asBoolean(false) && !own.path("test").path(0).asText().equals("NONE");
        }
        return container.dockerfile() != null && container.dockerfile().healthcheck() != null;
    }

    /** @return shutdown.timeout.ms of the dispatcher in that container, in whole seconds rounded up */
    private static long drainSeconds(Container container) {
        long ms = HeraldService.of(container).dispatcherConfig().getLong(DispatcherConfig.SHUTDOWN_TIMEOUT_MS_CONFIG);
        return (ms + 999) / 1000;
    }

    private static long preStopSleepSeconds(JsonNode container) {
        JsonNode preStop = container.path("lifecycle").path("preStop");
        if (preStop.has("sleep")) {
            return preStop.path("sleep").path("seconds").asLong();
        }
        Matcher m = SLEEP.matcher(String.join(" ", preStop.path("exec").path("command").toString()
                .replaceAll("[\\[\\]\",]", " ").trim().split("\\s+")));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** @return seconds of a compose duration such as {@code 45s}, {@code 1m30s} or {@code 2m} */
    private static long composeSeconds(String duration) {
        Matcher m = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s)?").matcher(duration);
        if (!m.matches()) {
            throw new AssertionError("unreadable compose duration " + duration);
        }
        long s = 0;
        for (int i = 1; i <= 3; i++) {
            if (m.group(i) != null) {
                s += Long.parseLong(m.group(i)) * new long[] {3600, 60, 1}[i - 1];
            }
        }
        return s;
    }

    /** @return a KEDA metadata value given directly or through {@code <name>FromEnv} of the target container */
    private static String kedaValue(JsonNode metadata, String name, Container target) {
        if (metadata.has(name + "FromEnv")) {
            String variable = metadata.get(name + "FromEnv").asText();
            assertThat(target.env()).as("%s: %sFromEnv names a variable it has", target.where(), name)
                    .containsKey(variable);
            return target.env().get(variable);
        }
        return metadata.path(name).asText();
    }

    /**
     * @return the partitions ingest-service creates notify.requests with: {@code kafka.requestsPartitions} of the
     *     config file its image runs, or {@link Topics#DEFAULT_REQUESTS_PARTITIONS} if that file does not set it
     */
    private static int requestsPartitions() {
        Dockerfile ingest = DeploymentFiles.dockerfiles().get("ingest-service");
        Container bare = new Container(ingest.path().toString(), ingest, ingest.env(), Set.of(), ingest.cmd(), null);
        JsonNode kafka = DeploymentFiles.substitutedYaml(HeraldService.configFile(bare), ingest.env()).path("kafka");
        return kafka.path("requestsPartitions").asInt(Topics.DEFAULT_REQUESTS_PARTITIONS);
    }
}
