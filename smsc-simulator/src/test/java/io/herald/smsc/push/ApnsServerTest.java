package io.herald.smsc.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eatthepath.pushy.apns.ApnsClient;
import com.eatthepath.pushy.apns.ApnsClientBuilder;
import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.PushNotificationResponse;
import com.eatthepath.pushy.apns.PushType;
import com.eatthepath.pushy.apns.auth.ApnsSigningKey;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import io.herald.smsc.PortInUseException;
import io.herald.smsc.SmscSimulator;
import io.herald.smsc.SmscSimulatorConfig;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator's APNs server (Pushy's MockApnsServer) against Pushy's real {@link ApnsClient}: HTTP/2 over TLS, the
 * server certificate trusted from {@code apns-server.pem}, token-based authentication with {@code apns-auth-key.p8}.
 */
class ApnsServerTest {

    private static final String DEVICE = "a1b2c3d4".repeat(8);
    private static final String PAYLOAD = """
            {"aps":{"alert":{"title":"Your code","body":"Code 1234"},"badge":3,"sound":"default"},
             "herald_message_id":"%s","orderId":"42"}""";

    @TempDir
    static Path credentialsDir;
    @TempDir
    static Path otherKeyDir;

    private static SmscSimulator smsc;
    private static ApnsClient client;

    @BeforeAll
    static void start() throws Exception {
        smsc = new SmscSimulator(SmscSimulatorConfig.builder().smppPort(0).httpPort(0).apnsPort(0)
                .pushCredentialsDir(credentialsDir).build());
        smsc.start();
        client = client(credentialsDir.resolve(PushCredentials.APNS_AUTH_KEY_FILE).toFile());
    }

    private static ApnsClient client(File signingKey) throws Exception {
        return new ApnsClientBuilder()
                .setApnsServer("127.0.0.1", smsc.apnsPort())
                .setSigningKey(ApnsSigningKey.loadFromPkcs8File(signingKey, PushCredentials.APNS_TEAM_ID,
                        PushCredentials.APNS_KEY_ID))
                .setTrustedServerCertificateChain(
                        credentialsDir.resolve(PushCredentials.APNS_SERVER_CERTIFICATE_FILE).toFile())
                .setConnectionTimeout(Duration.ofSeconds(10))
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close().get(10, TimeUnit.SECONDS);
        smsc.close();
    }

    @BeforeEach
    void reset() {
        smsc.reset();
    }

    private static PushNotificationResponse<SimpleApnsPushNotification> send(ApnsClient apns, String token,
            String topic, UUID apnsId) throws Exception {
        SimpleApnsPushNotification notification = new SimpleApnsPushNotification(token, topic,
                PAYLOAD.formatted(apnsId), Instant.now().plusSeconds(3600), DeliveryPriority.IMMEDIATE,
                PushType.ALERT, "otp", apnsId);
        return apns.sendNotification(notification).get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldAcceptAndRecordANotificationSentByPushy() throws Exception {
        // given
        UUID heraldId = UUID.randomUUID();

        // when
        PushNotificationResponse<SimpleApnsPushNotification> response =
                send(client, DEVICE, PushCredentials.APNS_TOPIC, heraldId);

        // then
        assertThat(response.isAccepted()).as("%s", response).isTrue();
        assertThat(response.getApnsId()).isEqualTo(heraldId);
        assertThat(smsc.pushes()).singleElement().satisfies(push -> {
            assertThat(push.platform()).isEqualTo("ios");
            assertThat(push.token()).isEqualTo(DEVICE);
            assertThat(push.heraldMessageId()).isEqualTo(heraldId.toString());
            assertThat(push.gatewayId()).isEqualTo(heraldId.toString());
            assertThat(push.title()).isEqualTo("Your code");
            assertThat(push.body()).isEqualTo("Code 1234");
            assertThat(push.data()).isEqualTo(Map.of("orderId", "42"));
            assertThat(push.badge()).isEqualTo(3);
            assertThat(push.sound()).isEqualTo("default");
            assertThat(push.collapseKey()).isEqualTo("otp");
            assertThat(push.priority()).isEqualTo("high");
            assertThat(push.ttlSeconds()).isBetween(3590L, 3600L);
            assertThat(push.topic()).isEqualTo(PushCredentials.APNS_TOPIC);
            assertThat(push.pushType()).isEqualTo("alert");
            assertThat(push.payload().at("/aps/badge").asInt()).isEqualTo(3);
        });
        assertThat(smsc.pushStats().apnsReceived()).isEqualTo(1);
    }

    @Test
    void shouldAnswerUnregisteredWithATimestampForATokenMarkedUnregistered() throws Exception {
        // given
        Instant before = Instant.now().minusSeconds(1);
        smsc.pushFaults().unregister(List.of(DEVICE.toUpperCase()));

        // when
        PushNotificationResponse<SimpleApnsPushNotification> response =
                send(client, DEVICE, PushCredentials.APNS_TOPIC, UUID.randomUUID());

        // then
        assertThat(response.isAccepted()).isFalse();
        assertThat(response.getStatusCode()).isEqualTo(410);
        assertThat(response.getRejectionReason()).hasValue("Unregistered");
        assertThat(response.getTokenInvalidationTimestamp()).hasValueSatisfying(
                timestamp -> assertThat(timestamp).isBetween(before, Instant.now()));
        assertThat(smsc.pushes()).isEmpty();
        assertThat(smsc.pushStats().apnsRejected()).isEqualTo(1);
    }

    @Test
    void shouldRejectAProviderTokenSignedWithAnotherKeyAsInvalidProviderToken() throws Exception {
        // given a .p8 with the same key id and team id but another key
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        Path otherKey = otherKeyDir.resolve("other.p8");
        Files.writeString(otherKey, Pem.encode("PRIVATE KEY", ec.generateKeyPair().getPrivate().getEncoded()));
        ApnsClient impostor = client(otherKey.toFile());

        // when
        PushNotificationResponse<SimpleApnsPushNotification> response;
        try {
            response = send(impostor, DEVICE, PushCredentials.APNS_TOPIC, UUID.randomUUID());
        } finally {
            impostor.close().get(10, TimeUnit.SECONDS);
        }

        // then
        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(response.getRejectionReason()).hasValue("InvalidProviderToken");
        assertThat(smsc.pushes()).isEmpty();
    }

    @Test
    void shouldRejectAnotherTopicAndAMalformedDeviceToken() throws Exception {
        // when
        PushNotificationResponse<SimpleApnsPushNotification> otherTopic =
                send(client, DEVICE, "com.example.other", UUID.randomUUID());
        PushNotificationResponse<SimpleApnsPushNotification> badToken =
                send(client, "not-a-hex-token", PushCredentials.APNS_TOPIC, UUID.randomUUID());

        // then
        assertThat(otherTopic.getRejectionReason()).hasValue("TopicDisallowed");
        assertThat(badToken.getStatusCode()).isEqualTo(400);
        assertThat(badToken.getRejectionReason()).hasValue("BadDeviceToken");
        assertThat(smsc.pushStats().apnsRejected()).isEqualTo(2);
        assertThat(smsc.pushes()).isEmpty();
    }

    @Test
    void shouldAnswerServiceUnavailableAndTooManyRequestsAsSet() throws Exception {
        // when
        smsc.pushFaults().apns(PushFaults.Mode.UNAVAILABLE);
        PushNotificationResponse<SimpleApnsPushNotification> down =
                send(client, DEVICE, PushCredentials.APNS_TOPIC, UUID.randomUUID());
        smsc.pushFaults().apns(PushFaults.Mode.THROTTLE);
        PushNotificationResponse<SimpleApnsPushNotification> throttled =
                send(client, DEVICE, PushCredentials.APNS_TOPIC, UUID.randomUUID());

        // then
        assertThat(down.getStatusCode()).isEqualTo(503);
        assertThat(down.getRejectionReason()).hasValue("ServiceUnavailable");
        assertThat(throttled.getStatusCode()).isEqualTo(429);
        assertThat(throttled.getRejectionReason()).hasValue("TooManyRequests");
        assertThat(smsc.pushes()).isEmpty();
    }

    @Test
    void shouldNameTheApnsPortWhenItIsAlreadyInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            SmscSimulator second = new SmscSimulator(SmscSimulatorConfig.builder().smppPort(0).httpPort(0)
                    .apnsPort(taken.getLocalPort()).pushCredentialsDir(credentialsDir).build());

            assertThatThrownBy(second::start)
                    .isInstanceOf(PortInUseException.class)
                    .satisfies(e -> assertThat(((PortInUseException) e).port()).isEqualTo(taken.getLocalPort()));
            second.close();
        }
    }
}
