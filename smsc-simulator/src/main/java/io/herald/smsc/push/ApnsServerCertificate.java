package io.herald.smsc.push;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The TLS identity of the simulator's APNs server: an EC P-256 key pair and a self-signed X.509 certificate
 * ({@code CN=localhost}, subjectAltName {@code IP:127.0.0.1} and {@code DNS:localhost}, 10 years), made by the JDK's
 * own {@code keytool -genkeypair} into a PKCS#12 keystore, {@code apns-server.p12} (store and key password
 * {@value #PASSWORD}, alias {@value #ALIAS}), and exported as PEM to {@code apns-server.pem} for clients to trust.
 * A keystore whose certificate expires within a day is made again.
 */
final class ApnsServerCertificate {

    /** The keystore's store and key password: a test credential, written here on purpose. */
    static final String PASSWORD = "herald-simulator";
    /** The key entry's alias in the keystore. */
    static final String ALIAS = "apns-server";

    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;
    private static final Duration RENEW_BEFORE = Duration.ofDays(1);

    /**
     * @param privateKey  the server's TLS private key
     * @param certificate its self-signed certificate
     */
    record Identity(PrivateKey privateKey, X509Certificate certificate) {
    }

    private ApnsServerCertificate() {
    }

    /**
     * Loads the keystore, or has keytool make it when missing or about to expire; then writes the PEM certificate
     * when it is missing or differs.
     *
     * @param keystore the {@code .p12} file
     * @param pem      the {@code .pem} file
     * @return the key and certificate
     * @throws IOException when keytool fails or is missing, or a file cannot be read or written
     */
    static Identity ensure(Path keystore, Path pem) throws IOException {
        Identity identity = Files.exists(keystore) ? load(keystore) : null;
        if (identity == null || expiresSoon(identity.certificate())) {
            Files.deleteIfExists(keystore);
            runKeytool(keystore);
            identity = load(keystore);
        }
        String certificatePem;
        try {
            certificatePem = Pem.encode("CERTIFICATE", identity.certificate().getEncoded());
        } catch (CertificateException e) {
            throw new IOException("cannot encode the APNs server certificate", e);
        }
        if (!Files.exists(pem) || !certificatePem.equals(Files.readString(pem, StandardCharsets.US_ASCII))) {
            CredentialFiles.write(pem, certificatePem, false);
        }
        return identity;
    }

    private static boolean expiresSoon(X509Certificate certificate) {
        return certificate.getNotAfter().before(Date.from(Instant.now().plus(RENEW_BEFORE)));
    }

    private static Identity load(Path keystore) throws IOException {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            if (!(store.getKey(ALIAS, PASSWORD.toCharArray()) instanceof PrivateKey key)
                    || !(store.getCertificate(ALIAS) instanceof X509Certificate certificate)) {
                throw new IOException(keystore + " has no key entry '" + ALIAS
                        + "' (delete it to have a new one made)");
            }
            return new Identity(key, certificate);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read " + keystore + " with password '" + PASSWORD + "' (delete it to have a "
                    + "new one made): " + e.getMessage(), e);
        }
    }

    private static void runKeytool(Path keystore) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS,
                "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=localhost, O=Herald SMSC simulator", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-ext", "EKU=serverAuth", "-validity", "3650", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot run " + keytool + " to make the APNs server certificate (a JDK's keytool is "
                    + "needed): " + e.getMessage(), e);
        }
        try (InputStream out = process.getInputStream()) {
            String output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("keytool did not finish within " + KEYTOOL_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0 || !Files.exists(keystore)) {
                throw new IOException("keytool failed (exit code " + process.exitValue() + "): " + output.strip());
            }
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(keystore, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool made the APNs server certificate", e);
        }
    }
}
