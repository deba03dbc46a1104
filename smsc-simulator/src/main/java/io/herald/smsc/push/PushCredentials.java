package io.herald.smsc.push;

import com.eatthepath.pushy.apns.auth.ApnsVerificationKey;
import io.herald.smsc.push.ApnsServerCertificate.Identity;
import io.herald.smsc.push.ServiceAccountKeyFile.ServiceAccount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.util.Objects;

/**
 * The credentials a client needs to talk to the simulator's push servers, generated on first start into one directory
 * ({@code --push-credentials-dir}) and re-used afterwards, so that a restarted simulator keeps them. Each server makes
 * sure of its own files when it is enabled:
 * <table>
 *   <caption>Files</caption>
 *   <tr><th>File</th><th>Server</th><th>What it is</th></tr>
 *   <tr><td>{@value #FCM_SERVICE_ACCOUNT_FILE}</td><td>FCM</td><td>A Google service-account JSON key (project
 *       {@value #FCM_PROJECT_ID}, client_email {@value #FCM_CLIENT_EMAIL}, an RSA 2048 private_key), token_uri
 *       {@code http://127.0.0.1:<fcm-port>/token}, rewritten whenever the port changes.</td></tr>
 *   <tr><td>{@value #APNS_AUTH_KEY_FILE}</td><td>APNs</td><td>The provider-token signing key, EC P-256, PKCS#8
 *       PEM, as Apple's developer portal gives it.</td></tr>
 *   <tr><td>{@value #APNS_PROPERTIES_FILE}</td><td>APNs</td><td>{@code keyId=}{@value #APNS_KEY_ID},
 *       {@code teamId=}{@value #APNS_TEAM_ID}, {@code topic=}{@value #APNS_TOPIC} (the only bundle id accepted) and
 *       {@code port=<apns-port>}, rewritten at each start.</td></tr>
 *   <tr><td>{@value #APNS_SERVER_CERTIFICATE_FILE}</td><td>APNs</td><td>The APNs server's self-signed TLS
 *       certificate (PEM, SAN {@code IP:127.0.0.1}, {@code DNS:localhost}), for the client to trust.</td></tr>
 *   <tr><td>{@value #APNS_SERVER_KEYSTORE_FILE}</td><td>APNs</td><td>The server's key and certificate, PKCS#12,
 *       password {@code herald-simulator}.</td></tr>
 * </table>
 * Files with private keys are made readable by their owner only (where the file system has POSIX permissions).
 */
public final class PushCredentials {

    /** The FCM service-account key file's name. */
    public static final String FCM_SERVICE_ACCOUNT_FILE = "fcm-service-account.json";
    /** The APNs signing key file's name. */
    public static final String APNS_AUTH_KEY_FILE = "apns-auth-key.p8";
    /** The APNs settings file's name. */
    public static final String APNS_PROPERTIES_FILE = "apns.properties";
    /** The APNs server's certificate file's name. */
    public static final String APNS_SERVER_CERTIFICATE_FILE = "apns-server.pem";
    /** The APNs server's PKCS#12 keystore's name. */
    public static final String APNS_SERVER_KEYSTORE_FILE = "apns-server.p12";

    /** The Firebase project id of a new service-account key. */
    public static final String FCM_PROJECT_ID = "herald-demo";
    /** The client_email of a new service-account key. */
    public static final String FCM_CLIENT_EMAIL = "herald-dispatcher@herald-demo.iam.gserviceaccount.com";
    /** The APNs Key ID (the {@code kid} of provider tokens). */
    public static final String APNS_KEY_ID = "HRLDKEY001";
    /** The APNs Team ID (the {@code iss} of provider tokens). */
    public static final String APNS_TEAM_ID = "HRLDTEAM01";
    /** The only {@code apns-topic} (app bundle id) the APNs server accepts. */
    public static final String APNS_TOPIC = "io.herald.demo";

    private final Path dir;
    private final SecureRandom random = new SecureRandom();
    private ServiceAccount serviceAccount;
    private ECPublicKey apnsPublicKey;
    private Identity apnsServerIdentity;

    /**
     * @param dir the credentials directory; created on first use if missing
     */
    public PushCredentials(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    /** @return the credentials directory */
    public Path dir() {
        return dir;
    }

    /**
     * Makes sure of the FCM key file and points its token_uri at the FCM server.
     *
     * @param tokenUri the token endpoint, e.g. {@code http://127.0.0.1:2777/token}
     * @throws IOException when the directory or file cannot be made, read or written, or holds no usable key
     */
    synchronized void ensureFcm(String tokenUri) throws IOException {
        Files.createDirectories(dir);
        serviceAccount = ServiceAccountKeyFile.ensure(dir.resolve(FCM_SERVICE_ACCOUNT_FILE), tokenUri, random);
    }

    /**
     * Makes sure of the APNs signing key and the server's TLS identity (not of {@value #APNS_PROPERTIES_FILE}, written
     * by {@link #writeApnsProperties(int)} once the port is known).
     *
     * @throws IOException when a file cannot be made, read or written, or keytool fails
     */
    synchronized void ensureApns() throws IOException {
        Files.createDirectories(dir);
        apnsPublicKey = ApnsAuthKeyFile.ensure(dir.resolve(APNS_AUTH_KEY_FILE), random);
        apnsServerIdentity = ApnsServerCertificate.ensure(dir.resolve(APNS_SERVER_KEYSTORE_FILE),
                dir.resolve(APNS_SERVER_CERTIFICATE_FILE));
    }

    /** @param port the APNs server's port, written to {@value #APNS_PROPERTIES_FILE} */
    synchronized void writeApnsProperties(int port) {
        ApnsAuthKeyFile.writeProperties(dir.resolve(APNS_PROPERTIES_FILE), port);
    }

    /**
     * @return the service account of the FCM key file
     * @throws IllegalStateException before {@link #ensureFcm(String)}
     */
    synchronized ServiceAccount serviceAccount() {
        return require(serviceAccount, "FCM");
    }

    /**
     * @return the key that verifies provider tokens, named by {@link #APNS_KEY_ID} and {@link #APNS_TEAM_ID}
     * @throws IllegalStateException before {@link #ensureApns()}
     */
    synchronized ApnsVerificationKey apnsVerificationKey() {
        try {
            return new ApnsVerificationKey(APNS_KEY_ID, APNS_TEAM_ID,
                    require(apnsPublicKey, "APNs"));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("the APNs key is not an ES256 key", e);
        }
    }

    /**
     * @return the APNs server's TLS key and certificate
     * @throws IllegalStateException before {@link #ensureApns()}
     */
    synchronized Identity apnsServerIdentity() {
        return require(apnsServerIdentity, "APNs");
    }

    private static <T> T require(T value, String server) {
        if (value == null) {
            throw new IllegalStateException("the " + server + " credentials are not loaded");
        }
        return value;
    }

    @Override
    public String toString() {
        return "PushCredentials{" + dir + "}";
    }
}
