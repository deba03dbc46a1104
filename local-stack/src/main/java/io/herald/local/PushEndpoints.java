package io.herald.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where the SMSC simulator's push servers listen, and the credentials it generated for them in
 * {@code credentialsDir}: {@value #FCM_SERVICE_ACCOUNT} (a Google service-account key whose {@code token_uri} is the
 * simulator's OAuth2 endpoint), {@value #APNS_AUTH_KEY} (an APNs token-signing key, PKCS#8 PEM),
 * {@value #APNS_PROPERTIES} ({@code keyId}, {@code teamId}, {@code topic}) and {@value #APNS_SERVER_CERTIFICATE}
 * (the self-signed certificate of the APNs server's TLS).
 *
 * @param host the servers' address
 * @param apnsPort the APNs server's port (HTTP/2 over TLS)
 * @param fcmPort the FCM server's port (HTTP/1.1, plain text: {@code /token} and {@code /v1/projects/…})
 * @param credentialsDir the folder of the credentials
 */
public record PushEndpoints(String host, int apnsPort, int fcmPort, Path credentialsDir) {

    /** The service-account key file. */
    public static final String FCM_SERVICE_ACCOUNT = "fcm-service-account.json";
    /** The APNs signing key file. */
    public static final String APNS_AUTH_KEY = "apns-auth-key.p8";
    /** The APNs key id, team id and topic. */
    public static final String APNS_PROPERTIES = "apns.properties";
    /** The APNs server's certificate. */
    public static final String APNS_SERVER_CERTIFICATE = "apns-server.pem";

    /**
     * The keys of a dispatcher that sends push through these servers: gateways {@code apns} and {@code fcm}, to add
     * to the names of its {@code gateways}.
     *
     * @return the keys, {@code gateway.apns.type=apns}, {@code apns.*}, {@code gateway.fcm.type=fcm},
     *     {@code fcm.*}
     * @throws UncheckedIOException if {@value #APNS_PROPERTIES} cannot be read
     */
    public Map<String, String> dispatcherProperties() {
        Properties apns = new Properties();
        try (InputStream in = Files.newInputStream(credentialsDir.resolve(APNS_PROPERTIES))) {
            apns.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the simulator's " + APNS_PROPERTIES, e);
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("gateway.apns.type", "apns");
        p.put("apns.host", host);
        p.put("apns.port", Integer.toString(apnsPort));
        p.put("apns.signing.key.file", credentialsDir.resolve(APNS_AUTH_KEY).toString());
        p.put("apns.key.id", apns.getProperty("keyId"));
        p.put("apns.team.id", apns.getProperty("teamId"));
        p.put("apns.topic", apns.getProperty("topic"));
        p.put("apns.trusted.certificate.file", credentialsDir.resolve(APNS_SERVER_CERTIFICATE).toString());
        p.put("gateway.fcm.type", "fcm");
        p.put("fcm.url", LocalPorts.httpUrl(fcmPort));
        p.put("fcm.service.account.file", credentialsDir.resolve(FCM_SERVICE_ACCOUNT).toString());
        return p;
    }
}
