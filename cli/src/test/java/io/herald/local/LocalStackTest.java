package io.herald.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real Kafka broker and Apicurio registry from {@code local-servers/target}, on free ports. Skipped when
 * {@code local-servers} is not built.
 */
class LocalStackTest {

    @TempDir
    Path work;

    @BeforeAll
    static void serversAreBuilt() {
        Path root = HeraldHome.locate().root();
        assumeThat(Files.isDirectory(root.resolve("local-servers/target/kafka/lib"))
                && Files.exists(root.resolve(HeraldHome.REGISTRY_RUNNER_JAR)))
                .as("local-servers is built").isTrue();
    }

    @Test
    void stackStartsAnswersStopsAndRestartsOnTheSameDataWithoutReformatting() throws Exception {
        HeraldHome home = HeraldHome.locate();
        String topic = "local-stack-test";
        String clusterId;

        // given a stack on free ports
        try (LocalStack stack = LocalStack.start(home, LocalStack.Options.withFreePorts(work))) {
            // when a topic is created and the registry asked for health
            try (Admin admin = admin(stack)) {
                admin.createTopics(Set.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
                clusterId = admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
            }
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(stack.registryUrl() + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());

            // then both answer
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(stack.bootstrapServers()).startsWith("127.0.0.1:");
            assertThat(work.resolve("kafka-data/meta.properties")).exists();
            assertThat(work.resolve("run/kafka.pid")).exists();
        }

        // then both stopped and left no pid files
        assertThat(work.resolve("run/kafka.pid")).doesNotExist();
        assertThat(work.resolve("run/registry.pid")).doesNotExist();
        String formatLog = Files.readString(work.resolve("logs/kafka-format.log"));

        // when restarted on the same work folder (and other free ports)
        try (LocalStack stack = LocalStack.start(home, LocalStack.Options.withFreePorts(work));
             Admin admin = admin(stack)) {
            // then the topic and the cluster id survived, and storage was not formatted again
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(topic);
            assertThat(admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS)).isEqualTo(clusterId);
            assertThat(Files.readString(work.resolve("logs/kafka-format.log"))).isEqualTo(formatLog);
        }
    }

    @Test
    void aKilledBrokerIsGoneAtOnce() {
        // given
        try (LocalStack stack = LocalStack.start(HeraldHome.locate(), LocalStack.Options.withFreePorts(work))) {
            // when
            int code = stack.kafka().kill();

            // then
            assertThat(code).isEqualTo(137);
            assertThat(stack.kafka().isAlive()).isFalse();
            assertThat(stack.registry().isAlive()).isTrue();
        }
    }

    private static Admin admin(LocalStack stack) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
    }
}
