package io.herald.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.herald.dispatcher.config.DispatcherConfig;
import io.herald.dispatcher.config.GatewayConfig;
import io.herald.dispatcher.receipt.ReceiptConfig;
import io.herald.dispatcher.send.Gateway;
import io.herald.dispatcher.send.guard.GatewayGuardConfig;
import io.herald.dispatcher.send.http.HttpGatewayConfig;
import io.herald.dispatcher.send.http.HttpSmsGateway;
import io.herald.dispatcher.send.mail.SmtpGateway;
import io.herald.dispatcher.send.mail.SmtpSettings;
import io.herald.dispatcher.send.route.Gateways;
import io.herald.dispatcher.send.route.Lane;
import io.herald.dispatcher.send.route.RouteTable;
import io.herald.dispatcher.send.sms.DeliverSmHandler;
import io.herald.dispatcher.send.sms.SmppConfig;
import io.herald.dispatcher.send.sms.SmppGateway;
import io.herald.schema.Channel;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which gateway {@code gateway.type} wires, and whether receipts run with it (no Kafka: nothing is started). */
class DispatcherGatewayChoiceTest {

    private static Map<String, Object> required() {
        Map<String, Object> props = new HashMap<>();
        props.put(DispatcherConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
        props.put(DispatcherConfig.REGISTRY_URL_CONFIG, "http://127.0.0.1:8081");
        return props;
    }

    private static Map<String, Object> http() {
        Map<String, Object> props = required();
        props.put(DispatcherConfig.GATEWAY_TYPE_CONFIG, "http");
        props.put(HttpGatewayConfig.HTTP_URL_CONFIG, "http://127.0.0.1:9/sms");
        return props;
    }

    @Test
    void smppIsTheDefaultGatewayAndRunsReceiptsWhenEnabled() {
        // given the default gateway.type
        DispatcherConfig config = new DispatcherConfig(required());
        // when the gateway is created
        try (Gateway gateway = Gateways.create(config, DeliverSmHandler.IGNORE, Clock.systemUTC())) {
            // then it is the SMPP one, and receipts run
            assertThat(gateway).isInstanceOf(SmppGateway.class);
            assertThat(gateway.name()).isEqualTo("smpp");
        }
        assertThat(Dispatcher.receiptsRun(config)).isTrue();
    }

    @Test
    void httpGatewayTypeWiresTheHttpGatewayAndNoReceipts() {
        // given gateway.type=http with receipts.enabled at its default (true)
        DispatcherConfig config = new DispatcherConfig(http());
        // when the gateway is created
        try (Gateway gateway = Gateways.create(config, DeliverSmHandler.IGNORE, Clock.systemUTC())) {
            // then it is the HTTP one, available without any session
            assertThat(gateway).isInstanceOf(HttpSmsGateway.class);
            assertThat(gateway.name()).isEqualTo("http");
            assertThat(gateway.isAvailable()).isTrue();
        }
        // and neither the receipt publisher nor the correlator runs
        assertThat(config.getBoolean(ReceiptConfig.RECEIPTS_ENABLED_CONFIG)).isTrue();
        assertThat(Dispatcher.receiptsRun(config)).isFalse();
    }

    @Test
    void receiptsTurnedOffDoNotRunWithSmppEither() {
        Map<String, Object> props = required();
        props.put(ReceiptConfig.RECEIPTS_ENABLED_CONFIG, "false");
        assertThat(Dispatcher.receiptsRun(new DispatcherConfig(props))).isFalse();
    }

    @Test
    void withoutGatewaysTheOneGatewayIsNamedAfterItsTypeAndTakesEveryRecipientOfItsChannel() {
        // given gateway.type=http and no gateways list; routes without gateways are not read
        Map<String, Object> props = http();
        props.put(DispatcherConfig.ROUTES_CONFIG, "+47=nowhere");
        DispatcherConfig config = new DispatcherConfig(props);
        // when the gateways and their routes are built
        RouteTable routes = Gateways.routes(config, DeliverSmHandler.IGNORE, Clock.systemUTC());
        try {
            // then there is one gateway, named http and configured by the top-level keys
            assertThat(config.gateways()).extracting(GatewayConfig::name, GatewayConfig::type)
                    .containsExactly(tuple("http", "http"));
            assertThat(config.gateways().get(0).keys()).isSameAs(config);
            // and it takes every SMS recipient, and no e-mail
            assertThat(routes.lanes()).extracting(Lane::name).containsExactly("http");
            assertThat(routes.lanesFor("+4791234567")).extracting(Lane::name).containsExactly("http");
            assertThat(routes.serves(Channel.EMAIL, null)).isFalse();
        } finally {
            routes.lanes().forEach(lane -> lane.gateway().close());
        }
    }

    @Test
    void namedGatewaysAreBuiltFromTheirPrefixedKeysAndRoutedByPrefix() {
        // given an SMPP gateway and an HTTP provider, +47 preferring the provider
        Map<String, Object> props = required();
        props.put(DispatcherConfig.GATEWAYS_CONFIG, "smsc,provider");
        props.put("gateway.smsc.type", "smpp");
        props.put("gateway.smsc.smpp.host", "smsc.example.net");
        props.put("gateway.provider.type", "http");
        props.put("gateway.provider.http.url", "http://127.0.0.1:9/sms");
        props.put("gateway.provider.gateway.rate.limit.tps", "50");
        props.put(DispatcherConfig.ROUTES_CONFIG, "+47=provider|smsc,*=smsc");
        DispatcherConfig config = new DispatcherConfig(props);

        // when the routes are built
        RouteTable routes = Gateways.routes(config, DeliverSmHandler.IGNORE, Clock.systemUTC());
        try {
            // then each gateway has its own type and keys
            assertThat(routes.lanesFor("+4791234567")).extracting(Lane::name).containsExactly("provider", "smsc");
            assertThat(routes.lanesFor("+4612345678")).extracting(Lane::name).containsExactly("smsc");
            assertThat(routes.lanesFor("+4791234567").get(0).gateway()).isInstanceOf(HttpSmsGateway.class);
            assertThat(routes.lanesFor("+4612345678").get(0).gateway()).isInstanceOf(SmppGateway.class);
            assertThat(config.forGateway("smsc").getString(SmppConfig.SMPP_HOST_CONFIG))
                    .isEqualTo("smsc.example.net");
            assertThat(config.forGateway("provider").getInt(GatewayGuardConfig.GATEWAY_RATE_LIMIT_TPS_CONFIG))
                    .isEqualTo(50);
            assertThat(config.forGateway("smsc").getInt(GatewayGuardConfig.GATEWAY_RATE_LIMIT_TPS_CONFIG))
                    .isEqualTo(GatewayGuardConfig.DEFAULT_GATEWAY_RATE_LIMIT_TPS);
            // and with one SMPP gateway among them, receipts run
            assertThat(Dispatcher.receiptsRun(config)).isTrue();
        } finally {
            routes.lanes().forEach(lane -> lane.gateway().close());
        }
    }

    @Test
    void keysOfAGatewayThatIsNotListedAreRejected() {
        Map<String, Object> props = required();
        props.put(DispatcherConfig.GATEWAYS_CONFIG, "smsc");
        props.put("gateway.other.smpp.host", "x");
        assertThatThrownBy(() -> new DispatcherConfig(props)).hasMessageContaining("gateway.other.smpp.host");
    }

    @Test
    void smtpGatewaysSendEmailBesideTheSmsRoutes() {
        // given an SMPP gateway and two mail servers, with no routes
        Map<String, Object> props = required();
        props.put(DispatcherConfig.GATEWAYS_CONFIG, "smsc,mail,backupmail");
        props.put("gateway.smsc.type", "smpp");
        props.put("gateway.mail.type", "smtp");
        props.put("gateway.mail.smtp.host", "mail.example.net");
        props.put("gateway.mail.smtp.tls", "implicit");
        props.put("gateway.backupmail.type", "smtp");
        DispatcherConfig config = new DispatcherConfig(props);

        // when the routes are built
        RouteTable routes = Gateways.routes(config, DeliverSmHandler.IGNORE, Clock.systemUTC());
        try {
            // then SMS goes through the SMPP gateway only, e-mail through the mail servers in their order
            assertThat(routes.lanesFor(Channel.SMS, "+4791234567", null)).extracting(Lane::name).containsExactly("smsc");
            assertThat(routes.lanesFor(Channel.EMAIL, "ola@example.com", null)).extracting(Lane::name)
                    .containsExactly("mail", "backupmail");
            assertThat(routes.lanesFor(Channel.EMAIL, "ola@example.com", null).get(0).gateway())
                    .isInstanceOf(SmtpGateway.class);
            assertThat(SmtpSettings.from(config.forGateway("mail")).protocol()).isEqualTo("smtps");
            assertThat(SmtpSettings.from(config.forGateway("backupmail")).tls())
                    .isEqualTo(SmtpSettings.Tls.STARTTLS_REQUIRED);
            assertThat(Dispatcher.receiptsRun(config)).isTrue();
        } finally {
            routes.lanes().forEach(lane -> lane.gateway().close());
        }
    }

    @Test
    void anSmtpOnlyDispatcherSendsNoSmsAndRunsNoReceipts() {
        Map<String, Object> props = required();
        props.put(DispatcherConfig.GATEWAY_TYPE_CONFIG, "smtp");
        DispatcherConfig config = new DispatcherConfig(props);

        RouteTable routes = Gateways.routes(config, DeliverSmHandler.IGNORE, Clock.systemUTC());
        try {
            assertThat(routes.serves(Channel.EMAIL, null)).isTrue();
            assertThat(routes.serves(Channel.SMS, null)).isFalse();
            assertThat(Dispatcher.receiptsRun(config)).isFalse();
        } finally {
            routes.lanes().forEach(lane -> lane.gateway().close());
        }
    }

    @Test
    void aGatewayNamedAfterATypeIsOfThatTypeWithoutATypeKey() {
        // given gateways listed by type name only, as environment variables can give them
        Map<String, Object> props = required();
        props.put(DispatcherConfig.GATEWAYS_CONFIG, "smpp,smtp");
        DispatcherConfig config = new DispatcherConfig(props);

        RouteTable routes = Gateways.routes(config, DeliverSmHandler.IGNORE, Clock.systemUTC());
        try {
            assertThat(config.gateways()).extracting(GatewayConfig::name, GatewayConfig::type)
                    .containsExactly(tuple("smpp", "smpp"), tuple("smtp", "smtp"));
            assertThat(routes.lanesFor(Channel.EMAIL, "ola@example.com", null).get(0).gateway())
                    .isInstanceOf(SmtpGateway.class);
        } finally {
            routes.lanes().forEach(lane -> lane.gateway().close());
        }
        // and an explicit type still wins
        props.put("gateway.smtp.type", "smpp");
        assertThat(new DispatcherConfig(props).gateways()).extracting(GatewayConfig::type)
                .containsExactly("smpp", "smpp");
    }

    @Test
    void pushGatewaysNeedTheirCredentials() {
        Map<String, Object> props = required();
        props.put(DispatcherConfig.GATEWAYS_CONFIG, "smpp,apns,fcm");
        assertThatThrownBy(() -> new DispatcherConfig(props).gateways()).hasMessageContaining("apns.signing.key.file");
        props.put("apns.signing.key.file", "/etc/herald/push/key.p8");
        props.put("apns.key.id", "short");
        assertThatThrownBy(() -> new DispatcherConfig(props).gateways()).hasMessageContaining("apns.key.id");
        props.put("apns.key.id", "ABC123DEFG");
        props.put("apns.team.id", "DEF123GHIJ");
        props.put("apns.topic", "com.example.app");
        assertThatThrownBy(() -> new DispatcherConfig(props).gateways())
                .hasMessageContaining("fcm.service.account.file");
        props.put("fcm.service.account.file", "/etc/herald/push/fcm.json");
        assertThat(new DispatcherConfig(props).gateways()).extracting(GatewayConfig::type)
                .containsExactly("smpp", "apns", "fcm");
        // the key as content (a Secret in an environment variable) instead of the file; not both
        props.put("fcm.service.account.json", "{}");
        assertThatThrownBy(() -> new DispatcherConfig(props).gateways()).hasMessageContaining("both set");
        props.remove("fcm.service.account.file");
        assertThat(new DispatcherConfig(props).gateways()).hasSize(3);
    }
}
