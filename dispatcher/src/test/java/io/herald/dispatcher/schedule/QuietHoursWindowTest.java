package io.herald.dispatcher.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.schema.QuietHours;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Quiet hours in the recipient's time zone, from the number (libphonenumber's time-zone mapper). */
class QuietHoursWindowTest {

    private static final QuietHours NIGHT = new QuietHours("21:00", "08:00");

    private static boolean quiet(QuietHours window, ZoneId zone, Instant at) {
        LocalTime local = at.atZone(zone).toLocalTime();
        LocalTime start = LocalTime.parse(window.getStart());
        LocalTime end = LocalTime.parse(window.getEnd());
        return end.isBefore(start) ? !local.isBefore(start) || local.isBefore(end)
                : !local.isBefore(start) && local.isBefore(end);
    }

    @Test
    void aNorwegianNumberWaitsForEightInTheMorningInOslo() {
        List<ZoneId> zones = QuietHoursWindow.zones("+4791234567");
        assertThat(zones).contains(ZoneId.of("Europe/Oslo"));
        // 22:30 in Oslo (winter, UTC+1): quiet until 08:00 the next morning
        assertThat(QuietHoursWindow.sendableAt(NIGHT, zones, Instant.parse("2025-01-01T21:30:00Z")))
                .isEqualTo(Instant.parse("2025-01-02T07:00:00Z"));
        // 03:00: the same morning
        assertThat(QuietHoursWindow.sendableAt(NIGHT, zones, Instant.parse("2025-01-02T02:00:00Z")))
                .isEqualTo(Instant.parse("2025-01-02T07:00:00Z"));
        // 13:00: at once
        assertThat(QuietHoursWindow.sendableAt(NIGHT, zones, Instant.parse("2025-01-01T12:00:00Z")))
                .isEqualTo(Instant.parse("2025-01-01T12:00:00Z"));
        // a window within one day: 12:00-14:00 at 13:00 waits until 14:00
        assertThat(QuietHoursWindow.sendableAt(new QuietHours("12:00", "14:00"), zones,
                Instant.parse("2025-01-01T12:00:00Z"))).isEqualTo(Instant.parse("2025-01-01T13:00:00Z"));
        // summer time: 08:00 in Oslo is 06:00 UTC
        assertThat(QuietHoursWindow.sendableAt(NIGHT, zones, Instant.parse("2025-07-01T21:00:00Z")))
                .isEqualTo(Instant.parse("2025-07-02T06:00:00Z"));
    }

    @Test
    void aNumberOfSeveralZonesWaitsUntilItIsDaytimeInAllOfThem() {
        List<ZoneId> zones = QuietHoursWindow.zones("+79161234567");
        assertThat(zones).contains(ZoneId.of("Europe/Moscow"), ZoneId.of("Asia/Vladivostok"));
        // 19:00 in Moscow is 02:00 in Vladivostok: quiet there
        Instant now = Instant.parse("2025-01-01T16:00:00Z");
        Instant sendable = QuietHoursWindow.sendableAt(NIGHT, zones, now);
        assertThat(sendable).isAfter(now);
        for (ZoneId zone : zones) {
            assertThat(quiet(NIGHT, zone, sendable)).as("quiet in %s at %s", zone, sendable).isFalse();
        }
        // and it is the first such time: a minute before, some zone is still quiet
        assertThat(zones).anyMatch(zone -> quiet(NIGHT, zone, sendable.minusSeconds(60)));
    }

    @Test
    void aNumberWithoutAKnownZoneGoesAtOnce() {
        assertThat(QuietHoursWindow.zones("+999123")).isEmpty();
        assertThat(QuietHoursWindow.zones("not a number")).isEmpty();
        Instant now = Instant.parse("2025-01-01T23:00:00Z");
        assertThat(QuietHoursWindow.sendableAt(NIGHT, List.of(), now)).isEqualTo(now);
    }

    @Test
    void aWindowEndSkippedByTheClocksGoingForwardIsTheFirstTimeAfterIt() {
        // New York, 9 March 2025: 02:00 EST became 03:00 EDT; a window 01:00-02:30 at 01:30 ends at 03:30 EDT
        List<ZoneId> newYork = List.of(ZoneId.of("America/New_York"));
        Instant sendable = QuietHoursWindow.sendableAt(new QuietHours("01:00", "02:30"), newYork,
                Instant.parse("2025-03-09T06:30:00Z"));
        assertThat(sendable).isEqualTo(Instant.parse("2025-03-09T07:30:00Z"));
    }
}
