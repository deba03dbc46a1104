package io.herald.dispatcher.send.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.dispatcher.send.Message;
import io.herald.dispatcher.send.SendResult;
import io.herald.push.PushPayloads;
import io.herald.schema.PushPlatform;
import io.herald.schema.PushPriority;
import io.herald.smsc.SmscSimulator;
import io.herald.smsc.SmscSimulatorConfig;
import io.herald.smsc.push.PushCredentials;
import io.herald.smsc.push.PushFaults;
import io.herald.smsc.push.ReceivedPush;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The APNs gateway (Pushy) and the FCM gateway (HTTP v1, google-auth tokens) against the SMSC simulator's APNs
 * server (Pushy's MockApnsServer, TLS, provider tokens verified) and FCM server (OAuth2 token endpoint, bearer tokens
 * verified): what arrives, and how each answer maps.
 */
class PushGatewaysTest {

    private static final String IOS_TOKEN = "ab".repeat(32);
    private static final String ANDROID_TOKEN = "fcm-token_" + "x".repeat(60) + ":APA91b";

    @TempDir
    static Path credentials;
    private static SmscSimulator simulator;
    private static ApnsGateway apns;
    private static FcmGateway fcm;

    @BeforeAll
    static void start() throws IOException {
        simulator = new SmscSimulator(SmscSimulatorConfig.builder().host("127.0.0.1").smppPort(0).httpPort(0)
                .fcmPort(0).apnsPort(0).pushCredentialsDir(credentials).build());
        simulator.start();
        apns = new ApnsGateway(new ApnsSettings("127.0.0.1", simulator.apnsPort(),
                credentials.resolve(PushCredentials.APNS_AUTH_KEY_FILE).toString(), null, PushCredentials.APNS_KEY_ID,
                PushCredentials.APNS_TEAM_ID, PushCredentials.APNS_TOPIC,
                credentials.resolve(PushCredentials.APNS_SERVER_CERTIFICATE_FILE).toString(), 1, 5_000, 5_000),
                Clock.systemUTC());
        fcm = new FcmGateway(new FcmSettings(URI.create("http://127.0.0.1:" + simulator.fcmPort()),
                credentials.resolve(PushCredentials.FCM_SERVICE_ACCOUNT_FILE).toString(), null, null, null, 5_000,
                5_000), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        apns.close();
        fcm.close();
        simulator.close();
    }

    @BeforeEach
    void reset() {
        simulator.reset();
    }

    private static Message push(PushPlatform platform, String token) {
        return Message.push("herald", new PushPayloads.Content(UUID.randomUUID().toString(), platform, token,
                "Order 17", "Hi Ola, it shipped", Map.of("orderId", "17"), 3600, "orders", PushPriority.NORMAL,
                platform == PushPlatform.IOS ? 2 : null, "default"));
    }

    @Test
    void anIosPushArrivesAtApnsWithItsIdTitleBodyDataAndOptions() {
        Message message = push(PushPlatform.IOS, IOS_TOKEN);

        SendResult result = apns.send(message);

        assertThat(result.isAccepted()).as("%s", result).isTrue();
        assertThat(result.gatewayMessageId()).isEqualTo(message.messageId());
        assertThat(simulator.pushes()).singleElement().satisfies(push -> {
            assertThat(push.platform()).isEqualTo(ReceivedPush.IOS);
            assertThat(push.token()).isEqualTo(IOS_TOKEN);
            assertThat(push.heraldMessageId()).isEqualTo(message.messageId());
            assertThat(push.gatewayId()).isEqualTo(message.messageId());
            assertThat(push.title()).isEqualTo("Order 17");
            assertThat(push.body()).isEqualTo("Hi Ola, it shipped");
            assertThat(push.data()).isEqualTo(Map.of("orderId", "17"));
            assertThat(push.badge()).isEqualTo(2);
            assertThat(push.sound()).isEqualTo("default");
            assertThat(push.collapseKey()).isEqualTo("orders");
            assertThat(push.priority()).isEqualTo("normal");
            assertThat(push.topic()).isEqualTo(PushCredentials.APNS_TOPIC);
        });
    }

    @Test
    void anAndroidPushArrivesAtFcmWithItsIdTitleBodyDataAndOptions() {
        Message message = push(PushPlatform.ANDROID, ANDROID_TOKEN);

        SendResult result = fcm.send(message);

        assertThat(result.isAccepted()).as("%s", result).isTrue();
        assertThat(result.gatewayMessageId()).startsWith("projects/" + PushCredentials.FCM_PROJECT_ID + "/messages/");
        assertThat(simulator.pushes()).singleElement().satisfies(push -> {
            assertThat(push.platform()).isEqualTo(ReceivedPush.ANDROID);
            assertThat(push.token()).isEqualTo(ANDROID_TOKEN);
            assertThat(push.heraldMessageId()).isEqualTo(message.messageId());
            assertThat(push.gatewayId()).isEqualTo(result.gatewayMessageId());
            assertThat(push.title()).isEqualTo("Order 17");
            assertThat(push.body()).isEqualTo("Hi Ola, it shipped");
            assertThat(push.data()).isEqualTo(Map.of("orderId", "17"));
            assertThat(push.collapseKey()).isEqualTo("orders");
            assertThat(push.priority()).isEqualTo("normal");
            assertThat(push.ttlSeconds()).isEqualTo(3600L);
        });
        // one access token serves many sends (fetched at most once here; maybe by an earlier test)
        fcm.send(push(PushPlatform.ANDROID, ANDROID_TOKEN));
        fcm.send(push(PushPlatform.ANDROID, ANDROID_TOKEN));
        assertThat(simulator.pushStats().fcmReceived()).isEqualTo(3);
        assertThat(simulator.pushStats().tokensIssued()).isLessThanOrEqualTo(1);
    }

    @Test
    void unregisteredTokensAreUnregisteredFailuresOnBothServices() {
        simulator.pushFaults().unregister(List.of(IOS_TOKEN, ANDROID_TOKEN));

        SendResult ios = apns.send(push(PushPlatform.IOS, IOS_TOKEN));
        SendResult android = fcm.send(push(PushPlatform.ANDROID, ANDROID_TOKEN));

        assertThat(ios.isUnregistered()).as("%s", ios).isTrue();
        assertThat(ios.errorCode()).isEqualTo("APNS_UNREGISTERED");
        assertThat(android.isUnregistered()).as("%s", android).isTrue();
        assertThat(android.errorCode()).isEqualTo("FCM_UNREGISTERED");
        assertThat(simulator.pushes()).isEmpty();
    }

    @Test
    void outagesMakeTheGatewayUnavailableAndThrottlingIsThrottling() {
        simulator.pushFaults().apns(PushFaults.Mode.UNAVAILABLE);
        simulator.pushFaults().fcm(PushFaults.Mode.THROTTLE);
        simulator.pushFaults().retryAfterSeconds(7);

        SendResult ios = apns.send(push(PushPlatform.IOS, IOS_TOKEN));
        SendResult android = fcm.send(push(PushPlatform.ANDROID, ANDROID_TOKEN));

        assertThat(ios.isGatewayUnavailable()).as("%s", ios).isTrue();
        assertThat(ios.errorCode()).isEqualTo("APNS_SERVICE_UNAVAILABLE");
        assertThat(android.isThrottled()).as("%s", android).isTrue();
        assertThat(android.retryAfterMs()).isEqualTo(7_000);

        simulator.pushFaults().fcm(PushFaults.Mode.UNAVAILABLE);
        SendResult down = fcm.send(push(PushPlatform.ANDROID, ANDROID_TOKEN));
        assertThat(down.isGatewayUnavailable()).as("%s", down).isTrue();
        assertThat(down.errorCode()).isEqualTo("FCM_UNAVAILABLE");
    }

    @Test
    void aMalformedTokenIsAPermanentFailureNotAnUnregisteredOne() {
        SendResult ios = apns.send(push(PushPlatform.IOS, "not-hex-" + "z".repeat(60)));

        assertThat(ios.kind()).isEqualTo(SendResult.Kind.PERMANENT_FAILURE);
        assertThat(ios.isUnregistered()).isFalse();
        assertThat(ios.errorCode()).isEqualTo("APNS_BAD_DEVICE_TOKEN");
    }

    @Test
    void aGatewayRefusesAPushOfTheOtherPlatform() {
        assertThat(apns.send(push(PushPlatform.ANDROID, ANDROID_TOKEN)).kind())
                .isEqualTo(SendResult.Kind.PERMANENT_FAILURE);
        assertThat(fcm.send(push(PushPlatform.IOS, IOS_TOKEN)).kind()).isEqualTo(SendResult.Kind.PERMANENT_FAILURE);
        assertThat(simulator.pushes()).isEmpty();
    }

    @Test
    void aServerThatIsNotThereIsAnUnavailableGateway() {
        FcmGateway nowhere = new FcmGateway(new FcmSettings(URI.create("http://127.0.0.1:9"),
                credentials.resolve(PushCredentials.FCM_SERVICE_ACCOUNT_FILE).toString(), null, null,
                URI.create("http://127.0.0.1:9/token"), 1_000, 1_000), Clock.systemUTC());
        try {
            SendResult result = nowhere.send(push(PushPlatform.ANDROID, ANDROID_TOKEN));
            assertThat(result.isGatewayUnavailable()).as("%s", result).isTrue();
            assertThat(result.errorCode()).isEqualTo(FcmGateway.AUTH_FAILED);
        } finally {
            nowhere.close();
        }
    }

    @Test
    void theKeysMayBeGivenAsContentInsteadOfFiles() throws IOException {
        // as a Secret in an environment variable gives them: the PEM and the JSON text
        ApnsGateway apnsFromText = new ApnsGateway(new ApnsSettings("127.0.0.1", simulator.apnsPort(), null,
                Files.readString(credentials.resolve(PushCredentials.APNS_AUTH_KEY_FILE)), PushCredentials.APNS_KEY_ID,
                PushCredentials.APNS_TEAM_ID, PushCredentials.APNS_TOPIC,
                credentials.resolve(PushCredentials.APNS_SERVER_CERTIFICATE_FILE).toString(), 1, 5_000, 5_000),
                Clock.systemUTC());
        FcmGateway fcmFromText = new FcmGateway(new FcmSettings(URI.create("http://127.0.0.1:" + simulator.fcmPort()),
                null, Files.readString(credentials.resolve(PushCredentials.FCM_SERVICE_ACCOUNT_FILE)), null, null,
                5_000, 5_000), Clock.systemUTC());
        try {
            assertThat(apnsFromText.send(push(PushPlatform.IOS, IOS_TOKEN)).isAccepted()).isTrue();
            assertThat(fcmFromText.send(push(PushPlatform.ANDROID, ANDROID_TOKEN)).isAccepted()).isTrue();
            assertThat(simulator.pushes()).hasSize(2);
        } finally {
            apnsFromText.close();
            fcmFromText.close();
        }
    }
}
