package io.herald.dispatcher.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The expiry index's keys sort by time: the same keys as {@code %013d}, written without a formatter. */
class ExpiryIndexTest {

    @Test
    void keysAreTheKindAndTheTimeZeroPaddedToThirteenDigits() {
        assertThat(ExpiryIndex.indexKey('s', 1_765_115_700_123L)).isEqualTo("s|1765115700123|");
        assertThat(ExpiryIndex.indexKey('r', 42)).isEqualTo("r|0000000000042|");
        assertThat(ExpiryIndex.indexKey('s', -5)).isEqualTo("s|0000000000000|");
        for (long ms : new long[] {0, 7, 999_999_999_999L, 9_999_999_999_999L, 10_000_000_000_000L}) {
            assertThat(ExpiryIndex.indexKey('s', ms))
                    .isEqualTo("s|" + String.format(Locale.ROOT, "%013d", ms) + "|");
        }
    }

    @Test
    void laterTimesSortAfterEarlierOnes() {
        assertThat(ExpiryIndex.indexKey('s', 99_999)).isLessThan(ExpiryIndex.indexKey('s', 100_000));
        assertThat(ExpiryIndex.indexKey('s', 1_765_115_700_123L)).isLessThan(ExpiryIndex.indexKey('s',
                1_765_115_700_124L));
    }
}
