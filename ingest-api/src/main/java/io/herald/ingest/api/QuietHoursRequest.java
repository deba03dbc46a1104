package io.herald.ingest.api;

import java.util.regex.Pattern;

/**
 * A batch's quiet hours: a daily window, in each recipient's local time (the time zone of the number), in which its
 * SMS are not sent; they wait for the window's end. SMS only.
 *
 * @param start the local time the window starts, {@code HH:mm} (24 h), e.g. {@code 21:00}
 * @param end the local time it ends, {@code HH:mm}, e.g. {@code 08:00}; before {@code start} for a window over
 *     midnight; not equal to {@code start}
 */
public record QuietHoursRequest(String start, String end) {

    /** A local time {@code HH:mm}, 00:00 to 23:59. */
    private static final Pattern LOCAL_TIME = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");

    /**
     * @param time a {@code start} or {@code end}, may be null
     * @return whether it is a local time {@code HH:mm}, 00:00 to 23:59
     */
    public static boolean isLocalTime(String time) {
        return time != null && LOCAL_TIME.matcher(time).matches();
    }
}
