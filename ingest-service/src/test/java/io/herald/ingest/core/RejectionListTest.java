package io.herald.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.ingest.api.Rejection;
import io.herald.schema.RecipientRejection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RejectionListTest {

    private static List<Rejection> rejections(int count, String to, String reason) {
        List<Rejection> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(new Rejection(i, to, reason, "/recipients/" + i + "/to"));
        }
        return list;
    }

    @Test
    void listsEveryRejectionOfAnOrdinaryBatchAsItIs() {
        List<RecipientRejection> listed = RejectionList.of(List.of(
                new Rejection(3, "12", "not a valid phone number", "/recipients/3/to"),
                new Rejection(7, null, "missing variable 'code'", "/recipients/7/vars")));

        assertThat(listed).containsExactly(
                new RecipientRejection(3, "12", "not a valid phone number", "/recipients/3/to"),
                new RecipientRejection(7, null, "missing variable 'code'", "/recipients/7/vars"));
        assertThat(RejectionList.of(List.of())).isEmpty();
    }

    @Test
    void listsTheFirstThousand() {
        List<RecipientRejection> listed = RejectionList.of(rejections(5000, "+4712", "not a valid phone number"));

        assertThat(listed).hasSize(RejectionList.MAX_LISTED);
        assertThat(listed.get(999).getIndex()).isEqualTo(999);
    }

    @Test
    void cutsLongTextsAndStopsAtTheByteBudget() {
        // 4-byte and 2-byte characters: each rejection keeps 64 + 200 characters, about 550 bytes
        String emoji = "\uD83D\uDE00";
        List<RecipientRejection> listed = RejectionList.of(rejections(1000, emoji.repeat(500), "é".repeat(1000)));

        RecipientRejection first = listed.get(0);
        assertThat(first.getTo()).hasSize(RejectionList.MAX_TO_CHARS + 1).endsWith(emoji + "…");
        assertThat(first.getReason()).hasSize(RejectionList.MAX_TEXT_CHARS + 1).endsWith("é…");
        long bytes = listed.stream().mapToLong(r -> r.getTo().getBytes(StandardCharsets.UTF_8).length
                + r.getReason().getBytes(StandardCharsets.UTF_8).length
                + r.getPointer().getBytes(StandardCharsets.UTF_8).length).sum();
        assertThat(bytes).isLessThanOrEqualTo(RejectionList.MAX_LISTED_BYTES);
        assertThat(listed.size()).isLessThan(1000).isGreaterThan(200);
    }

    @Test
    void neverCutsASurrogatePair() {
        String to = "a" + "\uD83D\uDE00".repeat(40);

        String kept = RejectionList.of(List.of(new Rejection(0, to, "bad", "/recipients/0/to"))).get(0).getTo();

        assertThat(kept).endsWith("…");
        assertThat(Character.isHighSurrogate(kept.charAt(kept.length() - 2))).isFalse();
        assertThat(kept.length()).isEqualTo(RejectionList.MAX_TO_CHARS);
    }
}
