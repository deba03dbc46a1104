package io.herald.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.dispatcher.config.DispatcherConfig;
import io.herald.dispatcher.send.Gateway;
import io.herald.dispatcher.send.http.HttpSmsGateway;
import io.herald.dispatcher.send.sms.DeliverSmHandler;
import io.herald.dispatcher.send.sms.SmppGateway;
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
        props.put(DispatcherConfig.HTTP_URL_CONFIG, "http://127.0.0.1:9/sms");
        return props;
    }

    @Test
    void smppIsTheDefaultGatewayAndRunsReceiptsWhenEnabled() {
        // given the default gateway.type
        DispatcherConfig config = new DispatcherConfig(required());
        // when the gateway is created
        try (Gateway gateway = Dispatcher.createGateway(config, DeliverSmHandler.IGNORE, Clock.systemUTC())) {
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
        try (Gateway gateway = Dispatcher.createGateway(config, DeliverSmHandler.IGNORE, Clock.systemUTC())) {
            // then it is the HTTP one, available without any session
            assertThat(gateway).isInstanceOf(HttpSmsGateway.class);
            assertThat(gateway.name()).isEqualTo("http");
            assertThat(gateway.isAvailable()).isTrue();
        }
        // and neither the receipt publisher nor the correlator runs
        assertThat(config.getBoolean(DispatcherConfig.RECEIPTS_ENABLED_CONFIG)).isTrue();
        assertThat(Dispatcher.receiptsRun(config)).isFalse();
    }

    @Test
    void receiptsTurnedOffDoNotRunWithSmppEither() {
        Map<String, Object> props = required();
        props.put(DispatcherConfig.RECEIPTS_ENABLED_CONFIG, "false");
        assertThat(Dispatcher.receiptsRun(new DispatcherConfig(props))).isFalse();
    }
}
