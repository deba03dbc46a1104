package io.herald.smsc.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eatthepath.pushy.apns.auth.ApnsSigningKey;
import com.google.auth.oauth2.ServiceAccountCredentials;
import io.herald.smsc.SmscSimulator;
import io.herald.smsc.SmscSimulatorConfig;
import io.herald.smsc.SmscSimulatorMain;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The credentials the simulator generates for its push servers, read by the real clients' own loaders. */
class PushCredentialsTest {

    @TempDir
    Path dir;

    private SmscSimulator start(Path credentials) throws Exception {
        SmscSimulator smsc = new SmscSimulator(SmscSimulatorConfig.builder().smppPort(0).httpPort(0).fcmPort(0)
                .apnsPort(0).pushCredentialsDir(credentials).build());
        smsc.start();
        return smsc;
    }

    private static String read(Path file) throws Exception {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Test
    void shouldGenerateCredentialsThatGoogleAuthLibraryAndPushyLoad() throws Exception {
        // given a directory that does not exist yet
        Path credentials = dir.resolve("push");

        // when
        int fcmPort;
        int apnsPort;
        try (SmscSimulator smsc = start(credentials)) {
            fcmPort = smsc.fcmPort();
            apnsPort = smsc.apnsPort();
        }

        // then the FCM key file is a service-account key as Google's library reads it
        ServiceAccountCredentials account;
        try (InputStream in = new FileInputStream(
                credentials.resolve(PushCredentials.FCM_SERVICE_ACCOUNT_FILE).toFile())) {
            account = ServiceAccountCredentials.fromStream(in);
        }
        assertThat(account.getProjectId()).isEqualTo("herald-demo");
        assertThat(account.getClientEmail()).isEqualTo("herald-dispatcher@herald-demo.iam.gserviceaccount.com");
        assertThat(account.getPrivateKeyId()).matches("[0-9a-f]{40}");
        assertThat(account.getClientId()).matches("\\d{21}");
        assertThat(account.getPrivateKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(account.getTokenServerUri()).hasToString("http://127.0.0.1:" + fcmPort + "/token");
        // and the APNs key is a PKCS#8 EC key as Pushy reads it
        Path p8 = credentials.resolve(PushCredentials.APNS_AUTH_KEY_FILE);
        assertThat(read(p8)).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        ApnsSigningKey signingKey = ApnsSigningKey.loadFromPkcs8File(p8.toFile(), "HRLDTEAM01", "HRLDKEY001");
        assertThat(signingKey.getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        Properties apns = new Properties();
        try (InputStream in = Files.newInputStream(credentials.resolve(PushCredentials.APNS_PROPERTIES_FILE))) {
            apns.load(in);
        }
        assertThat(apns).containsEntry("keyId", "HRLDKEY001").containsEntry("teamId", "HRLDTEAM01")
                .containsEntry("topic", "io.herald.demo").containsEntry("port", String.valueOf(apnsPort));
        // and the server certificate names 127.0.0.1 and localhost
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Files.readAllBytes(
                        credentials.resolve(PushCredentials.APNS_SERVER_CERTIFICATE_FILE))));
        assertThat(certificate.getSubjectAlternativeNames())
                .contains(List.of(7, "127.0.0.1"), List.of(2, "localhost"));
        assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(credentials.resolve(PushCredentials.APNS_SERVER_KEYSTORE_FILE)).isRegularFile();
    }

    @Test
    void shouldKeepItsKeysAfterARestartAndPointTheFilesAtTheNewPorts() throws Exception {
        // given a first run
        try (SmscSimulator first = start(dir)) {
            assertThat(first.fcmPort()).isPositive();
        }
        String serviceAccount = read(dir.resolve(PushCredentials.FCM_SERVICE_ACCOUNT_FILE));
        String p8 = read(dir.resolve(PushCredentials.APNS_AUTH_KEY_FILE));
        String pem = read(dir.resolve(PushCredentials.APNS_SERVER_CERTIFICATE_FILE));

        // when the simulator starts again, on other free ports
        try (SmscSimulator second = start(dir)) {
            // then the keys are the same, and the token_uri and port follow the new ports
            String rewritten = read(dir.resolve(PushCredentials.FCM_SERVICE_ACCOUNT_FILE));
            assertThat(rewritten).contains("\"token_uri\" : \"http://127.0.0.1:" + second.fcmPort() + "/token\"");
            assertThat(privateKey(rewritten)).isEqualTo(privateKey(serviceAccount));
            assertThat(read(dir.resolve(PushCredentials.APNS_AUTH_KEY_FILE))).isEqualTo(p8);
            assertThat(read(dir.resolve(PushCredentials.APNS_SERVER_CERTIFICATE_FILE))).isEqualTo(pem);
            assertThat(read(dir.resolve(PushCredentials.APNS_PROPERTIES_FILE)))
                    .contains("port=" + second.apnsPort() + "\n");
            // and a token from the kept key is still granted
            assertThat(new FcmTestClient(second.fcmPort(), dir).accessToken()).startsWith("ya29.");
        }
    }

    private static String privateKey(String serviceAccountJson) {
        int from = serviceAccountJson.indexOf("\"private_key\"");
        return serviceAccountJson.substring(from, serviceAccountJson.indexOf('\n', from));
    }

    @Test
    void shouldRefuseAPushPortWithoutACredentialsDirectory() {
        // when / then, in process
        assertThatThrownBy(() -> SmscSimulatorConfig.builder().apnsPort(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--push-credentials-dir DIR");
        // and on the command line, before anything listens
        assertThat(SmscSimulatorMain.execute("--smpp-port", "0", "--http-port", "0", "--fcm-port", "0"))
                .isEqualTo(SmscSimulatorMain.EXIT_PORT_IN_USE);
    }

    @Test
    void shouldRecomputeTheApnsPublicKeyFromThePrivateKeyAlone() throws Exception {
        // given
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = ec.generateKeyPair();

        // when
        var derived = EcPublicKeys.derive((ECPrivateKey) pair.getPrivate());

        // then
        assertThat(derived.getEncoded()).isEqualTo(pair.getPublic().getEncoded());
    }
}
