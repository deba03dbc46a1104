package io.herald.smsc.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A client of the simulator's FCM server as Herald's dispatcher is one: Google's own OAuth2 library
 * (google-auth-library) for the access token, the JDK's HTTP client for {@code messages:send}.
 */
final class FcmTestClient {

    static final String MESSAGING_SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;
    private final Path credentialsDir;

    FcmTestClient(int port, Path credentialsDir) {
        this.port = port;
        this.credentialsDir = credentialsDir;
    }

    /** @return the service account of the simulator's key file, scoped for FCM, as Google's library reads it */
    GoogleCredentials credentials() throws Exception {
        try (InputStream in = new FileInputStream(
                credentialsDir.resolve(PushCredentials.FCM_SERVICE_ACCOUNT_FILE).toFile())) {
            return ServiceAccountCredentials.fromStream(in).createScoped(List.of(MESSAGING_SCOPE));
        }
    }

    /** @return a new access token from the simulator's token endpoint */
    String accessToken() throws Exception {
        AccessToken token = credentials().refreshAccessToken();
        return token.getTokenValue();
    }

    /**
     * @param bearer the access token, or null for no Authorization header
     * @param body   the request body
     * @return the answer
     */
    HttpResponse<String> send(String bearer, String body) throws Exception {
        return send(PushCredentials.FCM_PROJECT_ID, bearer, body);
    }

    HttpResponse<String> send(String project, String bearer, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/projects/" + project + "/messages:send"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** @return a message body with a token, a notification, data with herald_message_id, and android options */
    static String message(String token, String heraldId) {
        return """
                {"message":{"token":"%s",
                  "notification":{"title":"Your code","body":"Code 1234"},
                  "data":{"herald_message_id":"%s","batch":"b-1"},
                  "android":{"priority":"HIGH","ttl":"3600s","collapse_key":"otp",
                             "notification":{"sound":"default","notification_count":2}}},
                 "validate_only":false}
                """.formatted(token, heraldId);
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }
}
