package io.herald.dispatcher.send.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.dispatcher.send.Message;
import io.herald.dispatcher.send.SendResult;
import io.herald.smsc.ReceivedMessage;
import io.herald.smsc.SmscSimulator;
import io.herald.smsc.SmscSimulatorConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SmppGateway against the real SMPP 3.4 server of the smsc-simulator module, in process, on a free port. */
class SmppGatewayTest {

    private SmscSimulator smsc;
    private SmppGateway gateway;

    @AfterEach
    void close() {
        if (gateway != null) {
            gateway.close();
        }
        if (smsc != null) {
            smsc.close();
        }
    }

    private void startSmsc(SmscSimulatorConfig.Builder builder) throws IOException {
        smsc = new SmscSimulator(builder.host("127.0.0.1").httpPort(0).build());
        smsc.start();
    }

    private void startGateway(int port, int heraldTlv) {
        startGateway(port, heraldTlv, SmsConcatenation.UDH);
    }

    private void startGateway(int port, int heraldTlv, SmsConcatenation concatenation) {
        gateway = new SmppGateway(new SmppSettings("127.0.0.1", port, "herald", "herald", "", 10, 2, 30_000, 2_000,
                100, true, heraldTlv, concatenation, 4));
        gateway.start();
    }

    @Test
    void bindsAndSubmitsAGsmMessageWithHeraldIdAndAddressing() throws IOException {
        // given a bound gateway
        startSmsc(SmscSimulatorConfig.builder().smppPort(0));
        startGateway(smsc.smppPort(), 0x1F01);
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.boundSessions() == 2);
        // when
        SendResult result = gateway.send(new Message("m-1", "Herald", "+4791234567", "Your code is 1234 {ok}"));
        // then accepted with the SMSC's id, and the SMSC got the text, the Herald id and the TON/NPI
        assertThat(result.isAccepted()).as("%s", result).isTrue();
        assertThat(result.segments()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> smsc.messages().size() == 1);
        ReceivedMessage received = smsc.messages().get(0);
        assertThat(received.heraldMessageId()).isEqualTo("m-1");
        assertThat(received.text()).isEqualTo("Your code is 1234 {ok}");
        assertThat(received.recipient()).isEqualTo("4791234567");
        assertThat(received.sender()).isEqualTo("Herald");
        assertThat(received.sourceTon()).isEqualTo(TypeOfNumber.ALPHANUMERIC.value());
        assertThat(received.sourceNpi()).isEqualTo(NumberingPlanIndicator.UNKNOWN.value());
        assertThat(received.dataCoding()).isZero();
        assertThat(received.smscMessageIds()).containsExactly(result.gatewayMessageId());
    }

    @Test
    void sendsAConcatenatedUcs2MessageAsOnePerSegmentAndKeepsEveryPartId() throws IOException {
        // given
        startSmsc(SmscSimulatorConfig.builder().smppPort(0));
        startGateway(smsc.smppPort(), 0x1F01);
        await().atMost(Duration.ofSeconds(10)).until(gateway::isAvailable);
        String text = "Привет 😀 ".repeat(20);
        // when
        SendResult result = gateway.send(new Message("m-2", "+4712345678", "+4790000001", text));
        // then 3 segments (180 units / 67), all accepted, reassembled by the SMSC to the same text
        assertThat(result.isAccepted()).as("%s", result).isTrue();
        assertThat(result.segments()).isEqualTo(3);
        assertThat(result.gatewayMessageIds()).hasSize(3).doesNotHaveDuplicates();
        await().atMost(Duration.ofSeconds(5)).until(() -> smsc.messages().size() == 1);
        ReceivedMessage received = smsc.messages().get(0);
        assertThat(received.text()).isEqualTo(text);
        assertThat(received.segments()).isEqualTo(3);
        assertThat(received.dataCoding()).isEqualTo(8);
        assertThat(received.sourceTon()).isEqualTo(TypeOfNumber.INTERNATIONAL.value());
        assertThat(received.smscMessageIds()).containsExactlyElementsOf(result.gatewayMessageIds());
        assertThat(received.concatenation()).isEqualTo("udh");
        assertThat(received.anomalies()).isEmpty();
    }

    @Test
    void withSarConcatenationSendsPartsWithoutUdhThatTheSmscReassemblesFromTheTlvs() throws IOException {
        // given a gateway configured with smpp.concatenation=sar
        startSmsc(SmscSimulatorConfig.builder().smppPort(0));
        startGateway(smsc.smppPort(), 0x1F01, SmsConcatenation.SAR);
        await().atMost(Duration.ofSeconds(10)).until(gateway::isAvailable);
        String gsm = "Hei Åse! Møtet er flyttet til {rom 2}, kl. 14. ".repeat(8);
        String ucs2 = "καλημέρα 😀 ".repeat(15);
        // when
        SendResult gsmResult = gateway.send(new Message("m-sar-1", "HERALD", "+4790000001", gsm));
        SendResult ucs2Result = gateway.send(new Message("m-sar-2", "2222", "+4790000002", ucs2));
        // then each reassembled from SAR parts (no UDH, or the text would start with its octets), no anomalies
        assertThat(gsmResult.segments()).isEqualTo(io.herald.sms.SmsEncoder.info(gsm).segments()).isEqualTo(3);
        assertThat(ucs2Result.segments()).isEqualTo(io.herald.sms.SmsEncoder.info(ucs2).segments()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(5)).until(() -> smsc.messages().size() == 2);
        ReceivedMessage first = smsc.messages(m -> "m-sar-1".equals(m.heraldMessageId())).get(0);
        ReceivedMessage second = smsc.messages(m -> "m-sar-2".equals(m.heraldMessageId())).get(0);
        assertThat(first.text()).isEqualTo(gsm);
        assertThat(first.dataCoding()).isZero();
        assertThat(first.concatenation()).isEqualTo("sar");
        assertThat(first.anomalies()).isEmpty();
        assertThat(second.text()).isEqualTo(ucs2);
        assertThat(second.dataCoding()).isEqualTo(8);
        assertThat(second.segments()).isEqualTo(3);
        assertThat(second.concatenation()).isEqualTo("sar");
        assertThat(second.anomalies()).isEmpty();
        assertThat(second.sourceTon()).isEqualTo(TypeOfNumber.NETWORK_SPECIFIC.value());
    }

    @Test
    void systemErrorFromTheSmscIsATransientFailure() throws IOException {
        // given an SMSC that answers every submit_sm with ESME_RSYSERR
        startSmsc(SmscSimulatorConfig.builder().smppPort(0).errorRate(1.0).seed(1L));
        startGateway(smsc.smppPort(), 0x1F01);
        await().atMost(Duration.ofSeconds(10)).until(gateway::isAvailable);
        // when
        SendResult result = gateway.send(new Message("m-3", "Herald", "+4791234567", "hi"));
        // then
        assertThat(result.kind()).isEqualTo(SendResult.Kind.TRANSIENT_FAILURE);
        assertThat(result.errorCode()).isEqualTo("ESME_RSYSERR");
    }

    @Test
    void withoutABoundSessionSendIsATransientNotBoundFailure() throws IOException {
        // given a port nobody listens on
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        startGateway(port, 0);
        // when
        SendResult result = gateway.send(new Message("m-4", "Herald", "+4791234567", "hi"));
        // then
        assertThat(gateway.isAvailable()).isFalse();
        assertThat(result.isRetriable()).isTrue();
        assertThat(result.errorCode()).isEqualTo(SmppConnection.NOT_BOUND);
        assertThat(result.isGatewayUnavailable()).isTrue();
    }

    @Test
    void rebindsWhenTheSmscComesBack() throws IOException {
        // given a gateway bound to an SMSC that then goes away
        startSmsc(SmscSimulatorConfig.builder().smppPort(0));
        int port = smsc.smppPort();
        startGateway(port, 0);
        await().atMost(Duration.ofSeconds(10)).until(gateway::isAvailable);
        smsc.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> !gateway.isAvailable());
        // when the SMSC is back on the same port
        startSmsc(SmscSimulatorConfig.builder().smppPort(port));
        // then the sessions re-bind and sending works again
        await().atMost(Duration.ofSeconds(20)).until(() -> gateway.boundSessions() == 2);
        assertThat(gateway.send(new Message("m-5", "2222", "+4791234567", "back")).isAccepted()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> smsc.messages().size() == 1);
        assertThat(smsc.messages()).extracting(ReceivedMessage::sourceTon)
                .containsExactly((int) TypeOfNumber.NETWORK_SPECIFIC.value());
    }
}
