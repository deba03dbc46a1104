package io.herald.dispatcher.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GatewayMessageIdsTest {

    @Test
    void canonicalFormIsLowerCaseWithoutLeadingZeros() {
        assertThat(GatewayMessageIds.canonical(" 00A1B2 ")).isEqualTo("a1b2");
        assertThat(GatewayMessageIds.canonical("0000")).isEqualTo("0");
        assertThat(GatewayMessageIds.canonical("msg-01")).isEqualTo("msg-01");
    }

    @Test
    void hexIdIsAlsoFiledInDecimal() {
        // A submit_sm_resp id in hex, as the SMSC simulator and many SMSCs give it.
        assertThat(GatewayMessageIds.forms("00a1b2c3d4", true)).containsExactly("a1b2c3d4", "2712847316");
    }

    @Test
    void decimalIdIsAlsoFiledInHexAndAsHexReadInDecimal() {
        assertThat(GatewayMessageIds.forms("2712847316", true))
                .containsExactly("2712847316", "167814394646", "a1b2c3d4");
    }

    @Test
    void receiptInDecimalMatchesHexSubmissionAndBack() {
        String hexSubmit = "00a1b2c3d4";
        String decimalReceipt = "2712847316";
        assertThat(GatewayMessageIds.forms(hexSubmit, true)).contains(GatewayMessageIds.canonical(decimalReceipt));
        assertThat(GatewayMessageIds.forms(decimalReceipt, true)).contains(GatewayMessageIds.canonical("A1B2C3D4"));
    }

    @Test
    void withoutConversionOnlyTheCanonicalForm() {
        assertThat(GatewayMessageIds.forms("00A1B2", false)).containsExactly("a1b2");
    }

    @Test
    void opaqueIdsAreNotConverted() {
        assertThat(GatewayMessageIds.forms("3f2b-11ee-be56", true)).containsExactly("3f2b-11ee-be56");
    }
}
