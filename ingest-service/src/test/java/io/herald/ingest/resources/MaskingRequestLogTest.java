package io.herald.ingest.resources;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The request log's path masking (the whole request log is checked on real parts by {@code LogPrivacyIT}). */
class MaskingRequestLogTest {

    @Test
    void shouldMaskTheRecipientOfASuppressionPath() {
        assertThat(MaskingRequestLog.maskedPath("/v1/suppressions/%2B4791234567"))
                .isEqualTo("/v1/suppressions/+47912****67");
        assertThat(MaskingRequestLog.maskedPath("/v1/suppressions/Ola.Nordmann%40Example.com"))
                .isEqualTo("/v1/suppressions/O***@Example.com");
        assertThat(MaskingRequestLog.maskedPath("/v1/suppressions/91234567")).doesNotContain("91234567");
        assertThat(MaskingRequestLog.maskedPath("/v1/suppressions/%zz4791234567")).isEqualTo("/v1/suppressions/****");
        assertThat(MaskingRequestLog.maskedPath("/v1/suppressions/")).isEqualTo("/v1/suppressions/****");
    }
}
