package io.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.harness.ingest.Recipient;
import io.herald.local.SmscMessage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DemoTextCheckTest {

    private static SmscMessage received(String text, int dataCoding, List<String> anomalies) {
        return new SmscMessage("id", List.of("s"), "4790000000", "HERALD", text, 1, dataCoding,
                "2026-01-01T00:00:00Z", "none", anomalies);
    }

    @Test
    void countsOnlyAcceptedUcs2RowsAndThoseThatArrivedExactlyAsUcs2WithoutAnomalies() {
        // given a GSM row, three UCS-2 rows (one rejected by ingest) and what the simulator got
        String template = "Hi {{name}}, code {{ code }}";
        List<Recipient> rows = List.of(
                new Recipient("+4791234567", Map.of("name", "Åse", "code", "1")),
                new Recipient("+306900000000", Map.of("name", "Νίκος", "code", "2")),
                new Recipient("+8613800000000", Map.of("name", "刘伟", "code", "3")),
                new Recipient("bad", Map.of("name", "يوسف", "code", "4")),
                new Recipient("+201200000000", Map.of("name", "يوسف 😀", "code", "5")));
        List<SmscMessage> received = List.of(
                received("Hi Åse, code 1", 0, List.of()),
                received("Hi Νίκος, code 2", 8, List.of()),
                received("Hi 刘伟, code 3", 8, List.of("part 1 ends with a high surrogate: a surrogate pair is split")),
                received("Hi يوسف 😀, code ", 8, List.of()));

        // when
        DemoTextCheck.Result result = DemoTextCheck.check(template, rows, Set.of(3), received);

        // then 3 accepted UCS-2 rows; only Νίκος arrived exactly and clean (刘伟 has an anomaly, the emoji row's text
        // lost its code)
        assertThat(result).isEqualTo(new DemoTextCheck.Result(3, 1));
    }

    @Test
    void rendersPlaceholdersWithOrWithoutSpaces() {
        // given / when / then
        assertThat(DemoTextCheck.render("Hi {{name}}, {{ code }}!", Map.of("name", "Ola", "code", "$1")))
                .isEqualTo("Hi Ola, $1!");
    }
}
