package io.herald.dispatcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.dispatcher.ledger.LedgerConfig;
import io.herald.dispatcher.receive.SafeRequestDeserializer;
import io.herald.dispatcher.retry.RetryConfig;
import io.herald.dispatcher.retry.RetryTier;
import io.herald.dispatcher.send.http.HttpGatewayConfig;
import io.herald.dispatcher.send.mail.SmtpConfig;
import io.herald.dispatcher.send.sms.SmppConfig;
import io.herald.dispatcher.suppression.SuppressionConfig;
import io.herald.schema.TopicSetup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DispatcherConfigTest {

    @TempDir
    Path dir;

    private static Map<String, Object> required() {
        Map<String, Object> props = new HashMap<>();
        props.put(DispatcherConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
        props.put(DispatcherConfig.REGISTRY_URL_CONFIG, "http://127.0.0.1:8081");
        return props;
    }

    @Test
    void suppressionKeysHaveTheirDocumentedDefaults() {
        // given only the required keys
        // when
        DispatcherConfig config = new DispatcherConfig(required());
        // then
        assertThat(config.getBoolean(SuppressionConfig.SUPPRESSION_ENABLED_CONFIG)).isTrue();
        assertThat(config.getList(SuppressionConfig.SUPPRESSION_STOP_KEYWORDS_CONFIG))
                .containsExactly("STOP", "STOPP", "UNSUBSCRIBE");
        assertThat(config.getLong(SuppressionConfig.SUPPRESSION_LOAD_TIMEOUT_MS_CONFIG)).isEqualTo(30_000L);
    }

    @Test
    void suppressionConsumerHasNoGroupAndReadsFromTheBeginning() {
        Map<String, Object> props = required();
        props.put("consumer.group.id", "ignored");

        Map<String, Object> consumer = new DispatcherConfig(props).kafkaClients().suppressionConsumer();

        assertThat(consumer).doesNotContainKey(ConsumerConfig.GROUP_ID_CONFIG)
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
                .containsEntry(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        assertThat(consumer.get(ConsumerConfig.CLIENT_ID_CONFIG).toString()).endsWith("-suppressions");
    }

    @Test
    void refusesABlankStopKeyword() {
        Map<String, Object> props = required();
        props.put(SuppressionConfig.SUPPRESSION_STOP_KEYWORDS_CONFIG, "STOP, ,END");

        assertThatThrownBy(() -> new DispatcherConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(SuppressionConfig.SUPPRESSION_STOP_KEYWORDS_CONFIG);
    }

    @Test
    void appliesDocumentedDefaults() {
        // given only the required keys
        // when
        DispatcherConfig config = new DispatcherConfig(required());
        // then
        assertThat(config.getString(DispatcherConfig.GROUP_ID_CONFIG)).isEqualTo("herald-dispatcher");
        assertThat(config.getInt(DispatcherConfig.SENDER_THREADS_CONFIG)).isEqualTo(16);
        assertThat(config.getInt(DispatcherConfig.MAX_IN_FLIGHT_CONFIG)).isEqualTo(1000);
        assertThat(config.getLong(DispatcherConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(1000L);
        assertThat(config.getLong(DispatcherConfig.SHUTDOWN_TIMEOUT_MS_CONFIG)).isEqualTo(30_000L);
        assertThat(config.getInt(DispatcherConfig.ADMIN_PORT_CONFIG)).isEqualTo(8082);
        assertThat(config.getString(DispatcherConfig.ADMIN_HOST_CONFIG)).isEqualTo("0.0.0.0");
        assertThat(config.getString(SmppConfig.SMPP_HOST_CONFIG)).isEqualTo("127.0.0.1");
        assertThat(config.getInt(SmppConfig.SMPP_PORT_CONFIG)).isEqualTo(2775);
        assertThat(config.getString(SmppConfig.SMPP_SYSTEM_ID_CONFIG)).isEqualTo("herald");
        assertThat(config.getPassword(SmppConfig.SMPP_PASSWORD_CONFIG).value()).isEqualTo("herald");
        assertThat(config.getString(SmppConfig.SMPP_SYSTEM_TYPE_CONFIG)).isEmpty();
        assertThat(config.getInt(SmppConfig.SMPP_WINDOW_SIZE_CONFIG)).isEqualTo(10);
        assertThat(config.getInt(SmppConfig.SMPP_SESSIONS_CONFIG)).isEqualTo(1);
        assertThat(config.getInt(SmppConfig.SMPP_ENQUIRE_LINK_INTERVAL_MS_CONFIG)).isEqualTo(30_000);
        assertThat(config.getInt(SmppConfig.SMPP_REQUEST_TIMEOUT_MS_CONFIG)).isEqualTo(10_000);
        assertThat(config.getLong(SmppConfig.SMPP_RECONNECT_BACKOFF_MS_CONFIG)).isEqualTo(1000L);
        assertThat(config.getBoolean(SmppConfig.SMPP_REGISTERED_DELIVERY_CONFIG)).isTrue();
        assertThat(SmppConfig.heraldIdTlvTag(config)).isEqualTo(0x1F01);
        assertThat(config.getInt(RetryConfig.RETRY_INLINE_MAX_ATTEMPTS_CONFIG)).isEqualTo(3);
        assertThat(config.getLong(RetryConfig.RETRY_INLINE_BACKOFF_INITIAL_MS_CONFIG)).isEqualTo(200L);
        assertThat(config.getLong(RetryConfig.RETRY_INLINE_BACKOFF_MAX_MS_CONFIG)).isEqualTo(5000L);
        assertThat(RetryConfig.retryTiers(config)).extracting(RetryTier::topic).containsExactly(
                "notify.requests.retry.30s", "notify.requests.retry.5m", "notify.requests.retry.30m");
        assertThat(config.retryGroupId()).isEqualTo("herald-dispatcher-retry");
        assertThat(config.getInt(RetryConfig.RETRY_MAX_IN_FLIGHT_CONFIG)).isEqualTo(200);
        assertThat(config.getBoolean(LedgerConfig.LEDGER_ENABLED_CONFIG)).isTrue();
        assertThat(config.getLong(LedgerConfig.LEDGER_LOAD_TIMEOUT_MS_CONFIG)).isEqualTo(10_000L);
        assertThat(config.instanceId()).endsWith("-" + ProcessHandle.current().pid());
    }

    @Test
    void loadsFileAndLetsEnvironmentOverrideAnyKey() throws IOException {
        // given a file and environment variables for a defined key and a pass-through key
        Path file = dir.resolve("dispatcher.properties");
        Files.writeString(file, """
                bootstrap.servers=10.0.0.1:9092
                registry.url=http://registry:8081
                smpp.host=from-file
                sender.threads=4
                """);
        Map<String, String> env = Map.of(
                "HERALD_DISPATCHER_SMPP_HOST", "from-env",
                "HERALD_DISPATCHER_SMPP_WINDOW_SIZE", "50",
                "HERALD_DISPATCHER_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "OTHER_VARIABLE", "ignored");
        // when
        DispatcherConfig config = DispatcherConfig.load(file, env);
        // then
        assertThat(config.getString(SmppConfig.SMPP_HOST_CONFIG)).isEqualTo("from-env");
        assertThat(config.getInt(SmppConfig.SMPP_WINDOW_SIZE_CONFIG)).isEqualTo(50);
        assertThat(config.getInt(DispatcherConfig.SENDER_THREADS_CONFIG)).isEqualTo(4);
        assertThat(config.kafkaClients().consumer(Map.of()))
                .containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        assertThat(DispatcherConfig.envName("smpp.herald.id.tlv")).isEqualTo("HERALD_DISPATCHER_SMPP_HERALD_ID_TLV");
    }

    @Test
    void passesPrefixedKeysToTheRightClientWithPrefixStripped() {
        // given
        Map<String, Object> props = required();
        props.put("kafka.security.protocol", "SASL_SSL");
        props.put("consumer.fetch.min.bytes", "1024");
        props.put("producer.compression.type", "lz4");
        props.put("consumer.security.protocol", "SSL");
        DispatcherConfig config = new DispatcherConfig(props);
        // when
        Map<String, Object> consumer = config.kafkaClients().consumer(Map.of("apicurio.registry.url", "http://x"));
        Map<String, Object> producer = config.kafkaClients().producer();
        // then consumer.* wins over kafka.*, and each prefix reaches only its client
        assertThat(consumer).containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
        assertThat(consumer).containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "1024")
                .containsEntry("apicurio.registry.url", "http://x")
                .doesNotContainKey(ProducerConfig.COMPRESSION_TYPE_CONFIG);
        assertThat(producer).containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL")
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
                .doesNotContainKey(ConsumerConfig.FETCH_MIN_BYTES_CONFIG);
    }

    @Test
    void enforcesSettingsAtLeastOnceDependsOn() {
        // given a user who tries to turn auto-commit on and weaken acks
        Map<String, Object> props = required();
        props.put("consumer.enable.auto.commit", "true");
        props.put("consumer.isolation.level", "read_uncommitted");
        props.put("producer.acks", "1");
        props.put("producer.enable.idempotence", "false");
        DispatcherConfig config = new DispatcherConfig(props);
        // when
        Map<String, Object> consumer = config.kafkaClients().consumer(Map.of());
        Map<String, Object> producer = config.kafkaClients().producer();
        // then
        assertThat(consumer).containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "herald-dispatcher")
                .containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, List.of("127.0.0.1:9092"))
                .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
                .containsEntry(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                        CooperativeStickyAssignor.class.getName())
                .containsEntry(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                        SafeRequestDeserializer.class.getName())
                .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        assertThat(producer).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    }

    @Test
    void leavesAssignmentToTheBrokerUnderTheConsumerGroupProtocol() {
        // given KIP-848's protocol, which refuses partition.assignment.strategy
        Map<String, Object> props = required();
        props.put("consumer.group.protocol", "consumer");
        // when
        Map<String, Object> consumer = new DispatcherConfig(props).kafkaClients().consumer(Map.of());
        // then
        assertThat(consumer).doesNotContainKey(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);
    }

    @Test
    void capsMaxPollRecordsAtMaxInFlight() {
        // given
        Map<String, Object> props = required();
        props.put(DispatcherConfig.MAX_IN_FLIGHT_CONFIG, "100");
        // when / then
        assertThat(new DispatcherConfig(props).kafkaClients().consumer(Map.of()))
                .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
    }

    @Test
    void rejectsMissingRequiredKeys() {
        // given no registry.url
        Map<String, Object> props = required();
        props.remove(DispatcherConfig.REGISTRY_URL_CONFIG);
        // when / then
        assertThatThrownBy(() -> new DispatcherConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("registry.url");
    }

    @Test
    void rejectsInvalidValues() {
        assertInvalid(DispatcherConfig.SENDER_THREADS_CONFIG, "0");
        assertInvalid(SmppConfig.SMPP_PORT_CONFIG, "70000");
        assertInvalid(DispatcherConfig.MAX_IN_FLIGHT_CONFIG, "many");
        assertInvalid(SmppConfig.SMPP_SYSTEM_ID_CONFIG, "a-system-id-too-long");
        assertInvalid(SmppConfig.SMPP_PASSWORD_CONFIG, "longer-than-8");
        assertInvalid(SmppConfig.SMPP_HERALD_ID_TLV_CONFIG, "0x0005");
        assertInvalid(SmppConfig.SMPP_HERALD_ID_TLV_CONFIG, "tag");
        assertInvalid(RetryConfig.RETRY_INLINE_BACKOFF_MAX_MS_CONFIG, "100");
    }

    @Test
    void rejectsUnknownKeysSoThatTyposFail() {
        // given a misspelt key without a pass-through prefix
        Map<String, Object> props = required();
        props.put("smpp.windowsize", "20");
        // when / then
        assertThatThrownBy(() -> new DispatcherConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("smpp.windowsize");
    }

    @Test
    void acceptsZeroToDisableTheTlvAndDecimalTags() {
        // given
        Map<String, Object> off = required();
        off.put(SmppConfig.SMPP_HERALD_ID_TLV_CONFIG, "0");
        Map<String, Object> decimal = required();
        decimal.put(SmppConfig.SMPP_HERALD_ID_TLV_CONFIG, "5376");
        // when / then
        assertThat(SmppConfig.heraldIdTlvTag(new DispatcherConfig(off))).isZero();
        assertThat(SmppConfig.heraldIdTlvTag(new DispatcherConfig(decimal))).isEqualTo(0x1500);
    }

    private static void assertInvalid(String key, String value) {
        Map<String, Object> props = required();
        props.put(key, value);
        assertThatThrownBy(() -> new DispatcherConfig(props)).as("%s=%s", key, value)
                .isInstanceOf(ConfigException.class).hasMessageContaining(key);
    }

    @Test
    void acceptsALoopbackAdminHostAndRejectsAnEmptyOne() {
        // given admin.host set to loopback
        Map<String, Object> loopback = required();
        loopback.put(DispatcherConfig.ADMIN_HOST_CONFIG, "127.0.0.1");
        // when / then it is kept
        assertThat(new DispatcherConfig(loopback).getString(DispatcherConfig.ADMIN_HOST_CONFIG)).isEqualTo("127.0.0.1");
        // given admin.host empty, when / then start-up fails naming the key
        Map<String, Object> empty = required();
        empty.put(DispatcherConfig.ADMIN_HOST_CONFIG, "");
        assertThatThrownBy(() -> new DispatcherConfig(empty))
                .isInstanceOf(ConfigException.class).hasMessageContaining(DispatcherConfig.ADMIN_HOST_CONFIG);
    }

    @Test
    void retryTiersCanBeChangedOrTurnedOffAndTheRetryConsumerHasItsOwnGroup() {
        // given custom tiers and group
        Map<String, Object> custom = required();
        custom.put(RetryConfig.RETRY_TIERS_CONFIG, "2s, 1m");
        custom.put(DispatcherConfig.GROUP_ID_CONFIG, "g");
        custom.put(RetryConfig.RETRY_MAX_IN_FLIGHT_CONFIG, "50");
        DispatcherConfig config = new DispatcherConfig(custom);
        // then
        assertThat(RetryConfig.retryTiers(config)).extracting(io.herald.dispatcher.retry.RetryTier::delayMs)
                .containsExactly(2_000L, 60_000L);
        Map<String, Object> retry = config.kafkaClients().retryConsumer(Map.of());
        assertThat(retry).containsEntry("group.id", "g-retry").containsEntry("max.poll.records", 50);
        assertThat((String) retry.get("client.id")).endsWith("-retry-consumer");
        assertThat(config.kafkaClients().consumer(Map.of())).containsEntry("group.id", "g");
        // given no tiers, then none
        Map<String, Object> off = required();
        off.put(RetryConfig.RETRY_TIERS_CONFIG, "");
        assertThat(RetryConfig.retryTiers(new DispatcherConfig(off))).isEmpty();
        // given a tier without a unit, then start-up fails naming the key
        assertInvalid(RetryConfig.RETRY_TIERS_CONFIG, "30,5m");
    }

    @Test
    void everyKafkaClientHasBoundedFetchesAndNoMetricsPushByDefaultAndAUserMayOverrideThem() {
        // given only the required keys
        DispatcherConfig config = new DispatcherConfig(required());
        // then the requests consumer fetches at most 256 KiB a partition and 2 MiB a fetch
        assertThat(config.kafkaClients().consumer(Map.of())).containsEntry("max.partition.fetch.bytes", 262_144)
                .containsEntry("fetch.max.bytes", 2_097_152).containsEntry("enable.metrics.push", false);
        // and the consumers of the quiet topics 64 KiB a partition and 1 MiB a fetch
        for (Map<String, Object> small : List.of(config.kafkaClients().retryConsumer(Map.of()),
                config.kafkaClients().suppressionConsumer())) {
            assertThat(small).containsEntry("max.partition.fetch.bytes", 65_536)
                    .containsEntry("fetch.max.bytes", 1_048_576).containsEntry("enable.metrics.push", false);
        }
        // and the sent ledger's, which reads every status since the oldest uncommitted record, 1 MiB and 8 MiB,
        // without creating a topic it asks for
        assertThat(config.kafkaClients().ledgerConsumer()).containsEntry("max.partition.fetch.bytes", 1_048_576)
                .containsEntry("fetch.max.bytes", 8_388_608).containsEntry("enable.metrics.push", false)
                .containsEntry("allow.auto.create.topics", false);
        assertThat(config.kafkaClients().producer()).containsEntry("enable.metrics.push", false);
        assertThat(config.kafkaClients().admin()).containsEntry("enable.metrics.push", false);
        assertThat(config.kafkaClients().streams(null)).containsEntry("enable.metrics.push", false);
        // given overrides
        Map<String, Object> props = required();
        props.put("consumer.fetch.max.bytes", "52428800");
        props.put("kafka.enable.metrics.push", "true");
        props.put("streams.enable.metrics.push", "true");
        DispatcherConfig custom = new DispatcherConfig(props);
        // then they win
        assertThat(custom.kafkaClients().consumer(Map.of())).containsEntry("fetch.max.bytes", "52428800")
                .containsEntry("enable.metrics.push", "true");
        assertThat(custom.kafkaClients().retryConsumer(Map.of())).containsEntry("fetch.max.bytes", "52428800");
        assertThat(custom.kafkaClients().producer()).containsEntry("enable.metrics.push", "true");
        assertThat(custom.kafkaClients().streams(null)).containsEntry("enable.metrics.push", "true");
    }

    @Test
    void theRequestsConsumerWaitsAtMost50MsForAFetchAndTheRetryConsumerAsKafkaDoes() {
        // given only the required keys
        DispatcherConfig config = new DispatcherConfig(required());
        // then a fetch of notify.requests is held by the broker at most 50 ms; the retry topics' as Kafka's default
        assertThat(config.kafkaClients().consumer(Map.of())).containsEntry("fetch.max.wait.ms", 50);
        assertThat(config.kafkaClients().retryConsumer(Map.of())).doesNotContainKey("fetch.max.wait.ms");
        // and a user may set it
        Map<String, Object> props = required();
        props.put("consumer.fetch.max.wait.ms", "200");
        assertThat(new DispatcherConfig(props).kafkaClients().consumer(Map.of()))
                .containsEntry("fetch.max.wait.ms", "200");
    }

    @Test
    void theCorrelatorsInternalTopicsAreReplicatedAsNotifyRequestsUnlessStreamsSaysOtherwise() {
        // given notify.requests with 3 replicas and min.insync.replicas 2
        TopicSetup.Durability requests = TopicSetup.Durability.of(3);
        // then the correlator's changelog and repartition topics get the same
        assertThat(new DispatcherConfig(required()).kafkaClients().streams(requests))
                .containsEntry("replication.factor", 3).containsEntry("topic.min.insync.replicas", "2");
        // and without it, the broker's defaults
        assertThat(new DispatcherConfig(required()).kafkaClients().streams(null))
                .doesNotContainKeys("replication.factor", "topic.min.insync.replicas");
        // and streams.* wins
        Map<String, Object> props = required();
        props.put("streams.topic.min.insync.replicas", "3");
        assertThat(new DispatcherConfig(props).kafkaClients().streams(requests))
                .containsEntry("topic.min.insync.replicas", "3");
    }

    @Test
    void groupInstanceIdMakesEachGroupMemberStaticUnderItsOwnSuffix() {
        // given no group.instance.id
        DispatcherConfig dynamic = new DispatcherConfig(required());
        // then every member is dynamic
        assertThat(dynamic.staticMembership()).isFalse();
        assertThat(dynamic.kafkaClients().consumer(Map.of())).doesNotContainKey("group.instance.id");
        assertThat(dynamic.kafkaClients().retryConsumer(Map.of())).doesNotContainKey("group.instance.id");
        assertThat(dynamic.kafkaClients().streams(null)).doesNotContainKey("main.consumer.group.instance.id");

        // given a pod's stable name
        Map<String, Object> props = required();
        props.put("group.instance.id", "herald-dispatcher-2");
        DispatcherConfig config = new DispatcherConfig(props);

        // then the requests consumer, the retry consumer and the correlator's stream threads join as static members,
        // each under its own id; the group-less consumers have none
        assertThat(config.staticMembership()).isTrue();
        assertThat(config.kafkaClients().consumer(Map.of()))
                .containsEntry("group.instance.id", "herald-dispatcher-2-requests");
        assertThat(config.kafkaClients().retryConsumer(Map.of()))
                .containsEntry("group.instance.id", "herald-dispatcher-2-retry");
        assertThat(config.kafkaClients().streams(null))
                .containsEntry("main.consumer.group.instance.id", "herald-dispatcher-2-receipts");
        assertThat(config.kafkaClients().ledgerConsumer()).doesNotContainKey("group.instance.id");
        assertThat(config.kafkaClients().suppressionConsumer()).doesNotContainKey("group.instance.id");
    }

    @Test
    void rejectsAGroupInstanceIdKafkaWouldRefuse() {
        assertInvalid("group.instance.id", "pod 1");
        assertInvalid("group.instance.id", "x".repeat(201));
    }

    @Test
    void ledgerConsumerHasNoGroupAndNoCommits() {
        Map<String, Object> props = required();
        props.put("consumer.group.instance.id", "pod-1");
        Map<String, Object> ledger = new DispatcherConfig(props).kafkaClients().ledgerConsumer();
        assertThat(ledger).doesNotContainKeys("group.id", "group.instance.id")
                .containsEntry("enable.auto.commit", false);
    }

    @Test
    void theGatewayIsSmppByDefaultAndTheHttpKeysHaveDocumentedDefaults() {
        // given only the required keys
        // when
        DispatcherConfig config = new DispatcherConfig(required());
        // then
        assertThat(config.getString(DispatcherConfig.GATEWAY_TYPE_CONFIG)).isEqualTo("smpp");
        assertThat(config.getString(HttpGatewayConfig.HTTP_URL_CONFIG)).isEmpty();
        assertThat(HttpGatewayConfig.httpUrl(config)).isNull();
        assertThat(config.getString(HttpGatewayConfig.HTTP_AUTH_CONFIG)).isEqualTo("none");
        assertThat(config.getPassword(HttpGatewayConfig.HTTP_BEARER_TOKEN_CONFIG).value()).isEmpty();
        assertThat(config.getString(HttpGatewayConfig.HTTP_BASIC_USERNAME_CONFIG)).isEmpty();
        assertThat(config.getPassword(HttpGatewayConfig.HTTP_BASIC_PASSWORD_CONFIG).value()).isEmpty();
        assertThat(config.getString(HttpGatewayConfig.HTTP_PROVIDER_ID_POINTER_CONFIG)).isEqualTo("/id");
        assertThat(config.getInt(HttpGatewayConfig.HTTP_CONNECT_TIMEOUT_MS_CONFIG)).isEqualTo(5_000);
        assertThat(config.getInt(HttpGatewayConfig.HTTP_REQUEST_TIMEOUT_MS_CONFIG)).isEqualTo(10_000);
    }

    @Test
    void anHttpGatewayTakesItsSettingsFromTheHttpKeys() {
        // given gateway.type=http with every http.* key set
        Map<String, Object> props = required();
        props.put(DispatcherConfig.GATEWAY_TYPE_CONFIG, "http");
        props.put(HttpGatewayConfig.HTTP_URL_CONFIG, "https://sms.example.com/v1/messages?key=k");
        props.put(HttpGatewayConfig.HTTP_AUTH_CONFIG, "basic");
        props.put(HttpGatewayConfig.HTTP_BASIC_USERNAME_CONFIG, "herald");
        props.put(HttpGatewayConfig.HTTP_BASIC_PASSWORD_CONFIG, "pw");
        props.put(HttpGatewayConfig.HTTP_PROVIDER_ID_POINTER_CONFIG, "/messages/0/id");
        props.put(HttpGatewayConfig.HTTP_CONNECT_TIMEOUT_MS_CONFIG, "1500");
        props.put(HttpGatewayConfig.HTTP_REQUEST_TIMEOUT_MS_CONFIG, "2500");
        // when
        io.herald.dispatcher.send.http.HttpGatewaySettings settings =
                io.herald.dispatcher.send.http.HttpGatewaySettings.from(new DispatcherConfig(props));
        // then
        assertThat(settings.url()).hasToString("https://sms.example.com/v1/messages?key=k");
        assertThat(settings.auth()).isEqualTo(io.herald.dispatcher.send.http.HttpGatewaySettings.Auth.BASIC);
        assertThat(settings.authorization()).isEqualTo("Basic aGVyYWxkOnB3");
        assertThat(settings.providerIdPointer()).isEqualTo("/messages/0/id");
        assertThat(settings.connectTimeoutMs()).isEqualTo(1500);
        assertThat(settings.requestTimeoutMs()).isEqualTo(2500);
        // and its string form leaves out the password and the query, which may hold a key
        assertThat(settings.toString()).doesNotContain("pw").doesNotContain("key=k")
                .contains("https://sms.example.com/v1/messages");
    }

    @Test
    void anHttpGatewayNeedsAUrlAndTheCredentialsOfItsAuth() {
        // given gateway.type=http without http.url, when / then start-up fails naming http.url
        Map<String, Object> noUrl = required();
        noUrl.put(DispatcherConfig.GATEWAY_TYPE_CONFIG, "http");
        assertThatThrownBy(() -> new DispatcherConfig(noUrl)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(HttpGatewayConfig.HTTP_URL_CONFIG).hasMessageContaining("gateway.type=http");
        // given bearer auth without a token
        Map<String, Object> noToken = required();
        noToken.put(DispatcherConfig.GATEWAY_TYPE_CONFIG, "http");
        noToken.put(HttpGatewayConfig.HTTP_URL_CONFIG, "http://127.0.0.1:8080/sms");
        noToken.put(HttpGatewayConfig.HTTP_AUTH_CONFIG, "bearer");
        assertThatThrownBy(() -> new DispatcherConfig(noToken)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(HttpGatewayConfig.HTTP_BEARER_TOKEN_CONFIG);
        // given basic auth without a user
        Map<String, Object> noUser = required();
        noUser.put(DispatcherConfig.GATEWAY_TYPE_CONFIG, "http");
        noUser.put(HttpGatewayConfig.HTTP_URL_CONFIG, "http://127.0.0.1:8080/sms");
        noUser.put(HttpGatewayConfig.HTTP_AUTH_CONFIG, "basic");
        assertThatThrownBy(() -> new DispatcherConfig(noUser)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(HttpGatewayConfig.HTTP_BASIC_USERNAME_CONFIG);
        // given smpp (the default), an empty http.url is fine
        assertThat(new DispatcherConfig(required()).getString(DispatcherConfig.GATEWAY_TYPE_CONFIG))
                .isEqualTo(DispatcherConfig.GATEWAY_TYPE_SMPP);
    }

    @Test
    void rejectsInvalidHttpValues() {
        assertInvalid(DispatcherConfig.GATEWAY_TYPE_CONFIG, "fax");
        assertInvalid(HttpGatewayConfig.HTTP_URL_CONFIG, "ftp://sms.example.com/");
        assertInvalid(HttpGatewayConfig.HTTP_URL_CONFIG, "/v1/messages");
        assertInvalid(HttpGatewayConfig.HTTP_URL_CONFIG, "http://bad host/");
        assertInvalid(HttpGatewayConfig.HTTP_AUTH_CONFIG, "oauth");
        assertInvalid(HttpGatewayConfig.HTTP_PROVIDER_ID_POINTER_CONFIG, "id");
        assertInvalid(HttpGatewayConfig.HTTP_CONNECT_TIMEOUT_MS_CONFIG, "0");
        assertInvalid(HttpGatewayConfig.HTTP_REQUEST_TIMEOUT_MS_CONFIG, "-1");
    }

    @Test
    void rejectsInvalidSmtpValues() {
        assertInvalid(SmtpConfig.SMTP_TLS_CONFIG, "ssl");
        assertInvalid(SmtpConfig.SMTP_PORT_CONFIG, "0");
        assertInvalid(SmtpConfig.SMTP_PORT_CONFIG, "65536");
        assertInvalid(SmtpConfig.SMTP_HOST_CONFIG, "");
        assertInvalid(SmtpConfig.SMTP_CONNECTIONS_CONFIG, "0");
        assertInvalid(SmtpConfig.SMTP_TIMEOUT_MS_CONFIG, "0");
    }
}
