package io.herald.dispatcher.send.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.dispatcher.Fixtures;
import io.herald.dispatcher.MovableClock;
import io.herald.dispatcher.send.Gateway;
import io.herald.dispatcher.send.Message;
import io.herald.dispatcher.send.SendResult;
import io.herald.schema.Channel;
import io.herald.schema.PushPlatform;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    private static Lane lane(String name) {
        return lane(name, Channel.SMS);
    }

    private static Lane lane(String name, Channel channel) {
        return lane(name, channel, null);
    }

    private static Lane lane(String name, Channel channel, PushPlatform platform) {
        Gateway gateway = new Gateway() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Channel channel() {
                return channel;
            }

            @Override
            public PushPlatform platform() {
                return platform;
            }

            @Override
            public SendResult send(Message message) {
                return SendResult.accepted(List.of(name + "-1"));
            }

            @Override
            public boolean isAvailable() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        return new Lane(name, gateway, Fixtures.guard(new MovableClock(Fixtures.NOW)));
    }

    private static final Map<String, Lane> LANES = Map.of("a", lane("a"), "b", lane("b"), "c", lane("c"));

    @Test
    void theLongestMatchingPrefixWinsElseTheDefault() {
        RouteTable table = RouteTable.parse(List.of("+47=a|b", "+4791=c", "*=b|a"), LANES);

        assertThat(table.lanesFor("+4791234567")).extracting(Lane::name).containsExactly("c");
        assertThat(table.lanesFor("+4741234567")).extracting(Lane::name).containsExactly("a", "b");
        assertThat(table.lanesFor("+4612345678")).extracting(Lane::name).containsExactly("b", "a");
        assertThat(table.lanes()).extracting(Lane::name).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void invalidTablesAreRejected() {
        assertThatThrownBy(() -> RouteTable.parse(List.of("+47=a"), LANES)).hasMessageContaining("default route");
        assertThatThrownBy(() -> RouteTable.parse(List.of("*=x"), LANES)).hasMessageContaining("'x'");
        assertThatThrownBy(() -> RouteTable.parse(List.of("47=a", "*=a"), LANES)).hasMessageContaining("prefix");
        assertThatThrownBy(() -> RouteTable.parse(List.of("*=a", "*=b"), LANES)).hasMessageContaining("twice");
        assertThatThrownBy(() -> RouteTable.parse(List.of("*"), LANES)).hasMessageContaining("PREFIX=");
    }

    @Test
    void emailGoesThroughTheEmailGatewaysInTheirOrderAndRoutesMayNotNameThem() {
        Map<String, Lane> lanes = new LinkedHashMap<>();
        lanes.put("sms", lane("sms"));
        lanes.put("mail2", lane("mail2", Channel.EMAIL));
        lanes.put("mail1", lane("mail1", Channel.EMAIL));

        RouteTable table = RouteTable.parse(List.of("*=sms"), lanes);

        assertThat(table.lanesFor(Channel.EMAIL, "ola@example.com", null)).extracting(Lane::name)
                .containsExactly("mail2", "mail1");
        assertThat(table.lanesFor(Channel.SMS, "+4791234567", null)).extracting(Lane::name).containsExactly("sms");
        assertThat(table.serves(Channel.EMAIL, null)).isTrue();
        assertThat(table.lanes()).extracting(Lane::name).containsExactly("sms", "mail2", "mail1");
        assertThatThrownBy(() -> RouteTable.parse(List.of("*=sms|mail1"), lanes))
                .hasMessageContaining("routes are for SMS gateways");
    }

    @Test
    void aTableWithoutSmsGatewaysServesOnlyEmail() {
        Map<String, Lane> lanes = new LinkedHashMap<>();
        lanes.put("mail", lane("mail", Channel.EMAIL));

        RouteTable table = RouteTable.parse(List.of(), lanes);
        RouteTable single = RouteTable.single(lane("mail", Channel.EMAIL));

        assertThat(table.serves(Channel.SMS, null)).isFalse();
        assertThat(table.lanesFor(Channel.SMS, "+4791234567", null)).isEmpty();
        assertThat(single.serves(Channel.SMS, null)).isFalse();
        assertThat(single.lanesFor(Channel.EMAIL, "a@b.io", null)).extracting(Lane::name).containsExactly("mail");
        assertThat(RouteTable.single(lane("sms")).serves(Channel.EMAIL, null)).isFalse();
    }

    @Test
    void withoutPushGatewaysAPushRequestIsNeverSentBySmsOrEmail() {
        Map<String, Lane> lanes = new LinkedHashMap<>();
        lanes.put("sms", lane("sms"));
        lanes.put("mail", lane("mail", Channel.EMAIL));

        RouteTable table = RouteTable.parse(List.of("*=sms"), lanes);

        assertThat(table.serves(Channel.PUSH, PushPlatform.IOS)).isFalse();
        assertThat(table.lanesFor(Channel.PUSH, "ab".repeat(32), PushPlatform.IOS)).isEmpty();
    }

    @Test
    void aPushGoesThroughThePushGatewaysOfItsPlatformInConfiguredOrder() {
        Map<String, Lane> lanes = new LinkedHashMap<>();
        lanes.put("sms", lane("sms"));
        lanes.put("fcm2", lane("fcm2", Channel.PUSH, PushPlatform.ANDROID));
        lanes.put("apns", lane("apns", Channel.PUSH, PushPlatform.IOS));
        lanes.put("fcm1", lane("fcm1", Channel.PUSH, PushPlatform.ANDROID));

        RouteTable table = RouteTable.parse(List.of("*=sms"), lanes);

        assertThat(table.lanesFor(Channel.PUSH, "ab".repeat(32), PushPlatform.IOS)).extracting(Lane::name)
                .containsExactly("apns");
        assertThat(table.lanesFor(Channel.PUSH, "token", PushPlatform.ANDROID)).extracting(Lane::name)
                .containsExactly("fcm2", "fcm1");
        assertThat(table.lanesFor(Channel.PUSH, "token", null)).isEmpty();
        assertThat(table.serves(Channel.PUSH, PushPlatform.ANDROID)).isTrue();
        assertThat(RouteTable.single(lanes.get("apns")).serves(Channel.PUSH, PushPlatform.ANDROID)).isFalse();
        assertThat(table.lanes()).extracting(Lane::name).containsExactly("sms", "apns", "fcm2", "fcm1");
        assertThatThrownBy(() -> RouteTable.parse(List.of("*=sms|apns"), lanes))
                .hasMessageContaining("routes are for SMS gateways");
    }
}
