package io.herald.dispatcher.schedule;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import io.herald.schema.QuietHours;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * When a message with quiet hours may be sent: the daily window {@code start}–{@code end} (local times, {@code HH:mm};
 * over midnight when {@code end} is before {@code start}) in the recipient's time zone, which comes from the E.164
 * number through libphonenumber's {@link PhoneNumberToTimeZonesMapper}. A number whose prefix spans several zones
 * (the United States' +1 800, Russia's +7 …) gets the most restrictive: the message goes only at a time outside the
 * window in every one of them (if their windows together cover the whole day, as an 11-hour window on +1 800's zones
 * from Guam to Honolulu does, there is no such time: it then goes when the window ends in one of them, at most a day
 * on). A number the mapper knows no zone for is sent at once (its zone cannot be told).
 *
 * <p>Times are computed with {@link ZonedDateTime}, so a window's end on a day of a daylight-saving change is that
 * day's local time; a window end that does not exist that day (skipped by a change) is the first local time after it.
 */
public final class QuietHoursWindow {

    private static final String UNKNOWN_ZONE = "Etc/Unknown";
    /** Zones chase each other at most this many times (several zones whose windows together cover the day). */
    private static final int MAX_ROUNDS = 16;

    private QuietHoursWindow() {
    }

    /**
     * @param recipient an E.164 number, e.g. {@code +4791234567}
     * @return the number's time zones (one or more), or an empty list if the number or its zone is unknown
     */
    public static List<ZoneId> zones(String recipient) {
        Phonenumber.PhoneNumber number;
        try {
            number = PhoneNumberUtil.getInstance().parse(recipient, null);
        } catch (NumberParseException e) {
            return List.of();
        }
        List<ZoneId> zones = new ArrayList<>();
        for (String id : PhoneNumberToTimeZonesMapper.getInstance().getTimeZonesForNumber(number)) {
            if (!UNKNOWN_ZONE.equals(id)) {
                try {
                    zones.add(ZoneId.of(id));
                } catch (DateTimeException e) {
                    // a zone id the JDK does not know: that zone is left out
                }
            }
        }
        return zones;
    }

    /**
     * @param window the quiet hours
     * @param zones the recipient's time zones ({@link #zones})
     * @param now the current time
     * @return the first time, not before {@code now}, outside the window in every zone: {@code now} itself when
     *     none of them is in it
     * @throws DateTimeException if a time of the window is not {@code HH:mm}
     */
    public static Instant sendableAt(QuietHours window, List<ZoneId> zones, Instant now) {
        LocalTime start = LocalTime.parse(window.getStart());
        LocalTime end = LocalTime.parse(window.getEnd());
        Instant at = now;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Instant moved = at;
            for (ZoneId zone : zones) {
                moved = outside(start, end, moved.atZone(zone)).toInstant();
            }
            if (moved.equals(at)) {
                return at;
            }
            at = moved;
        }
        return at;
    }

    /** @return {@code time} if it is outside the window, else the window's end (today's or tomorrow's) */
    private static ZonedDateTime outside(LocalTime start, LocalTime end, ZonedDateTime time) {
        LocalTime local = time.toLocalTime();
        boolean overMidnight = end.isBefore(start);
        boolean inside = overMidnight ? !local.isBefore(start) || local.isBefore(end)
                : !local.isBefore(start) && local.isBefore(end);
        if (!inside) {
            return time;
        }
        ZonedDateTime endToday = time.with(end).withSecond(0).withNano(0);
        return endToday.isAfter(time) ? endToday : time.toLocalDate().plusDays(1).atTime(end).atZone(time.getZone());
    }
}
