package io.herald.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.schema.PushPlatform;
import io.herald.schema.PushPriority;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PushPayloadsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "6f1c2a3b-0d4e-4f5a-9b8c-7d6e5f4a3b2c";

    @Test
    void theApnsPayloadHasTheAlertBadgeSoundAndTheDataBesideAps() throws IOException {
        PushPayloads.Content content = new PushPayloads.Content(ID, PushPlatform.IOS, "ab".repeat(32),
                "Shipped", "Order 17 has shipped",
                Map.of("orderId", "17"), 3600, "order-17", PushPriority.HIGH, 2, "default");

        JsonNode payload = JSON.readTree(PushPayloads.apns(content));

        assertThat(payload.toString()).isEqualTo("{\"aps\":{\"alert\":{\"title\":\"Shipped\",\"body\":\"Order 17 has"
                + " shipped\"},\"badge\":2,\"sound\":\"default\"},\"orderId\":\"17\",\"herald_message_id\":\"" + ID + "\"}");
    }

    @Test
    void theFcmMessageCarriesTokenNotificationDataAndAndroidOptions() throws IOException {
        PushPayloads.Content content = new PushPayloads.Content(ID, PushPlatform.ANDROID, "token-1", null,
                "Ø body", Map.of("k", "v"), 60,
                "c1", PushPriority.NORMAL, null, "chime");

        JsonNode message = JSON.readTree(PushPayloads.fcmMessage(content));
        assertThat(JSON.readTree(PushPayloads.fcmSendRequest(content)).get("message")).isEqualTo(message);

        assertThat(message.toString()).isEqualTo("{\"token\":\"token-1\",\"notification\":{\"body\":\"Ø body\"},"
                + "\"data\":{\"k\":\"v\",\"herald_message_id\":\"" + ID + "\"},\"android\":{\"priority\":\"NORMAL\",\"ttl\":\"60s\",\"collapse_key\":\"c1\","
                + "\"notification\":{\"sound\":\"chime\"}}}");
        // what counts against FCM's 4 KB: the notification and data objects, in UTF-8 bytes ("Ø" is two)
        assertThat(PushPayloads.fcmPayloadBytes(content)).isEqualTo(
                "{\"body\":\"Ø body\"}".getBytes(StandardCharsets.UTF_8).length + ("{\"k\":\"v\",\"herald_message_id\":\"" + ID + "\"}").length());
    }
}
