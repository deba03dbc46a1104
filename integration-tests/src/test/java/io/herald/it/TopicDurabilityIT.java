package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.schema.Topics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every topic Herald uses, as the broker describes it: Herald's own ({@code notify.*}, created by ingest's topic setup
 * and by the dispatchers) and the internal topics of its Kafka Streams applications (changelogs and repartition topics
 * of the status view, the bulk loader and the receipt correlator) carry the configured replication factor and their
 * own {@code min.insync.replicas} (replication factor − 1, at least 1), not the broker's defaults: with
 * {@code acks=all}, an acknowledged record is then on that many replicas. The test stack has one broker, so both are
 * 1; what fails without the setting is its source, the broker's default instead of the topic's own.
 */
@ExtendWith(HeraldStackExtension.class)
class TopicDurabilityIT {

    @Test
    void everyHeraldTopicHasItsOwnMinInsyncReplicasAndTheConfiguredReplicationFactor(HeraldTestStack stack)
            throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers()))) {
            // given the stack's topics, once a batch went through (so the Streams applications made theirs)
            IngestHttp.Response accepted = stack.ingestHttp().postBatch(IngestHttp.batch("HERALD",
                    "durability", List.of(new IngestHttp.Recipient(TestRecipients.norwegianMobiles(1).get(0),
                            Map.of()))));
            assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(name -> name.startsWith("notify.") || (name.startsWith("herald-")
                            && (name.endsWith("-changelog") || name.endsWith("-repartition"))))
                    .collect(Collectors.toCollection(java.util.TreeSet::new));
            assertThat(topics).contains(Topics.REQUESTS, Topics.STATUS, Topics.REQUESTS_DLQ, Topics.RECEIPTS,
                    Topics.SUPPRESSIONS, Topics.TEMPLATES, Topics.BATCHES, Topics.BATCHES_COMPLETED, Topics.IDEMPOTENCY);
            assertThat(topics).as("retry or delay topics").anyMatch(name -> name.contains(Topics.RETRY_INFIX));
            assertThat(topics).as("Streams changelogs").anyMatch(name -> name.endsWith("-changelog"));
            assertThat(topics).as("Streams repartition topics").anyMatch(name -> name.endsWith("-repartition"));

            // when the broker describes them
            Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            List<ConfigResource> resources = topics.stream()
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);

            // then each has the replication factor and its own min.insync.replicas
            SoftAssertions softly = new SoftAssertions();
            for (ConfigResource resource : resources) {
                String topic = resource.name();
                softly.assertThat(descriptions.get(topic).partitions().get(0).replicas()).as("%s replicas", topic)
                        .hasSize(1);
                ConfigEntry minInsync = configs.get(resource).get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
                softly.assertThat(minInsync.source()).as("%s: where min.insync.replicas comes from", topic)
                        .isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
                softly.assertThat(minInsync.value()).as("%s min.insync.replicas", topic).isEqualTo("1");
            }
            softly.assertAll();
        }
    }
}
