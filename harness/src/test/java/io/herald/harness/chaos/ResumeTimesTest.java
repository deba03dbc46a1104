package io.herald.harness.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResumeTimesTest {

    private static final long KILL_MS = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    private static Arrival received(String id, long atMs) {
        return new Arrival(id, "+4790000000", Instant.ofEpochMilli(atMs).toString());
    }

    @Test
    void resumeIsTheFirstArrivalOfTheVictimsPartitionsAfterTheKill() {
        // given a victim that owned partitions 1 and 2, killed at KILL_MS and gone 20 ms later
        ResumeTimes.Kill kill = new ResumeTimes.Kill("dispatcher-1", KILL_MS, KILL_MS + 20, Set.of(1, 2));
        Map<String, Integer> partitionOf = Map.of("before", 1, "ownLastWrite", 2, "other", 3, "first", 2,
                "later", 1);
        // when the simulator received: one before the kill, the victim's last write right after it, another
        // partition's message, then the victim's partitions again
        List<Arrival> messages = List.of(received("before", KILL_MS - 500), received("ownLastWrite", KILL_MS + 30),
                received("other", KILL_MS + 1000), received("later", KILL_MS + 9000), received("first", KILL_MS + 6200));

        // then sending resumed 6.2 s after the kill
        assertThat(ResumeTimes.measure(List.of(kill), messages, partitionOf)).containsExactly(OptionalLong.of(6200));
    }

    @Test
    void aKillWithoutKnownPartitionsHasNoResumeTime() {
        ResumeTimes.Kill kill = new ResumeTimes.Kill("dispatcher-2", KILL_MS, KILL_MS, Set.of());
        assertThat(ResumeTimes.measure(List.of(kill), List.of(received("a", KILL_MS + 5000)), Map.of("a", 0)))
                .containsExactly(OptionalLong.empty());
    }
}
