package io.herald.smsc.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.HexFormat;

/**
 * The FCM service-account key file, {@code fcm-service-account.json}, in the format of the JSON key the Firebase
 * console ("Project settings, Service accounts, Generate new private key") and Google Cloud IAM download: type
 * {@code service_account}, project_id, private_key_id (40 hex digits), private_key (PKCS#8 PEM of an RSA 2048 key),
 * client_email, client_id (21 digits), auth_uri, token_uri, auth_provider_x509_cert_url, client_x509_cert_url,
 * universe_domain. Google's client libraries ({@code ServiceAccountCredentials.fromStream}) read it; they sign their
 * token requests (RFC 7523 JWT bearer grants) with private_key and send them to token_uri.
 */
final class ServiceAccountKeyFile {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RSA_BITS = 2048;
    private static final int CLIENT_ID_DIGITS = 21;
    private static final int PRIVATE_KEY_ID_BYTES = 20;

    /**
     * What the FCM server needs of the key file.
     *
     * @param projectId    project_id: the {@code {project}} of {@code /v1/projects/{project}/messages:send}
     * @param clientEmail  client_email: the {@code iss} of the service account's JWTs
     * @param privateKeyId private_key_id: the {@code kid} of their header
     * @param publicKey    the public half of private_key, which verifies their RS256 signatures
     * @param tokenUri     token_uri as written
     */
    record ServiceAccount(String projectId, String clientEmail, String privateKeyId, RSAPublicKey publicKey,
                          String tokenUri) {
    }

    private ServiceAccountKeyFile() {
    }

    /**
     * Reads the key file, or writes a new one (new RSA key) when there is none; then makes its token_uri
     * {@code tokenUri}, rewriting the file only if it differs.
     *
     * @param file     the key file
     * @param tokenUri the token endpoint's URL, e.g. {@code http://127.0.0.1:2777/token}
     * @param random   the randomness of a new key and its ids
     * @return the service account
     * @throws IOException when the file cannot be read or written, or is not a service-account key with an RSA key
     */
    static ServiceAccount ensure(Path file, String tokenUri, SecureRandom random) throws IOException {
        ObjectNode json = Files.exists(file) ? read(file) : create(random);
        boolean changed = !Files.exists(file) || !tokenUri.equals(json.path("token_uri").asText());
        json.put("token_uri", tokenUri);
        ServiceAccount account;
        try {
            account = account(json);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(file + " is not a service-account key file with an RSA private_key (delete it to "
                    + "have a new one generated): " + e.getMessage(), e);
        }
        if (changed) {
            CredentialFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n", true);
        }
        return account;
    }

    private static ObjectNode read(Path file) throws IOException {
        JsonNode json = JSON.readTree(file.toFile());
        if (json == null || !json.isObject() || !"service_account".equals(json.path("type").asText())) {
            throw new IOException(file + " is not a service-account key file (\"type\": \"service_account\"); delete "
                    + "it to have a new one generated");
        }
        return (ObjectNode) json;
    }

    private static ObjectNode create(SecureRandom random) throws IOException {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(RSA_BITS, random);
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot generate an RSA key", e);
        }
        byte[] keyId = new byte[PRIVATE_KEY_ID_BYTES];
        random.nextBytes(keyId);
        String clientId = new BigInteger(80, random).add(BigInteger.TEN.pow(CLIENT_ID_DIGITS - 1)).toString()
                .substring(0, CLIENT_ID_DIGITS);
        String email = PushCredentials.FCM_CLIENT_EMAIL;
        ObjectNode json = JSON.createObjectNode();
        json.put("type", "service_account");
        json.put("project_id", PushCredentials.FCM_PROJECT_ID);
        json.put("private_key_id", HexFormat.of().formatHex(keyId));
        json.put("private_key", Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded()));
        json.put("client_email", email);
        json.put("client_id", clientId);
        json.put("auth_uri", "https://accounts.google.com/o/oauth2/auth");
        json.put("token_uri", "");
        json.put("auth_provider_x509_cert_url", "https://www.googleapis.com/oauth2/v1/certs");
        json.put("client_x509_cert_url", "https://www.googleapis.com/robot/v1/metadata/x509/"
                + email.replace("@", "%40"));
        json.put("universe_domain", "googleapis.com");
        return json;
    }

    private static ServiceAccount account(ObjectNode json) throws GeneralSecurityException {
        String projectId = required(json, "project_id");
        String clientEmail = required(json, "client_email");
        byte[] der = Pem.decode("PRIVATE KEY", required(json, "private_key"));
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        if (!(rsa.generatePrivate(new PKCS8EncodedKeySpec(der)) instanceof RSAPrivateCrtKey key)) {
            throw new GeneralSecurityException("private_key is not an RSA key with its CRT parameters");
        }
        RSAPublicKey publicKey = (RSAPublicKey) rsa.generatePublic(
                new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        return new ServiceAccount(projectId, clientEmail, json.path("private_key_id").asText(null), publicKey,
                json.path("token_uri").asText());
    }

    private static String required(JsonNode json, String field) {
        String value = json.path(field).asText("");
        if (value.isBlank()) {
            throw new IllegalArgumentException("no " + field);
        }
        return value;
    }
}
