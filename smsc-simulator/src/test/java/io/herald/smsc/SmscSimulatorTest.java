package io.herald.smsc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.cloudhopper.commons.charset.CharsetUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.OptionalParameters;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.util.DeliveryReceiptState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Drives the simulator over real SMPP with jSMPP's client session. */
class SmscSimulatorTest {

    private static final String RECIPIENT = "+4791234567";
    private static final int GSM = 0x00;
    private static final int UCS2 = 0x08;
    private static final int UDHI = 0x40;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(resources);
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private SmscSimulator start(UnaryOperator<SmscSimulatorConfig.Builder> settings) throws Exception {
        SmscSimulator smsc = new SmscSimulator(settings.apply(SmscSimulatorConfig.builder().smppPort(0).httpPort(0))
                .build());
        resources.add(smsc);
        smsc.start();
        return smsc;
    }

    private SmscSimulator start() throws Exception {
        return start(b -> b);
    }

    private Esme bind(SmscSimulator smsc) throws Exception {
        Esme esme = Esme.bind(smsc);
        resources.add(esme);
        return esme;
    }

    private static byte[] gsm(String text) {
        return CharsetUtil.encode(text, CharsetUtil.CHARSET_GSM);
    }

    private static byte[] withUdh(byte[] udh, byte[] text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(udh);
        out.writeBytes(text);
        return out.toByteArray();
    }

    @Test
    void shouldBindWithTheConfiguredCredentialsAndCountTheSession() throws Exception {
        // given
        SmscSimulator smsc = start();

        // when
        Esme esme = bind(smsc);

        // then
        assertThat(esme.session.getSessionState().isBound()).isTrue();
        assertThat(smsc.stats().boundSessions()).isEqualTo(1);
    }

    @Test
    void shouldRefuseAWrongPasswordWithEsmeRinvpaswd() throws Exception {
        // given
        SmscSimulator smsc = start();

        // when
        Throwable refused = catchThrowable(() -> Esme.bind(smsc, "herald", "wrong"));

        // then
        assertThat(refused).isNotNull();
        assertThat(Esme.commandStatus(refused)).isEqualTo(SMPPConstant.STAT_ESME_RINVPASWD);
        assertThat(smsc.stats().boundSessions()).isZero();
    }

    @Test
    void shouldRefuseAnUnknownSystemIdWithEsmeRinvsysid() throws Exception {
        // given
        SmscSimulator smsc = start();

        // when
        Throwable refused = catchThrowable(() -> Esme.bind(smsc, "intruder", "herald"));

        // then
        assertThat(Esme.commandStatus(refused)).isEqualTo(SMPPConstant.STAT_ESME_RINVSYSID);
    }

    @Test
    void shouldServeSeveralSessionsAtOnce() throws Exception {
        // given
        SmscSimulator smsc = start();
        Esme first = bind(smsc);
        Esme second = bind(smsc);

        // when
        first.submit(RECIPIENT, 0, GSM, gsm("from the first"), false);
        second.submit(RECIPIENT, 0, GSM, gsm("from the second"), false);

        // then
        assertThat(smsc.stats().boundSessions()).isEqualTo(2);
        assertThat(smsc.messages()).extracting(ReceivedMessage::text)
                .containsExactlyInAnyOrder("from the first", "from the second");
    }

    @Test
    void shouldRecordAGsm7MessageWithExtensionTableCharacters() throws Exception {
        // given
        SmscSimulator smsc = start();
        Esme esme = bind(smsc);
        String text = "Hei Åse! Pris: 10€ {rabatt} @ [kiosk] ~ ^_^";
        String heraldId = UUID.randomUUID().toString();

        // when
        String smscId = esme.submit(RECIPIENT, 0, GSM, gsm(text), false, Esme.heraldId(heraldId));

        // then
        assertThat(smsc.messages()).singleElement().satisfies(m -> {
            assertThat(m.text()).isEqualTo(text);
            assertThat(m.heraldMessageId()).isEqualTo(heraldId);
            assertThat(m.smscMessageIds()).containsExactly(smscId);
            assertThat(m.recipient()).isEqualTo(RECIPIENT);
            assertThat(m.sender()).isEqualTo(Esme.SENDER);
            assertThat(m.sourceTon()).isEqualTo(5);
            assertThat(m.segments()).isEqualTo(1);
            assertThat(m.dataCoding()).isEqualTo(GSM);
        });
    }

    @Test
    void shouldRecordAUcs2MessageWithAnEmojiAsASurrogatePair() throws Exception {
        // given
        SmscSimulator smsc = start();
        Esme esme = bind(smsc);
        String text = "Пакет доставлен 📦 ✓";

        // when
        esme.submit(RECIPIENT, 0, UCS2, text.getBytes(StandardCharsets.UTF_16BE), false);

        // then
        assertThat(smsc.messages()).singleElement().satisfies(m -> {
            assertThat(m.text()).isEqualTo(text);
            assertThat(m.dataCoding()).isEqualTo(UCS2);
            assertThat(m.heraldMessageId()).isNull();
        });
    }

    @Test
    void shouldReassembleAThreePartUdhMessageIntoOneMessageOfThreeSegments() throws Exception {
        // given
        SmscSimulator smsc = start();
        Esme esme = bind(smsc);
        String heraldId = UUID.randomUUID().toString();
        String[] parts = {"The first part, ", "the second part ", "and the last."};

        // when: parts sent out of order, each with the 8-bit reference concatenation IE
        List<String> ids = new ArrayList<>();
        for (int seq : new int[] {2, 1, 3}) {
            byte[] udh = {0x05, 0x00, 0x03, 0x2A, 0x03, (byte) seq};
            ids.add(esme.submit(RECIPIENT, UDHI, GSM, withUdh(udh, gsm(parts[seq - 1])), false,
                    Esme.heraldId(heraldId)));
        }

        // then
        assertThat(smsc.messages()).singleElement().satisfies(m -> {
            assertThat(m.text()).isEqualTo(String.join("", parts));
            assertThat(m.segments()).isEqualTo(3);
            assertThat(m.smscMessageIds()).containsExactly(ids.get(1), ids.get(0), ids.get(2));
            assertThat(m.heraldMessageId()).isEqualTo(heraldId);
            assertThat(m.concatenation()).isEqualTo("udh");
            assertThat(m.anomalies()).isEmpty();
        });
        SmscStats stats = smsc.stats();
        assertThat(stats.messages()).isEqualTo(1);
        assertThat(stats.segments()).isEqualTo(3);
        assertThat(stats.incompleteMessages()).isZero();
    }

    @Test
    void shouldReassembleAUcs2MessageWithA16BitReferenceWhoseSurrogatePairSpansTwoParts() throws Exception {
        // given
        SmscSimulator smsc = start();
        Esme esme = bind(smsc);
        byte[] all = "ab😀cd".getBytes(StandardCharsets.UTF_16BE);
        int split = 6; // inside the surrogate pair: 'a','b', high surrogate | low surrogate, 'c', 'd'

        // when
        byte[] udh1 = {0x06, 0x08, 0x04, 0x12, 0x34, 0x02, 0x01};
        byte[] udh2 = {0x06, 0x08, 0x04, 0x12, 0x34, 0x02, 0x02};
        esme.submit(RECIPIENT, UDHI, UCS2, withUdh(udh1, java.util.Arrays.copyOfRange(all, 0, split)), false);
        esme.submit(RECIPIENT, UDHI, UCS2, withUdh(udh2, java.util.Arrays.copyOfRange(all, split, all.length)), false);

        // then reassembled, and the split pair reported
        assertThat(smsc.messages()).extracting(ReceivedMessage::text, ReceivedMessage::segments)
                .containsExactly(tuple("ab😀cd", 2));
        assertThat(smsc.messages().get(0).anomalies()).containsExactly(
                "part 1 ends with a high surrogate: a surrogate pair is split",
                "part 2 starts with a low surrogate: a surrogate pair is split");
    }

    @Test
    void shouldReassembleAMessageSentWithSarTlvs() throws Exception {
        // given
        SmscSimulator smsc = start();
        Esme esme = bind(smsc);

        // when
        for (int seq = 1; seq <= 2; seq++) {
            esme.submit(RECIPIENT, 0, GSM, gsm(seq == 1 ? "Hello, " : "world"), false,
                    OptionalParameters.newSarMsgRefNum((short) 0x0102),
                    OptionalParameters.newSarTotalSegments(2),
                    OptionalParameters.newSarSegmentSeqnum(seq));
        }

        // then
        assertThat(smsc.messages()).extracting(ReceivedMessage::text, ReceivedMessage::segments,
                        ReceivedMessage::concatenation, ReceivedMessage::anomalies)
                .containsExactly(tuple("Hello, world", 2, "sar", List.of()));
    }

    @Test
    void shouldTakeTheTextFromMessagePayloadWhenPresent() throws Exception {
        // given
        SmscSimulator smsc = start();
        Esme esme = bind(smsc);
        String text = "A long text carried in message_payload instead of short_message. ".repeat(5);

        // when
        esme.submit(RECIPIENT, 0, GSM, new byte[0], false, new OptionalParameter.Message_payload(gsm(text)));

        // then
        assertThat(smsc.messages()).extracting(ReceivedMessage::text).containsExactly(text);
    }

    @Test
    void shouldCountTheSameHeraldIdReceivedTwiceAsADuplicate() throws Exception {
        // given
        SmscSimulator smsc = start();
        Esme esme = bind(smsc);
        String heraldId = UUID.randomUUID().toString();

        // when
        esme.submit(RECIPIENT, 0, GSM, gsm("Your code is 1234"), false, Esme.heraldId(heraldId));
        esme.submit(RECIPIENT, 0, GSM, gsm("Your code is 1234"), false, Esme.heraldId(heraldId));
        esme.submit(RECIPIENT, 0, GSM, gsm("Your code is 1234"), false,
                Esme.heraldId(UUID.randomUUID().toString()));

        // then
        SmscStats stats = smsc.stats();
        assertThat(stats.messages()).isEqualTo(3);
        assertThat(stats.distinctMessages()).isEqualTo(2);
        assertThat(stats.duplicates()).isEqualTo(1);
    }

    @Test
    void shouldIdentifyAMessageWithoutHeraldIdByRecipientAndText() throws Exception {
        // given
        SmscSimulator smsc = start();
        Esme esme = bind(smsc);

        // when
        esme.submit(RECIPIENT, 0, GSM, gsm("same"), false);
        esme.submit(RECIPIENT, 0, GSM, gsm("same"), false);
        esme.submit("+4798765432", 0, GSM, gsm("same"), false);

        // then
        assertThat(smsc.stats().distinctMessages()).isEqualTo(2);
        assertThat(smsc.stats().duplicates()).isEqualTo(1);
    }

    @Test
    void shouldSendADeliveryReceiptForTheSubmittedMessageId() throws Exception {
        // given
        SmscSimulator smsc = start(b -> b.dlrDelayMs(50).latencyMs(20));
        Esme esme = bind(smsc);

        // when
        String smscId = esme.submit(RECIPIENT, 0, GSM, gsm("Your parcel has arrived at the kiosk"), true);

        // then
        DeliverSm receipt = esme.delivered.poll(10, TimeUnit.SECONDS);
        assertThat(receipt).as("deliver_sm").isNotNull();
        assertThat(receipt.isSmscDeliveryReceipt()).isTrue();
        assertThat(receipt.getSourceAddr()).isEqualTo(RECIPIENT);
        assertThat(receipt.getDestAddress()).isEqualTo(Esme.SENDER);
        String text = new String(receipt.getShortMessage(), StandardCharsets.US_ASCII);
        assertThat(text).matches("id:" + smscId + " sub:001 dlvrd:001 submit date:\\d{10} done date:\\d{10} "
                + "stat:DELIVRD err:000 text:Your parcel has arri");
        DeliveryReceipt parsed = receipt.getShortMessageAsDeliveryReceipt();
        assertThat(parsed.getId()).isEqualTo(smscId);
        assertThat(parsed.getFinalStatus()).isEqualTo(DeliveryReceiptState.DELIVRD);
        assertThat(parsed.getError()).isEqualTo("000");
        OptionalParameter.Receipted_message_id receipted = receipt.getOptionalParameter(
                OptionalParameter.Receipted_message_id.class);
        assertThat(receipted.getValueAsString()).isEqualTo(smscId);
        OptionalParameter.Message_state state = receipt.getOptionalParameter(OptionalParameter.Message_state.class);
        assertThat(state.getValue()).isEqualTo((byte) 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> smsc.stats().receiptsSent() == 1);
    }

    @Test
    void shouldSendOneReceiptPerPartOfAConcatenatedMessage() throws Exception {
        // given
        SmscSimulator smsc = start();
        Esme esme = bind(smsc);

        // when
        List<String> ids = new ArrayList<>();
        for (int seq = 1; seq <= 2; seq++) {
            byte[] udh = {0x05, 0x00, 0x03, 0x07, 0x02, (byte) seq};
            ids.add(esme.submit(RECIPIENT, UDHI, GSM, withUdh(udh, gsm("part " + seq)), true));
        }

        // then
        List<String> receipted = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            DeliverSm receipt = esme.delivered.poll(10, TimeUnit.SECONDS);
            assertThat(receipt).isNotNull();
            receipted.add(receipt.getShortMessageAsDeliveryReceipt().getId());
        }
        assertThat(receipted).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void shouldSendTheReceiptOnAReceiverSessionWhenTheSubmitterIsATransmitter() throws Exception {
        // given
        SmscSimulator smsc = start();
        Esme transmitter = Esme.bind(smsc, BindType.BIND_TX, "herald", "herald");
        resources.add(transmitter);
        Esme receiver = Esme.bind(smsc, BindType.BIND_RX, "herald", "herald");
        resources.add(receiver);

        // when
        String smscId = transmitter.submit(RECIPIENT, 0, GSM, gsm("split binds"), true);

        // then
        DeliverSm receipt = receiver.delivered.poll(10, TimeUnit.SECONDS);
        assertThat(receipt).isNotNull();
        assertThat(receipt.getShortMessageAsDeliveryReceipt().getId()).isEqualTo(smscId);
        assertThat(transmitter.delivered).isEmpty();
    }

    @Test
    void shouldAnswerEsmeRsyserrAndRecordNothingAtErrorRateOne() throws Exception {
        // given
        SmscSimulator smsc = start(b -> b.errorRate(1.0).seed(42L));
        Esme esme = bind(smsc);

        // when
        Throwable failed = catchThrowable(() -> esme.submit(RECIPIENT, 0, GSM, gsm("lost"), true));

        // then
        assertThat(failed).isInstanceOf(NegativeResponseException.class);
        assertThat(Esme.commandStatus(failed)).isEqualTo(SMPPConstant.STAT_ESME_RSYSERR);
        assertThat(smsc.messages()).isEmpty();
        assertThat(smsc.stats().errors()).isEqualTo(1);
        assertThat(smsc.stats().submitSm()).isEqualTo(1);
        assertThat(smsc.stats().segments()).isZero();
    }

    @Test
    void shouldAnswerAboutTheThrottleRateFractionWithEsmeRthrottledAndRecordOnlyTheOthers() throws Exception {
        // given: 30% of submit_sm throttled at random, with no rate cap
        SmscSimulator smsc = start(b -> b.throttleRate(0.3).seed(7L));
        Esme esme = bind(smsc);

        // when 200 messages are submitted one after another
        int throttled = 0;
        for (int i = 0; i < 200; i++) {
            Throwable failed = catchThrowable(() -> esme.submit(RECIPIENT, 0, GSM, gsm("t"), false));
            if (failed != null) {
                assertThat(Esme.commandStatus(failed)).isEqualTo(SMPPConstant.STAT_ESME_RTHROTTLED);
                throttled++;
            }
        }

        // then roughly 30% are throttled (binomial, n=200: 60 +- 4 standard deviations) and only the others recorded
        assertThat(throttled).isBetween(34, 86);
        assertThat(smsc.stats().throttled()).isEqualTo(throttled);
        assertThat(smsc.stats().messages()).isEqualTo(200 - throttled);
    }

    @Test
    void shouldThrottleSubmitsAboveMaxTpsAndNotRecordThem() throws Exception {
        // given: a cap of 2 per second; the bucket starts with 2 tokens
        SmscSimulator smsc = start(b -> b.maxTps(2));
        Esme esme = bind(smsc);

        // when: 20 submits in a row
        int accepted = 0;
        int throttled = 0;
        for (int i = 0; i < 20; i++) {
            try {
                esme.submit(RECIPIENT, 0, GSM, gsm("message " + i), false);
                accepted++;
            } catch (NegativeResponseException e) {
                assertThat(e.getCommandStatus()).isEqualTo(SMPPConstant.STAT_ESME_RTHROTTLED);
                throttled++;
            }
        }

        // then
        assertThat(throttled).isPositive();
        assertThat(smsc.stats().throttled()).isEqualTo(throttled);
        assertThat(smsc.messages()).hasSize(accepted);
        assertThat(smsc.stats().messages()).isEqualTo(accepted);
    }

    @Test
    void shouldAnswerEveryConcurrentSubmitWhenResponsesAreDelayed() throws Exception {
        // given
        SmscSimulator smsc = start(b -> b.latencyMs(200));
        Esme esme = bind(smsc);
        ExecutorService clients = Executors.newFixedThreadPool(16);
        resources.add(clients::shutdownNow);

        // when: 16 submit_sm outstanding at once on one session
        List<Future<String>> ids = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String text = "concurrent " + i;
            ids.add(clients.submit(() -> esme.submit(RECIPIENT, 0, GSM, gsm(text), false)));
        }
        List<String> answered = new ArrayList<>();
        for (Future<String> id : ids) {
            answered.add(id.get(20, TimeUnit.SECONDS));
        }

        // then: each got its own response with a distinct message_id
        assertThat(answered).doesNotHaveDuplicates().hasSize(16);
        assertThat(smsc.messages()).flatExtracting(ReceivedMessage::smscMessageIds)
                .containsExactlyInAnyOrderElementsOf(answered);
    }

    @Test
    void shouldRefuseAUdhLongerThanTheShortMessage() throws Exception {
        // given
        SmscSimulator smsc = start();
        Esme esme = bind(smsc);

        // when
        Throwable refused = catchThrowable(() -> esme.submit(RECIPIENT, UDHI, GSM, new byte[] {0x05, 0x00, 0x03},
                false));

        // then
        assertThat(Esme.commandStatus(refused)).isEqualTo(SMPPConstant.STAT_ESME_RINVMSGLEN);
        assertThat(smsc.stats().invalid()).isEqualTo(1);
        assertThat(smsc.messages()).isEmpty();
    }

    @Test
    void shouldClearRecordsAndCountersOnReset() throws Exception {
        // given
        SmscSimulator smsc = start();
        Esme esme = bind(smsc);
        esme.submit(RECIPIENT, 0, GSM, gsm("before reset"), false);

        // when
        smsc.reset();

        // then
        assertThat(smsc.messages()).isEmpty();
        assertThat(smsc.stats().submitSm()).isZero();
        assertThat(smsc.stats().boundSessions()).isEqualTo(1);
    }

    @Test
    void shouldUnbindSessionsWhenClosed() throws Exception {
        // given
        SmscSimulator smsc = start();
        Esme esme = bind(smsc);

        // when
        smsc.close();

        // then
        await().atMost(Duration.ofSeconds(10)).until(() -> !esme.session.getSessionState().isBound());
    }

    @Test
    void shouldNameThePortWhenItIsAlreadyInUse() throws Exception {
        // given
        SmscSimulator first = start();
        SmscSimulator second = new SmscSimulator(SmscSimulatorConfig.builder().smppPort(first.smppPort())
                .httpPort(0).build());
        resources.add(second);

        // when / then
        assertThatThrownBy(second::start)
                .isInstanceOf(PortInUseException.class)
                .hasMessage("port " + first.smppPort() + " on 127.0.0.1 is already in use");
    }

    @Test
    void shouldExitWithCode2WhenThePortIsInUse() throws Exception {
        // given
        SmscSimulator first = start();

        // when
        int exitCode = SmscSimulatorMain.execute("--smpp-port", String.valueOf(first.smppPort()), "--http-port",
                "0");

        // then
        assertThat(exitCode).isEqualTo(SmscSimulatorMain.EXIT_PORT_IN_USE);
    }
}
