package io.herald.harness.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChaosResultTest {

    @Test
    void theResultLineHasTheDocumentedShape() {
        // given
        ChaosResult result = new ChaosResult("dispatcher-kill", 20_000, 20_000, 0, 312, 0, 61_234_000_000L, Map.of());

        // then
        assertThat(result.line()).isEqualTo("chaos: scenario=dispatcher-kill accepted=20000 received=20000 lost=0"
                + " duplicates=312 dlq=0 elapsed=61.2s");
    }

    @Test
    void detailsKeepTheirOrderAndAreReadAsNumbers() {
        // given
        Map<String, String> details = new LinkedHashMap<>();
        details.put("kills", "5");
        details.put("maxInFlight", "1000");
        ChaosResult result = new ChaosResult("dispatcher-kill", 1, 1, 0, 0, 0, 0, details);

        // then
        assertThat(result.detailsLine()).isEqualTo("chaos: scenario=dispatcher-kill kills=5 maxInFlight=1000");
        assertThat(result.detail("kills")).isEqualTo(5);
        assertThatThrownBy(() -> result.detail("outageSeconds")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outageSeconds");
    }

    @Test
    void dispatcherKillPutsItsResumeTimeOnTheResultLine() {
        // given a dispatcher-kill result that measured its resume times
        Map<String, String> details = new LinkedHashMap<>();
        details.put("kills", "2");
        details.put("resume", "6.2s");
        details.put("resumes", "6.2s,4.0s");
        ChaosResult result = new ChaosResult("dispatcher-kill", 10, 10, 0, 3, 0, 12_000_000_000L, details);

        // then the line ends with the longest, readable in seconds
        assertThat(result.line()).endsWith(" elapsed=12.0s resume=6.2s");
        assertThat(result.seconds("resume")).isEqualTo(6.2);
        assertThatThrownBy(() -> result.seconds("kills")).isInstanceOf(IllegalArgumentException.class);
    }
}
