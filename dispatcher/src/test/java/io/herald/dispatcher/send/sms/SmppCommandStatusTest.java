package io.herald.dispatcher.send.sms;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.dispatcher.send.SendResult;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmppCommandStatusTest {

    @ParameterizedTest(name = "{0} {1} is transient")
    @CsvSource({"0x58, ESME_RTHROTTLED", "0x14, ESME_RMSGQFUL", "0x08, ESME_RSYSERR", "0x04, ESME_RINVBNDSTS",
            "0x64, ESME_RX_T_APPN"})
    void throttlingQueueFullAndSystemErrorsAreTransient(String hex, String name) {
        // given a negative submit_sm_resp with this command_status
        int status = Integer.decode(hex);
        // when it is classified
        SendResult result = SmppCommandStatus.toResult(status);
        // then it is retriable, coded by its SMPP name
        assertThat(result.kind()).isEqualTo(SendResult.Kind.TRANSIENT_FAILURE);
        assertThat(result.errorCode()).isEqualTo(name);
        assertThat(result.errorText()).contains(SmppCommandStatus.hex(status));
    }

    @ParameterizedTest(name = "{0} {1} is permanent")
    @CsvSource({"0x0B, ESME_RINVDSTADR", "0x0A, ESME_RINVSRCADR", "0x01, ESME_RINVMSGLEN", "0x45, ESME_RSUBMITFAIL",
            "0xFF, ESME_RUNKNOWNERR"})
    void addressAndLengthErrorsArePermanent(String hex, String name) {
        // given / when
        SendResult result = SmppCommandStatus.toResult(Integer.decode(hex));
        // then
        assertThat(result.kind()).isEqualTo(SendResult.Kind.PERMANENT_FAILURE);
        assertThat(result.errorCode()).isEqualTo(name);
    }

    @Test
    void unknownStatusIsPermanentAndCodedInHex() {
        // given a vendor-specific command_status not in SMPP 3.4
        int vendor = 0x00000401;
        // when
        SendResult result = SmppCommandStatus.toResult(vendor);
        // then
        assertThat(result.kind()).isEqualTo(SendResult.Kind.PERMANENT_FAILURE);
        assertThat(result.errorCode()).isEqualTo("0x00000401");
        assertThat(SmppCommandStatus.of(vendor)).isNull();
    }

    @Test
    void valuesAreUniqueAndMatchTheSpecification() {
        // given / when
        Set<Integer> values = new HashSet<>();
        for (SmppCommandStatus status : SmppCommandStatus.values()) {
            values.add(status.value());
        }
        // then
        assertThat(values).hasSize(SmppCommandStatus.values().length);
        assertThat(SmppCommandStatus.of(0x0B)).isEqualTo(SmppCommandStatus.ESME_RINVDSTADR);
        assertThat(SmppCommandStatus.ESME_RINVDSTADR.isTransient()).isFalse();
        assertThat(SmppCommandStatus.hex(0x0B)).isEqualTo("0x0000000B");
    }

    @Test
    void throttlingAndQueueFullAreThrottledAndALostBindIsAnUnavailableGateway() {
        // given / when the results of the statuses the sender treats specially
        SendResult throttled = SmppCommandStatus.toResult(0x58);
        SendResult queueFull = SmppCommandStatus.toResult(0x14);
        SendResult notBound = SmppCommandStatus.toResult(0x04);
        SendResult systemError = SmppCommandStatus.toResult(0x08);
        // then throttling slows down, a lost bind feeds the circuit, a system error is a plain transient error
        assertThat(throttled.isThrottled()).isTrue();
        assertThat(queueFull.isThrottled()).isTrue();
        assertThat(notBound.isGatewayUnavailable()).isTrue();
        assertThat(systemError.isRetriable()).isTrue();
        assertThat(systemError.transientCause()).isEqualTo(SendResult.TransientCause.ERROR);
    }
}
