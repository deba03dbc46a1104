package io.herald.dispatcher.send.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.dispatcher.MovableClock;
import io.herald.dispatcher.send.SendResult;
import io.herald.dispatcher.send.SendResult.TransientCause;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The circuit breaker's rules for gateway results, with a clock the test moves. */
class GatewayCircuitTest {

    private static final SendResult NOT_BOUND = SendResult.transientFailure(TransientCause.GATEWAY_UNAVAILABLE,
            "SMPP_NOT_BOUND", "no bound SMPP session");
    private static final SendResult THROTTLED = SendResult.transientFailure(TransientCause.THROTTLED,
            "ESME_RTHROTTLED", "throttled");
    private static final SendResult ACCEPTED = SendResult.accepted(List.of("gw-1"));

    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final GatewayCircuit circuit = new GatewayCircuit(new GatewayCircuit.Settings(50, 20, 5, 1000, 3), clock);

    /** A clock the test moves. */

    private void send(SendResult result) {
        assertThat(circuit.tryAcquire()).isTrue();
        circuit.record(result, 1_000_000);
    }

    @Test
    void opensWhenTheGatewayIsUnavailableAndPermitsNoSendWhileOpen() {
        // given a closed circuit
        assertThat(circuit.isClosed()).isTrue();
        // when five sends in a row find no bound session
        for (int i = 0; i < 5; i++) {
            send(NOT_BOUND);
        }
        // then it is open and refuses sends
        assertThat(circuit.isOpen()).isTrue();
        assertThat(circuit.state()).isEqualTo("OPEN");
        assertThat(circuit.tryAcquire()).isFalse();
    }

    @Test
    void probesAfterTheOpenWaitAndClosesWhenTheProbesReachTheGateway() {
        // given an open circuit
        for (int i = 0; i < 5; i++) {
            send(NOT_BOUND);
        }
        // when the open wait passes
        clock.now = clock.now.plusMillis(1001);
        // then it is no longer open (a paused poll loop resumes) and permits exactly three probes
        assertThat(circuit.isOpen()).isFalse();
        assertThat(circuit.state()).isEqualTo("HALF_OPEN");
        assertThat(circuit.tryAcquire()).isTrue();
        assertThat(circuit.tryAcquire()).isTrue();
        assertThat(circuit.tryAcquire()).isTrue();
        assertThat(circuit.tryAcquire()).isFalse();
        // when the probes are accepted
        for (int i = 0; i < 3; i++) {
            circuit.record(ACCEPTED, 1_000_000);
        }
        // then it is closed
        assertThat(circuit.isClosed()).isTrue();
    }

    @Test
    void failedProbesOpenItAgain() {
        // given a half-open circuit
        for (int i = 0; i < 5; i++) {
            send(NOT_BOUND);
        }
        clock.now = clock.now.plusMillis(1001);
        assertThat(circuit.isOpen()).isFalse();
        // when the probes find the gateway still unavailable
        for (int i = 0; i < 3; i++) {
            send(NOT_BOUND);
        }
        // then it is open again
        assertThat(circuit.isOpen()).isTrue();
    }

    @Test
    void throttlingAndPermanentRefusalsNeverOpenIt() {
        // when the gateway throttles and refuses, many times
        for (int i = 0; i < 50; i++) {
            send(THROTTLED);
            send(SendResult.permanentFailure("ESME_RINVDSTADR", "invalid destination address"));
        }
        // then the circuit stays closed
        assertThat(circuit.isClosed()).isTrue();
    }
}
