package io.herald.ingest.core;

import io.herald.ingest.api.Rejection;
import io.herald.schema.RecipientRejection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The rejected recipients a REST batch's intake record carries ({@code BatchIntake.rejections}), for
 * {@code GET /v1/batches/{id}/rejected}: the first ones in index order, bounded so that the record stays far below
 * Kafka's default 1 MiB limit whatever the client sent.
 */
public final class RejectionList {

    /** The most rejections listed per batch; the batch's {@code rejected} counts them all. */
    public static final int MAX_LISTED = 1000;
    /** The most text listed per batch (UTF-8 bytes of {@code to}, {@code reason} and {@code pointer}): 256 KiB. */
    public static final int MAX_LISTED_BYTES = 256 * 1024;
    /** The longest {@code to} kept, in characters (an ellipsis follows a longer one's cut). */
    public static final int MAX_TO_CHARS = 64;
    /** The longest {@code reason} or {@code pointer} kept, in characters. */
    public static final int MAX_TEXT_CHARS = 200;

    private RejectionList() {
    }

    /**
     * @param rejections a batch's rejected recipients, in index order (as {@link PreparedBatch#rejections()} has
     *     them)
     * @return the first of them, at most {@value #MAX_LISTED} and {@value #MAX_LISTED_BYTES} bytes of text, each
     *     text cut as the constants say; empty if there are none
     */
    public static List<RecipientRejection> of(List<Rejection> rejections) {
        List<RecipientRejection> listed = new ArrayList<>(Math.min(rejections.size(), MAX_LISTED));
        long bytes = 0;
        for (Rejection rejection : rejections) {
            if (listed.size() == MAX_LISTED) {
                break;
            }
            RecipientRejection kept = new RecipientRejection(rejection.index(), cut(rejection.to(), MAX_TO_CHARS),
                    cut(rejection.reason() == null ? "" : rejection.reason(), MAX_TEXT_CHARS),
                    cut(rejection.pointer(), MAX_TEXT_CHARS));
            bytes += utf8(kept.getTo()) + utf8(kept.getReason()) + utf8(kept.getPointer());
            if (bytes > MAX_LISTED_BYTES) {
                break;
            }
            listed.add(kept);
        }
        return listed;
    }

    private static String cut(String text, int chars) {
        if (text == null || text.length() <= chars) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(chars - 1)) ? chars - 1 : chars;
        return text.substring(0, end) + "…";
    }

    private static int utf8(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }
}
