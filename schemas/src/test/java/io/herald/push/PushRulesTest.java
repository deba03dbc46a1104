package io.herald.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.schema.PushPlatform;
import org.junit.jupiter.api.Test;

class PushRulesTest {

    @Test
    void anApnsTokenIsHexOfAtLeast64CharactersAndIsLowerCased() {
        String token = "0123456789ABCDEF".repeat(4);

        assertThat(PushRules.token(PushPlatform.IOS, token).token()).isEqualTo(token.toLowerCase());
        assertThat(PushRules.token(PushPlatform.IOS, token + "ab").isValid()).as("longer tokens").isTrue();
        assertThat(PushRules.token(PushPlatform.IOS, token.substring(2)).problem()).contains("has 62 characters");
        assertThat(PushRules.token(PushPlatform.IOS, token.substring(1) + "g").isValid()).isFalse();
        assertThat(PushRules.token(PushPlatform.IOS, "a".repeat(201)).isValid()).isFalse();
        assertThat(PushRules.token(PushPlatform.IOS, null).problem()).contains("is required");
    }

    @Test
    void anFcmTokenUsesTheRegistrationTokenAlphabet() {
        String token = "dGhpcyBpcyBh_-:APA91b" + "x".repeat(140);

        assertThat(PushRules.token(PushPlatform.ANDROID, token).token()).isEqualTo(token);
        assertThat(PushRules.token(PushPlatform.ANDROID, token.replace('x', '+')).isValid()).isFalse();
        assertThat(PushRules.token(PushPlatform.ANDROID, "short:token").problem()).contains("FCM registration token");
        assertThat(PushRules.token(PushPlatform.ANDROID, "y".repeat(4097)).isValid()).isFalse();
    }

    @Test
    void platformsAndReservedDataKeys() {
        assertThat(PushRules.platform("iOS")).contains(PushPlatform.IOS);
        assertThat(PushRules.platform("android")).contains(PushPlatform.ANDROID);
        assertThat(PushRules.platform("web")).isEmpty();
        assertThat(PushRules.dataKeyProblem("orderId")).isEmpty();
        assertThat(PushRules.dataKeyProblem("aps")).hasValueSatisfying(p -> assertThat(p).contains("reserved"));
        assertThat(PushRules.dataKeyProblem("herald_message_id")).hasValueSatisfying(p -> assertThat(p).contains("Herald"));
        assertThat(PushRules.dataKeyProblem("gcm.notification.x")).isPresent();
        assertThat(PushRules.dataKeyProblem("Google_thing")).isPresent();
        assertThat(PushRules.dataKeyProblem("a b")).isPresent();
        assertThat(PushRules.dataKeyProblem("k".repeat(65))).isPresent();
    }
}
