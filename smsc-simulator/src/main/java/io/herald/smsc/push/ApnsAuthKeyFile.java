package io.herald.smsc.push;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;

/**
 * The APNs token-authentication signing key, {@code apns-auth-key.p8}, as Apple's developer portal ("Certificates,
 * Identifiers and Profiles, Keys") gives it: an EC private key on P-256 (secp256r1) in PKCS#8 PEM
 * ({@code -----BEGIN PRIVATE KEY-----}), to sign ES256 provider tokens per Apple's "Establishing a token-based
 * connection to APNs". The simulator keeps only this file and recomputes the public key from it.
 */
final class ApnsAuthKeyFile {

    private static final int P256_FIELD_BITS = 256;

    private ApnsAuthKeyFile() {
    }

    /**
     * Reads the key, or writes a new one when the file does not exist.
     *
     * @param file   the {@code .p8} file
     * @param random the randomness of a new key
     * @return the public key that verifies the provider tokens signed with it
     * @throws IOException when the file cannot be read or written, or holds no P-256 private key
     */
    static ECPublicKey ensure(Path file, SecureRandom random) throws IOException {
        try {
            ECPrivateKey key;
            if (Files.exists(file)) {
                byte[] der = Pem.decode("PRIVATE KEY", Files.readString(file, StandardCharsets.US_ASCII));
                if (!(KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der))
                        instanceof ECPrivateKey read)) {
                    throw new GeneralSecurityException("not an EC key");
                }
                key = read;
            } else {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"), random);
                key = (ECPrivateKey) generator.generateKeyPair().getPrivate();
                CredentialFiles.write(file, Pem.encode("PRIVATE KEY", key.getEncoded()), true);
            }
            if (key.getParams().getCurve().getField().getFieldSize() != P256_FIELD_BITS) {
                throw new GeneralSecurityException("not a P-256 key");
            }
            return EcPublicKeys.derive(key);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(file + " holds no PKCS#8 EC P-256 private key (delete it to have a new one "
                    + "generated): " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code apns.properties}: keyId, teamId, topic, and the APNs server's port.
     *
     * @param file the properties file
     * @param port the port the APNs server listens on
     */
    static void writeProperties(Path file, int port) {
        CredentialFiles.write(file, "# Written by the Herald SMSC simulator at each start: the APNs "
                + "token-authentication settings for apns-auth-key.p8,\n# the only topic (bundle id) its APNs server "
                + "accepts, and its port.\n"
                + "keyId=" + PushCredentials.APNS_KEY_ID + "\n"
                + "teamId=" + PushCredentials.APNS_TEAM_ID + "\n"
                + "topic=" + PushCredentials.APNS_TOPIC + "\n"
                + "port=" + port + "\n", false);
    }
}
